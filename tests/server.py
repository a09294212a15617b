"""A real `cancu serve` on a free loopback port, for the tests (API, graph pages, Virtuoso's ports)
and bench/api.py; one place, so every live server logs to a file and is waited for the same way."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, port: int, env: dict[str, str] | None = None, *, wait: float = 60) -> subprocess.Popen[bytes]:
    """`cancu serve` in a process of its own, once it answers.

    :raises RuntimeError: if the server stops, or does not answer within `wait` seconds.
    """
    cancu = Path(sys.executable).with_name("cancu")
    # the log goes to a file: a pipe nobody reads fills up with access lines and blocks the server
    log = store.parent / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([str(cancu), "serve", "--port", str(port), "--store", str(store)],
                                env=os.environ | (env or {}), stdout=fh, stderr=fh)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"cancu serve stopped: {log.read_text(errors='replace')}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"cancu serve did not answer within {wait:.0f} s")
