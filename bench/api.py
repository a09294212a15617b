"""Throughput and latency of GET /trace under concurrent clients, against a `cancu serve` process on loopback.

    python bench/api.py                       # the seed corpus, ingested into a temporary store
    python bench/api.py --store BIG_STORE     # a store of one's own (copied: the server writes to its store)
    python bench/api.py --synthetic 1000000   # a synthetic store of that many triples (bench/queries.py's generator)

Bounded: stops after --requests requests or --seconds seconds, whichever comes first.
Prints a table; never fails a test run.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.queries import fill  # noqa: E402
from kg.ingest import ingest  # noqa: E402
from kg.store import open_store  # noqa: E402
from tests.server import free_port, start_server  # noqa: E402

TARGETS = ["Kế hoạch 169/KH-UBND", "chuyen doi so", "Quyết định 6/QĐ-TTg"]


async def _client(c: httpx.AsyncClient, targets: list[str], stop: float, budget: list[int], lat: list[float],
                  errors: list[str]) -> None:
    i = 0
    while time.monotonic() < stop and budget[0] > 0:
        budget[0] -= 1
        target = targets[i % len(targets)]
        i += 1
        t0 = time.monotonic()
        r = await c.get("/trace", params={"target": target})
        lat.append(time.monotonic() - t0)
        if r.status_code not in (200, 404):
            errors.append(f"{r.status_code} {target}")


async def _run(base: str, targets: list[str], clients: int, requests: int, seconds: float) -> tuple[list[float], list[str], float]:
    lat: list[float] = []
    errors: list[str] = []
    budget = [requests]
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as c:
        t0 = time.monotonic()
        await asyncio.gather(*(_client(c, targets[k::clients] or targets, t0 + seconds, budget, lat, errors)
                               for k in range(clients)))
        return lat, errors, time.monotonic() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="a store to serve (copied first); default: the seed corpus")
    ap.add_argument("--synthetic", type=int, metavar="TRIPLES", help="serve a synthetic store of this many triples")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cancu-bench-api-") as tmp:
        path = Path(tmp) / "store"
        targets = TARGETS
        if args.store:
            shutil.copytree(args.store, path)
        elif args.synthetic:
            with open_store(path) as s:
                synth, _ = fill([s], args.synthetic, seed=7)
            rng = random.Random(7)
            # traces of tasks (assigning plans up to the decrees, with requests) and of documents
            targets = rng.sample([str(x) for x in synth.tasks], 200) + rng.sample([str(x) for x in synth.docs], 100)
        else:
            with open_store(path) as s:
                ingest([REPO / "tests" / "corpus" / "seeds"], s)
        with open_store(path, read_only=True) as s:
            quads = s.count()
        port = free_port()
        proc = start_server(path, port)
        try:
            lat, errors, wall = asyncio.run(_run(f"http://127.0.0.1:{port}", targets, args.clients, args.requests, args.seconds))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    lat.sort()
    pct = statistics.quantiles(lat, n=100) if len(lat) > 1 else lat * 99
    print(f"{'store quads':>14} {'clients':>8} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"{quads:>14,} {args.clients:>8} {len(lat):>9} {len(errors):>7} {len(lat) / wall:>8.1f} "
          f"{pct[49] * 1000:>8.1f} {pct[98] * 1000:>8.1f}")


if __name__ == "__main__":
    main()
