"""Trace and conflicts latency at 10k, 100k and 1M triples: embedded Oxigraph against plain rdflib.

The graphs come from a seeded generator that writes what `kg.build` writes for real files
(documents with numbers, symbols, dates and jurisdictions; basedOn / implements links from
department plans to provincial plans to national decrees; tasks assigned with roles and
evidence; a few tasks re-led by a later plan and reassignment requests), so the named
queries the answers run meet the same shapes and selectivity as on real data.

    python bench/queries.py                 # 10k and 100k triples
    python bench/queries.py --sizes 10000 100000 1000000 --rounds 50

Prints, per size: p50 and p99 (ms) of `trace_task` (task → assigning plans → up to the
decrees, with requests) and `trace_up` (document → roots), and of `conflicts` over the whole
store, on each backend, and the ratio rdflib / Oxigraph.  rdflib runs fewer rounds at 1M
triples (it is slow there); the rounds each ran are printed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.budget_report import budget_report  # noqa: E402
from kg.build import derived  # noqa: E402
from kg.conflicts import conflicts  # noqa: E402
from kg.iri import ID  # noqa: E402
from kg.namespace import CANCU  # noqa: E402
from kg.queries import query_text  # noqa: E402
from kg.store import MemoryStore, NTriples, OxigraphStore, Store, Triple, open_store  # noqa: E402
from kg.trace import trace_task, trace_up  # noqa: E402

PROVINCES = 34
DEPARTMENTS = ("so-noi-vu", "so-tai-chinh", "so-khoa-hoc-va-cong-nghe", "van-phong-ubnd", "so-y-te", "so-giao-duc")
VERBS = ("Triển khai", "Xây dựng", "Nâng cấp", "Rà soát", "Số hóa", "Tổ chức", "Bồi dưỡng", "Đánh giá")
OBJECTS = ("hệ thống quản lý văn bản", "cơ sở dữ liệu cán bộ", "cổng dịch vụ công", "phần mềm chấm điểm",
           "kho lưu trữ điện tử", "nền tảng họp trực tuyến", "hạ tầng mạng", "an toàn thông tin")


class Synth:
    """A seeded generator of a cancu-shaped graph, cut into one named graph per plan (per file)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.decrees: list[URIRef] = []
        self.province_plans: dict[int, list[URIRef]] = {}
        self.tasks: list[URIRef] = []
        self.docs: list[URIRef] = []
        self.n = 0

    def _doc(self, jur: str, symbol: str, number: int, year: int) -> tuple[URIRef, list[Triple]]:
        d = ID[f"doc/{jur}/{symbol.lower()}/{year}/{number}"]
        date = Literal(f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}", datatype=XSD.date)
        j = ID[f"jurisdiction/{jur}"]
        self.docs.append(d)
        return d, [(d, RDF.type, CANCU.LegalDocument), (d, CANCU.number, Literal(str(number))), (d, CANCU.symbol, Literal(symbol.upper())),
                   (d, CANCU.year, Literal(year)), (d, CANCU.dateDocument, date), (d, CANCU.jurisdiction, j),
                   (j, SKOS.notation, Literal("VN" if jur == "vn" else jur)),
                   (d, CANCU.title, Literal(f"về {self.rng.choice(OBJECTS)} năm {year}"))]

    def graphs(self) -> Iterator[tuple[URIRef, list[Triple]]]:
        """Endless named graphs: a national decree now and then, else a provincial or department plan."""
        while True:
            self.n += 1
            g = ID[f"graph/synth-{self.n}"]
            year = self.rng.randint(2018, 2025)
            if not self.decrees or self.rng.random() < 0.02:
                d, t = self._doc("vn", "NĐ-CP", self.n, year)
                self.decrees.append(d)
                yield g, t
                continue
            p = self.rng.randrange(PROVINCES)
            jur = f"p{p:02d}"
            department = self.rng.random() < 0.6 and self.province_plans.get(p)
            d, t = self._doc(jur, "KH-SNV" if department else "KH-UBND", self.n, year)
            if department:
                t.append((d, CANCU.implements, self.rng.choice(self.province_plans[p])))
            else:
                t.append((d, CANCU.basedOn, self.rng.choice(self.decrees)))
                if self.province_plans.get(p) and self.rng.random() < 0.5:
                    t.append((d, CANCU.implements, self.rng.choice(self.province_plans[p])))
                self.province_plans.setdefault(p, []).append(d)
            t += self._tasks(g, d, jur)
            yield g, t

    def _tasks(self, g: URIRef, by: URIRef, jur: str) -> list[Triple]:
        out: list[Triple] = []
        for k in range(self.rng.randint(4, 10)):
            # one task in ten is one an earlier plan of the province already gave: the source of conflicts
            again = [t for t in self.tasks[-200:] if f"/{jur}/" in t]
            if again and self.rng.random() < 0.1:
                task = self.rng.choice(again)
            else:
                task = ID[f"task/{jur}/t{len(self.tasks)}"]
                self.tasks.append(task)
                out += [(task, RDF.type, CANCU.Task), (task, CANCU.wording, Literal(f"{self.rng.choice(VERBS)} {self.rng.choice(OBJECTS)} {len(self.tasks)}"))]
            for role, dept in ((CANCU.Lead, self.rng.choice(DEPARTMENTS)), (CANCU.Support, self.rng.choice(DEPARTMENTS))):
                f = URIRef(f"{g}/assignment/{k}/{role.rsplit('#', 1)[-1]}")
                ev = URIRef(f"{g}/evidence/{k}/{role.rsplit('#', 1)[-1]}")
                a = ID[f"agency/{jur}/{dept}"]
                out += [(f, RDF.type, CANCU.Assignment), (f, CANCU.task, task), (f, CANCU.statedIn, by), (by, CANCU.assigns, f),
                        (f, CANCU.assignedTo, a), (f, CANCU.role, role), (f, CANCU.taskText, Literal(f"nhiệm vụ {task}")),
                        (a, RDF.type, CANCU.Agency), (a, SKOS.prefLabel, Literal(f"{dept} {jur}", lang="vi")),
                        (f, PROV.wasDerivedFrom, ev), (ev, CANCU.file, Literal(f"{g}.txt")), (ev, CANCU.start, Literal(k * 100)),
                        (ev, CANCU.end, Literal(k * 100 + 90)), (ev, CANCU.sentence, Literal(f"Giao {dept} chủ trì {task}"))]
            if self.rng.random() < 0.03:
                q = URIRef(f"{g}/reassignment/{k}")
                out += [(q, RDF.type, CANCU.ReassignmentRequest), (q, CANCU.task, task), (q, CANCU.assignedBy, by),
                        (q, CANCU.statedIn, by), (q, CANCU.via, by), (q, CANCU.requester, ID[f"agency/{jur}/so-noi-vu"]),
                        (q, CANCU.toAgency, ID[f"agency/{jur}/van-phong-ubnd"]), (q, PROV.wasDerivedFrom, ev)]
        return out + derived(out)


