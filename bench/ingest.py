"""Ingest throughput into the embedded store, and query time against plain in-memory rdflib.

    python bench/ingest.py [--copies 7] [--workers 1] [--rounds 5] [PATH ...]

The documents (by default the repository's samples/, 15 files, ~0.3 MB) are copied N
times under distinct names, so that the batch is N times as many files and graphs
(the default gives more than 2 MB).  Then, in this process:

1. ingest: extraction and graph building alone (the floor any store adds to), then the
   same files into a fresh `OxigraphStore` on disk and into a `MemoryStore` (rdflib);
2. queries on the graph that step 1 built, the same text on every engine: the embedded
   store (pyoxigraph), the rdflib `Dataset` view of it (oxrdflib) and plain in-memory
   rdflib.  Answers are checked to agree; times are medians of `--rounds` runs.

When Virtuoso is installed (`virtuoso-t`), a private instance on loopback (the one the
tests start, tests/kg/virtuoso.py) adds a column: the same ingest into a `SparqlStore`,
a `bulk_load` of the embedded store's N-Quads export, and the same queries over HTTP.

Prints a table and ratios, as bench/extract.py does.
"""
from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kg.build import build_graph
from kg.ingest import content_hash, ingest
from kg.resolve import Resolver
from kg.sparqlstore import SparqlStore
from kg.store import PREFIXES, MemoryStore, OxigraphStore, Store, open_store
from loaders import extract_paths
from loaders.model import Extraction
from loaders.read import iter_paths

HERE = Path(__file__).resolve().parent.parent
DEFAULT = [HERE / "samples"]
sys.path.insert(0, str(HERE))  # the Virtuoso launcher lives with the tests
from tests.kg.virtuoso import Virtuoso, available  # noqa: E402

_HEAD = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
# The document whose legal basis is traced is the one with the longest chain (found on the store).
DEEPEST = _HEAD + """SELECT ?doc (COUNT(DISTINCT ?b) AS ?n) WHERE { ?doc (cancu:basedOn|cancu:implements)+ ?b }
GROUP BY ?doc ORDER BY DESC(?n) ?doc LIMIT 1"""
QUERIES = {
    "legal-basis trace (property path)":
        _HEAD + "SELECT DISTINCT ?basis WHERE {{ <{doc}> (cancu:basedOn|cancu:implements)+ ?basis }}",
    "conflicts (GROUP BY/HAVING)":
        _HEAD + """SELECT ?task (COUNT(DISTINCT ?agency) AS ?leads) WHERE {{
  ?a cancu:role cancu:Lead ; cancu:task ?task ; cancu:assignedTo ?agency }}
GROUP BY ?task HAVING (COUNT(DISTINCT ?agency) > 1)""",
    "count documents per type":
        _HEAD + "SELECT ?type (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a cancu:LegalDocument ; cancu:documentType ?type }} GROUP BY ?type",
}


def _copies(paths: list[Path], n: int, into: Path) -> list[Path]:
    files = list(iter_paths(paths))
    out = []
    for i in range(n):
        for f in files:
            target = into / f"copy{i:03d}_{f.name}"
            shutil.copyfile(f, target)
            out.append(target)
    return out


def _timed(fn: Callable[[], object], rounds: int) -> tuple[float, object]:
    """Median seconds of `rounds` runs of `fn`, and its last answer."""
    times, answer = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        answer = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), answer


def _build_only(files: list[Path]) -> int:
    exs = [ex for _, ex in extract_paths(files) if isinstance(ex, Extraction)]
    resolve = Resolver(exs)
    return sum(len(build_graph(ex, path=ex.source.path, content_hash=content_hash(ex.source.path), resolve=resolve)[1]) for ex in exs)


def _ingest_into(store: Store, files: list[Path], workers: int) -> float:
    t0 = time.perf_counter()
    report = ingest(files, store, workers=workers)
    if report.failed:
        raise SystemExit(f"ingest failed on {len(report.failed)} files: {report.failed[:3]}")
    return time.perf_counter() - t0


