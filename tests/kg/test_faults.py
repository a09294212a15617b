"""Ingest under faults: a full disk, a read-only store, two writers at once, a corrupt store.

Each test names the protection it guards; removing that protection makes it fail.  Kills
in the middle of a write are in test_ingest.py, the lock within one process and a folder
that is not a store in test_store.py.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from kg.ingest import ingest
from kg.store import MARKER, OxigraphStore, StoreError, open_store

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "tests" / "corpus" / "seeds").glob("*.txt"))


def run(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the sha256 of its bytes: to see that nothing changed."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch):
    """Make the store's writes fail with ENOSPC once `allow` more writes have gone through."""
    state = {"allow": 0}
    write = OxigraphStore.replace_graph

    def replace_graph(self, graph, triples):
        if state["allow"] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        state["allow"] -= 1
        write(self, graph, triples)

    monkeypatch.setattr(OxigraphStore, "replace_graph", replace_graph)
    return state


def test_disk_full_during_ingest_keeps_what_was_there(tmp_path: Path, full_disk: dict) -> None:
    # Guards: each graph is one transaction, and ingest turns the write's OSError into a
    # StoreError that names the file and says what the store kept (kg.ingest._ingest_chunk).
    full_disk["allow"] = 10**6
    with OxigraphStore(tmp_path / "kg") as store:
        assert ingest(SEEDS[:2], store).ok
        before = store.count()
    full_disk["allow"] = 1  # the disk fills up after one more graph
    with OxigraphStore(tmp_path / "kg") as store, pytest.raises(StoreError) as info:
        ingest(SEEDS[2:], store)
    message = str(info.value)
    assert SEEDS[3].name in message and "No space left on device" in message and "keeps the 1 file(s)" in message
    with OxigraphStore(tmp_path / "kg", read_only=True) as store:
        written = store.count() - before
        assert written > 0 and len(store.graphs()) == 3  # the two already there and the one written
        assert store.count() == before + written


def test_disk_full_in_the_cli_is_a_message_not_a_traceback(tmp_path: Path, full_disk: dict) -> None:
    # Guards: `cancu ingest` catches the StoreError (api.kg_commands.ingest) and exits 2.
    result = run("ingest", *SEEDS[:2], "--store", tmp_path / "kg")
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, OSError)


def test_a_store_opened_read_only_refuses_ingest_and_stays_as_it_was(tmp_path: Path) -> None:
    # Guards: Store._check_writable.  (Tests run as root, so a chmod-ed folder would not
    # stop the writes; the read-only mode is what cancu's read commands rely on.)
    with OxigraphStore(tmp_path / "kg") as store:
        ingest(SEEDS[:1], store)
    files = snapshot(tmp_path / "kg" / "oxigraph")
    with OxigraphStore(tmp_path / "kg", read_only=True) as store:
        with pytest.raises(StoreError, match="opened read-only"):
            ingest(SEEDS[1:2], store)
        assert len(store.graphs()) == 1
    assert snapshot(tmp_path / "kg" / "oxigraph").keys() == files.keys()


def test_two_ingest_processes_one_store(tmp_path: Path) -> None:
    # Guards: the store's flock (kg.store._DirLock): the second writer is refused at once
    # with the holder's pid, the first goes on to the end.
    store = tmp_path / "kg"
    docs = tmp_path / "docs"
    docs.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, docs)
    first = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from kg.store import open_store\n"
         "from kg.ingest import ingest\n"
         f"s = open_store({str(store)!r})\n"
         "print('locked', flush=True)\n"
         "sys.stdin.readline()  # hold the store until the second writer has been refused\n"
         f"r = ingest([{str(docs)!r}], s)\n"
         "s.close()\n"
         "print(r.summary(), flush=True)\n"],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "locked"
        cancu = [sys.executable, "-c", "from api.cli import app; app()"]  # the `cancu` command
        second = subprocess.run([*cancu, "ingest", str(docs), "--store", str(store)],
                                cwd=REPO, capture_output=True, text=True, timeout=120)
        assert second.returncode == 2, second.stderr
        assert f"in use by a writer (pid {first.pid}" in " ".join((second.stdout + second.stderr).split())
        out, errs = first.communicate("go\n", timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, errs
    assert f"{len(SEEDS)} added" in out
    with OxigraphStore(store, read_only=True) as s:
        assert len(s.graphs()) == len(SEEDS)


@pytest.mark.parametrize("garbage", [b"\x00\x01garbage", b"{not json", b"[1, 2]"], ids=["binary", "broken", "list"])
def test_a_garbage_marker_is_refused_and_left_alone(tmp_path: Path, garbage: bytes) -> None:
    # Guards: kg.store._check_folder reads the marker and never rewrites it.
    with OxigraphStore(tmp_path / "kg") as store:
        ingest(SEEDS[:1], store)
    (tmp_path / "kg" / MARKER).write_bytes(garbage)
    before = snapshot(tmp_path / "kg")
    for read_only in (False, True):
        with pytest.raises(StoreError, match="cancu-store.json|format cancu-store/"):
            open_store(tmp_path / "kg", read_only=read_only)
    result = run("ingest", SEEDS[1], "--store", tmp_path / "kg")
    assert result.exit_code == 2 and "expected" in result.output
    assert snapshot(tmp_path / "kg") == before  # no silent re-creation


def test_garbage_database_files_are_refused_and_left_alone(tmp_path: Path) -> None:
    # Guards: OxigraphStore turns the database's refusal into a StoreError, and does not
    # re-create a database over files it cannot read.
    with OxigraphStore(tmp_path / "kg") as store:
        ingest(SEEDS[:1], store)
    db = tmp_path / "kg" / "oxigraph"
    for f in db.iterdir():
        if f.is_file() and (f.name == "CURRENT" or f.name.startswith("MANIFEST")):
            f.write_bytes(b"\xde\xad\xbe\xef garbage\n")
    before = snapshot(tmp_path / "kg")
    for read_only in (False, True):
        with pytest.raises(StoreError, match="expected an Oxigraph database"):
            open_store(tmp_path / "kg", read_only=read_only)
    result = run("stats", "--store", tmp_path / "kg")
    assert result.exit_code == 2 and "expected an Oxigraph database" in result.output
    # RocksDB rotates its own diagnostic log (oxigraph/LOG*) on every attempt to open: the
    # data (CURRENT, MANIFEST, tables, write-ahead log) must be as it was
    def data(files: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in files.items() if k != "cancu.lock" and not Path(k).name.startswith("LOG")}

    assert data(snapshot(tmp_path / "kg")) == data(before)