def fill(stores: list[Store], size: int, seed: int) -> tuple[Synth, int]:
    """`stores` filled with the same synthetic graphs, up to `size` triples."""
    synth = Synth(seed)
    total = 0
    batch: list[Triple] = []
    part = 0
    for _, triples in synth.graphs():
        batch += triples
        total += len(triples)
        # many files per named graph keeps loading quick; the queries see the union either way
        if len(batch) >= 20_000 or total >= size:
            g = ID[f"graph/synth-part-{part}"]
            for s in stores:
                s.replace_graph(g, batch)
            part, batch = part + 1, []
        if total >= size:
            return synth, total
    raise AssertionError("unreachable: the generator is endless")


def build(size: int, seed: int, folder: Path) -> tuple[OxigraphStore, MemoryStore, Synth, int]:
    """Both stores filled with the same graphs, up to `size` triples."""
    ox, mem = OxigraphStore(folder / "ox"), MemoryStore()
    synth, total = fill([ox, mem], size, seed)
    return ox, mem, synth, total


def timed(fn: Callable[[], object], rounds: int, budget_s: float) -> tuple[list[float], int]:
    out: list[float] = []
    stop = time.perf_counter() + budget_s
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() > stop:
            break
    return out, len(out)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds at most per measured series")
    ap.add_argument("--store", type=Path, help="measure trace, conflicts and the budget report on this embedded store instead")
    ap.add_argument("--compare", nargs="*", choices=("memory", "virtuoso"), default=[],
                    help="with --store: also load its graph into plain rdflib / a private Virtuoso and measure them")
    ap.add_argument("--only", nargs="+", choices=JOBS, help="with --store: measure these answers only")
    args = ap.parse_args(argv)
    if args.store:
        on_store(args.store, args.rounds, args.seed, args.budget, args.compare, args.only)
        return
    rows = []
    too_slow: set[tuple[str, str]] = set()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            ox, mem, synth, total = build(size, args.seed, Path(tmp))
            load = time.perf_counter() - t0
            rng = random.Random(args.seed)
            tasks = [str(t) for t in rng.sample(synth.tasks, min(len(synth.tasks), args.rounds))]
            docs = [str(d) for d in rng.sample(synth.docs, min(len(synth.docs), args.rounds))]
            jobs: tuple[tuple[str, Callable[[Store, int], object]], ...] = (
                ("trace task", lambda s, i, tasks=tasks: trace_task(s, tasks[i % len(tasks)])),
                ("trace document", lambda s, i, docs=docs: trace_up(s, docs[i % len(docs)])),
                ("conflicts", lambda s, i: conflicts(s)))
            for name, job in jobs:
                rounds = args.rounds if name != "conflicts" else max(3, args.rounds // 10)
                res: dict[str, tuple[list[float], int]] = {}
                for label, store in (("oxigraph", ox), ("rdflib", mem)):
                    if (label, name) in too_slow:
                        res[label] = ([], 0)
                        continue
                    counter = iter(range(10**9))
                    res[label] = timed(lambda store=store, job=job, counter=counter: job(store, next(counter)), rounds, args.budget)
                    # one round already over the budget: a larger graph would only take longer
                    if res[label][0][0] > args.budget * 1000:
                        too_slow.add((label, name))
                answers_agree = _same(name, ox, mem, tasks, docs) if res["rdflib"][1] else "not compared"
                rows.append((total, name, res, answers_agree))
            print(f"# {total} triples, {len(synth.docs)} documents, {len(synth.tasks)} tasks; loaded both stores in {load:.1f} s", flush=True)
            ox.close()
    print(f"\n{'triples':>9} {'query':<15} {'oxigraph p50':>12} {'p99':>8} {'n':>4} {'rdflib p50':>11} {'p99':>9} {'n':>4} {'ratio p50':>10} {'p99':>7}  same")
    for total, name, res, same in rows:
        (o, on), (r, rn) = res["oxigraph"], res["rdflib"]
        if not rn:
            print(f"{total:>9} {name:<15} {pct(o, .5):>10.1f}ms {pct(o, .99):>6.1f}ms {on:>4} {'skipped: one round took over the budget on a smaller graph':>45}")
            continue
        print(f"{total:>9} {name:<15} {pct(o, .5):>10.1f}ms {pct(o, .99):>6.1f}ms {on:>4} {pct(r, .5):>9.1f}ms {pct(r, .99):>7.1f}ms {rn:>4}"
              f" {pct(r, .5) / pct(o, .5):>9.1f}× {pct(r, .99) / pct(o, .99):>6.1f}×  {same}")


def on_store(path: Path, rounds: int, seed: int, budget: float, compare: list[str], only: list[str] | None = None) -> None:
    """p50/p99 of the answers on a store built by `cancu ingest` (e.g. of a bench/corpus.py
    corpus); with `compare`, the same graph (exported as N-Quads) loaded into plain in-memory
    rdflib and/or a private Virtuoso, measured side by side and their answers compared."""
    with OxigraphStore(path, read_only=True) as s, ExitStack() as stack:
        rng = random.Random(seed)
        every_task = sorted({r["task"] for r in s.rows(query_text("tasks"))})
        tasks = rng.sample(every_task, rounds)
        docs = rng.sample(sorted({r["doc"] for r in s.rows(query_text("files"))}), rounds)
        warm_up = rng.choice(every_task)  # drawn after the samples, which stay those of earlier runs
        print(f"# {path}: {s.count():,} quads in {len(s.graphs()):,} files; {len(docs)} sampled documents, {len(tasks)} sampled tasks", flush=True)
        stores: list[tuple[str, Store]] = [("oxigraph", s)]
        if compare:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            s.export("nq", tmp / "all.nq")
            for name in compare:
                t0 = time.perf_counter()
                other = _load_copy(name, tmp / "all.nq", tmp, stack)
                print(f"# loaded into {name} in {time.perf_counter() - t0:.1f} s", flush=True)
                stores.append((name, other))
        jobs: tuple[tuple[str, Callable[[Store, int], Any]], ...] = (
            ("trace task", lambda st, i: trace_task(st, tasks[i % len(tasks)]).to_dict()),
            # every document that gives the task, where the answer above shows the newest 20
            ("trace task all", lambda st, i: trace_task(st, tasks[i % len(tasks)], limit=None).to_dict()),
            ("trace document", lambda st, i: trace_up(st, docs[i % len(docs)]).to_dict()),
            ("conflicts", lambda st, i: [c.to_dict() for c in conflicts(st)]),
            ("budget report", lambda st, i: [r.to_dict() for r in budget_report(st, now=_NOW).rows]))
        # one answer first, untimed: a process's first answer parses the ontology (0.17 s)
        for _, st in stores:
            trace_task(st, warm_up)
        head = f"{'query':<15}" + "".join(f" {label + ' p50':>15} {'p99':>9} {'n':>4}" for label, _ in stores)
        print(head + "".join(f" {label + '/ox p50':>14} {'p99':>7}" for label, _ in stores[1:]) + "  same answers")
        for name, job in jobs:
            if only and name.replace(" ", "-") not in only:
                continue
            n = rounds if name.startswith("trace") else 3
            times = {}
            for label, st in stores:
                counter = iter(range(10**9))
                times[label] = timed(lambda st=st, job=job, counter=counter: job(st, next(counter)), n, budget)[0]
            # answers compared on every sampled input of a trace, outside the timings
            same = all(job(st, i) == job(s, i) for _, st in stores[1:] for i in range(min(n, 5)))
            line = f"{name:<15}" + "".join(f" {pct(times[lb], .5):>13.1f}ms {pct(times[lb], .99):>7.1f}ms {len(times[lb]):>4}" for lb, _ in stores)
            ox50, ox99 = pct(times["oxigraph"], .5), pct(times["oxigraph"], .99)
            line += "".join(f" {pct(times[lb], .5) / ox50:>13.1f}× {pct(times[lb], .99) / ox99:>6.1f}×" for lb, _ in stores[1:])
            print(line + ("  yes" if same else "  NO") if len(stores) > 1 else line, flush=True)


JOBS = ("trace-task", "trace-task-all", "trace-document", "conflicts", "budget-report")
_NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # the report's date, fixed so that answers compare


def _load_copy(name: str, nquads: Path, tmp: Path, stack: ExitStack) -> Store:
    """A `name` ("memory" or "virtuoso") store holding the quads of `nquads`."""
    if name == "virtuoso":
        from tests.kg.virtuoso import Virtuoso  # the fixture's server, started here on loopback

        server = stack.enter_context(Virtuoso(tmp / "virtuoso", max_rows=10_000_000))
        remote = open_store(server.spec)
        stack.callback(remote.close)
        remote.bulk_load(nquads)  # type: ignore[attr-defined]
        return remote
    mem = MemoryStore()
    # the export writes graph after graph: one replace per graph, its lines as N-Triples
    graph, lines = None, []
    for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        if q.graph_name != graph:
            if graph is not None:
                mem.replace_graph(URIRef(graph.value), NTriples("\n".join(lines)))
            graph, lines = q.graph_name, []
        lines.append(f"{q.subject} {q.predicate} {q.object} .")
    if graph is not None:
        mem.replace_graph(URIRef(graph.value), NTriples("\n".join(lines)))
    return mem


def _same(name: str, ox: Store, mem: Store, tasks: list[str], docs: list[str]) -> bool:
    """Both backends give the same answer (checked on one input, outside the timings)."""
    if name == "conflicts":
        return [c.to_dict() for c in conflicts(ox)] == [c.to_dict() for c in conflicts(mem)]
    fn, arg = (trace_task, tasks[0]) if name == "trace task" else (trace_up, docs[0])
    return fn(ox, arg).to_dict() == fn(mem, arg).to_dict()


if __name__ == "__main__":
    main()