def _answer(rows: object) -> object:
    """An answer in a form every engine gives the same way: a sorted list of string tuples."""
    if isinstance(rows, bool):
        return rows
    return sorted(tuple(str(v) for v in (r.values() if isinstance(r, dict) else r)) for r in rows)  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--copies", type=int, default=7, help="how many times the documents are copied (7 x samples/ > 2 MB)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5, help="runs of each query (median)")
    args = ap.parse_args(argv)
    if not all(p.exists() for p in args.paths):
        raise SystemExit(f"no documents at {', '.join(map(str, args.paths))}: run from a checkout of the repository")

    with tempfile.TemporaryDirectory(prefix="cancu-bench-") as tmp, contextlib.ExitStack() as stack:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        files = _copies(args.paths, args.copies, docs)
        mb = sum(f.stat().st_size for f in files) / 1e6
        list(extract_paths(files[:1]))  # load gazetteers and the pipeline once

        t0 = time.perf_counter()
        triples = _build_only(files)
        t_build = time.perf_counter() - t0
        ox = OxigraphStore(Path(tmp) / "kg")
        t_ox = _ingest_into(ox, files, args.workers)
        mem = MemoryStore()
        t_mem = _ingest_into(mem, files, args.workers)
        quads = ox.count()
        assert quads == mem.count(), (quads, mem.count())
        server = stack.enter_context(Virtuoso(Path(tmp) / "virtuoso")) if available() else None  # stopped on any exit
        remote: SparqlStore | None = None
        timings = [("extract + build only (no store)", t_build),
                   ("ingest into OxigraphStore (on disk)", t_ox),
                   ("ingest into MemoryStore (rdflib Dataset)", t_mem)]
        if server is not None:
            remote = stack.enter_context(open_store(server.spec))  # type: ignore[arg-type]
            timings.append(("ingest into SparqlStore (Virtuoso, loopback)", _ingest_into(remote, files, args.workers)))
            assert remote.count() == quads, (remote.count(), quads)
            ox.export("nq", Path(tmp) / "all.nq")
            t0 = time.perf_counter()
            remote.bulk_load(Path(tmp) / "all.nq")
            timings.append(("bulk_load N-Quads into Virtuoso (no extract)", time.perf_counter() - t0))

        print(f"{len(files)} documents ({args.copies} copies of {len(files) // args.copies}), {mb:.2f} MB, "
              f"{quads:,} quads in {len(ox.graphs())} graphs, workers={args.workers}")
        print(f"{'ingest':46s} {'seconds':>8s} {'docs/s':>8s} {'MB/s':>7s} {'quads/s':>9s} {'vs memory':>9s}")
        for name, sec in timings:
            print(f"{name:46s} {sec:8.2f} {len(files) / sec:8.1f} {mb / sec:7.2f} {triples / sec:9,.0f} {t_mem / sec:8.2f}x")

        deepest = ox.query(DEEPEST)
        assert isinstance(deepest, list) and deepest
        doc = deepest[0]["doc"]
        view = ox.dataset()
        print()
        print(f"query (same graph; legal basis of <{doc}>), median of {args.rounds}")
        if server is None:
            print("(no Virtuoso column: virtuoso-t is not installed)")
        print(f"{'query':36s} {'oxigraph':>10s} {'oxrdflib':>10s} {'rdflib':>10s} {'virtuoso':>10s} {'rdflib/oxigraph':>16s} {'same answer':>12s}")
        for name, template in QUERIES.items():
            q = template.format(doc=doc)
            t_o, a_o = _timed(lambda q=q: ox.query(q), args.rounds)
            t_v, a_v = _timed(lambda q=q: list(view.query(q)), args.rounds)
            t_r, a_r = _timed(lambda q=q: mem.query(q), args.rounds)
            same = _answer(a_o) == _answer(a_r) == _answer([tuple(r) for r in a_v])  # type: ignore[union-attr]
            virtuoso = "-"
            if remote is not None:
                t_s, a_s = _timed(lambda q=q: remote.query(q), args.rounds)  # type: ignore[union-attr]
                same = same and _answer(a_s) == _answer(a_o)
                virtuoso = f"{t_s * 1e3:8.2f}ms"
            print(f"{name:36s} {t_o * 1e3:8.2f}ms {t_v * 1e3:8.2f}ms {t_r * 1e3:8.2f}ms {virtuoso:>10s} {t_r / t_o:15.1f}x {'yes' if same else 'NO':>12s}")
        ox.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
