"""How cancu scales with the size of the corpus: synthetic corpora of 1k and 10k documents (100k with --full).

    nice -n 10 python bench/scale.py [--sizes 1000 10000] [--full] [--runs ox1 ox2 mem] [--seed 7] [--workdir DIR]

For each size, bench/corpus.py writes the corpus, then:

1. extraction, in this process, one core: MB of text per second over every file;
2. `cancu ingest DIR --workers 1` and `--workers 2` into a fresh embedded Oxigraph store,
   and `--workers 1` into `--store memory:` (plain in-memory rdflib, the baseline), each a
   child process watched every 0.2 s: wall time, documents per second, peak RSS of the
   process and its workers together, and the size of the store on disk.

Prints one table per size and ratios against the baseline (the first run when the baseline
is left out with --runs), then a summary per 10k documents (seconds, store size) beside the
peak RSS, which stays flat when ingest scales linearly.  The store size is what ingest
leaves on disk, its write-ahead log included.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import write_corpus  # bench/ is on the path when this runs as a script

from loaders import extract_paths
from loaders.read import iter_paths

try:
    import psutil
except ImportError:  # not a dependency of cancu itself
    raise SystemExit("bench/scale.py watches the ingest processes with psutil: pip install psutil") from None

CANCU = Path(sys.executable).with_name("cancu")


@dataclass(frozen=True)
class Run:
    name: str
    seconds: float
    peak_rss: int  # bytes, the process and its children summed
    store_bytes: int


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # a worker that ended between the listing and the reading
    return total


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def _ingest(name: str, corpus: Path, store: str, workers: int) -> Run:
    """`cancu ingest` in a child process, its wall time and the peak RSS of its process tree."""
    cmd = [str(CANCU), "ingest", str(corpus), "--workers", str(workers), "--store", store, "-q"]
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc))
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        err = proc.stderr.read().decode("utf-8", "replace")[-2000:] if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
    return Run(name, seconds, peak, 0 if store == "memory:" else _du(Path(store)))


def _extract_rate(corpus: Path) -> tuple[float, float]:
    """Seconds to extract every file here, one process, and the MB of UTF-8 text they hold."""
    files = list(iter_paths([corpus]))
    list(extract_paths(files[:1]))  # load gazetteers and the pipeline once
    mb = sum(f.stat().st_size for f in files) / 1e6
    t0 = time.perf_counter()
    for _ in extract_paths(files):
        pass
    return time.perf_counter() - t0, mb


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def bench_size(n: int, seed: int, work: Path, which: list[str]) -> list[Run]:
    corpus = work / f"synth{n}"
    if corpus.exists():
        shutil.rmtree(corpus)
    t0 = time.perf_counter()
    counts = write_corpus(corpus, n, seed, truth_max=min(n, 2000))
    t_gen = time.perf_counter() - t0
    (corpus / "truth.json").rename(work / f"truth{n}.json")  # keep the store to the documents
    t_ex, mb = _extract_rate(corpus)
    runs = []
    plan = {"ox1": ("ingest oxigraph --workers 1", work / f"ox1-{n}", 1),
            "ox2": ("ingest oxigraph --workers 2", work / f"ox2-{n}", 2),
            "mem": ("ingest memory: --workers 1 (baseline)", "memory:", 1)}
    for name, store, workers in (plan[r] for r in which):
        if isinstance(store, Path) and store.exists():
            shutil.rmtree(store)
        runs.append(_ingest(name, corpus, str(store), workers))
        if isinstance(store, Path):
            shutil.rmtree(store)
    base = runs[-1] if "mem" in which else runs[0]
    print(f"\n{n:,} documents, {mb:.1f} MB (generated in {t_gen:.1f} s, {counts['bytes'] / 1e6 / t_gen:.1f} MB/s)")
    print(f"{'step':40s} {'seconds':>9s} {'docs/s':>8s} {'MB/s':>6s} {'vs base':>8s} {'peak RSS':>10s} {'store':>9s}")
    print(f"{'extract, one process (no store)':40s} {t_ex:9.1f} {n / t_ex:8.1f} {mb / t_ex:6.2f} {base.seconds / t_ex:7.2f}x {'':>10s} {'':>9s}")
    for r in runs:
        print(f"{r.name:40s} {r.seconds:9.1f} {n / r.seconds:8.1f} {mb / r.seconds:6.2f} {base.seconds / r.seconds:7.2f}x "
              f"{_mb(r.peak_rss):>10s} {_mb(r.store_bytes) if r.store_bytes else '-':>9s}")
    return runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--full", action="store_true", help="add 100k documents")
    ap.add_argument("--runs", nargs="+", choices=["ox1", "ox2", "mem"], default=["ox1", "ox2", "mem"],
                    help="which ingests: oxigraph with 1 or 2 workers, memory: (the baseline)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=None, help="where corpora and stores go (a temporary folder by default)")
    args = ap.parse_args(argv)
    sizes = [*args.sizes, *([100_000] if args.full else [])]
    with tempfile.TemporaryDirectory(prefix="cancu-scale-", dir=args.workdir) as tmp:
        results = {n: bench_size(n, args.seed, Path(tmp), args.runs) for n in sizes}
    print("\nper 10k documents (flat when ingest scales linearly), beside the peak RSS of the whole run")
    print(f"{'documents':>10s} {'step':40s} {'peak RSS':>10s} {'store/10k':>9s} {'s / 10k':>8s}")
    for n, runs in results.items():
        for r in runs:
            k = 10_000 / n
            print(f"{n:10,d} {r.name:40s} {_mb(r.peak_rss):>10s} {_mb(r.store_bytes * k) if r.store_bytes else '-':>9s} {r.seconds * k:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
