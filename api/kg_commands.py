"""The `cancu` commands that work on the knowledge graph store (ingest, remove, export, stats, validate, demo, query).

Every command takes `--store DIR` (default `./cancu-data`, or `$CANCU_STORE`).  Commands
that only read open the store read-only, so several can run side by side; `ingest`,
`remove` and `demo` are writers and run one at a time.
"""
from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rdflib import URIRef
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.ingest import IngestEvent, IngestReport
from kg.ingest import ingest as ingest_files
from kg.ingest import remove as remove_file
from kg.namespace import concept_notation
from kg.queries import query_names, query_text
from kg.store import DEFAULT_PATH, EXPORT_FORMATS, PREFIXES, Store, StoreError, open_store
from kg.storeview import eval_view_from_graph
from loaders.read import SUPPORTED_SUFFIXES

out = Console()
err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never cut them

# the sample documents ship with the repository checkout, not with the package
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

StoreOpt = Annotated[str, typer.Option("--store", envvar="CANCU_STORE", help="The store folder (or memory:).")]


def _open(spec: str, *, read_only: bool) -> Store:
    try:
        return open_store(spec, read_only=read_only)
    except StoreError as e:
        err.print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(2) from e


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Extraction processes.")] = 1,
    store: StoreOpt = DEFAULT_PATH,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Add documents to the store: new files add their graph, changed files replace it, unchanged files are skipped."""
    with _open(store, read_only=False) as s:
        try:
            report = _ingest(paths, s, workers=workers, quiet=quiet)
        except StoreError as e:  # a write failed (disk full…): say so, without a traceback
            err.print(f"[red]error[/red] {escape(str(e))}")
            raise typer.Exit(2) from e
    _print_report(report)
    if report.failed:
        raise typer.Exit(1)


def _ingest(paths: list[Path], s: Store, *, workers: int, quiet: bool) -> IngestReport:
    show = not quiet and err.is_terminal
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
                  console=err, disable=not show) as progress:
        task = progress.add_task("", total=None)

        def on_progress(ev: IngestEvent) -> None:
            progress.update(task, total=ev.total, completed=ev.done, description=f"{ev.status} {Path(ev.path).name}" if ev.path else f"{ev.status} the store")

        return ingest_files(paths, s, workers=workers, on_progress=on_progress)


def _print_report(report: IngestReport) -> None:
    err.print(f"[bold]{report.summary()}[/bold]")
    for path, msg in report.failed:
        err.print(f"[red]error[/red] {escape(msg if path in msg else f'{path}: {msg}')}")


def remove(
    file: Annotated[Path, typer.Argument(help="The file whose facts to drop (it need not exist any more).")],
    store: StoreOpt = DEFAULT_PATH,
) -> None:
    """Drop everything the store holds from FILE."""
    with _open(store, read_only=False) as s:
        had = remove_file(file, s)
        left = s.count()
    if not had:
        err.print(f"[yellow]nothing to remove[/yellow]: the store has no graph for {escape(str(file))}")
        raise typer.Exit(1)
    out.print(f"removed {escape(str(file))}; {left} quads left")


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"{'|'.join(EXPORT_FORMATS)}|json (json = the cancu-eval/1 view).")] = "ttl",
    store: StoreOpt = DEFAULT_PATH,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Write the whole store as Turtle (the union of the graphs), TriG, N-Quads, JSON-LD or the cancu-eval/1 JSON view."""
    if fmt not in (*EXPORT_FORMATS, "json"):
        err.print(f"[red]error[/red] --format: expected one of {', '.join((*EXPORT_FORMATS, 'json'))}, found {fmt!r}")
        raise typer.Exit(2)
    with _open(store, read_only=True) as s:
        if fmt == "json":
            data = (json.dumps(eval_view_from_graph(s.dataset()), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
            if output is None:
                _stdout_bytes(data)
            else:
                output.write_bytes(data)
        elif output is None:
            buf = io.BytesIO()
            s.export(fmt, buf)
            _stdout_bytes(buf.getvalue())
        else:
            s.export(fmt, output)
    if output is not None:
        err.print(f"wrote {escape(str(output))}")


def _stdout_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def store_stats(s: Store) -> dict[str, int]:
    """The numbers `cancu stats` prints: graphs, quads, then nodes of each kind (stats.rq) and assignments by role (stats_roles.rq)."""
    numbers = {"graphs (files)": len(s.graphs()), "quads": s.count()}
    for row in s.query(query_text("stats")):  # type: ignore[union-attr]
        numbers[str(row["what"])] = _int(row["n"])  # type: ignore[index]
    for row in s.query(query_text("stats_roles")):  # type: ignore[union-attr]
        role = row["role"]  # type: ignore[index]
        name = concept_notation(role) if isinstance(role, URIRef) else None
        numbers[f"  role {name or role}"] = _int(row["n"])  # type: ignore[index]
    return numbers


def _int(value: object) -> int:
    return int(value) if value is not None else 0  # type: ignore[call-overload]


def stats(store: StoreOpt = DEFAULT_PATH) -> None:
    """What the store holds: graphs, quads, documents, agencies, tasks, assignments by role."""
    with _open(store, read_only=True) as s:
        _print_stats(s, title=f"cancu store {store}")


def _print_stats(s: Store, *, title: str) -> None:
    t = Table(title=escape(title), show_header=False)
    t.add_column("what")
    t.add_column("how many", justify="right")
    for name, n in store_stats(s).items():
        t.add_row(name, str(n))
    out.print(t)


def validate(store: StoreOpt = DEFAULT_PATH) -> None:
    """Check every file's graph against the SHACL shapes of the ontology; exit 1 when anything violates them."""
    from kg.validate import validate as run  # pyshacl takes a while to import; only this command needs it

    with _open(store, read_only=True) as s:
        if not s.graphs():
            err.print(f"[yellow]the store {escape(store)} is empty[/yellow]: nothing to validate")
            return
        report = run(s.dataset())
    if report.conforms:
        out.print(f"[green]conforms[/green]: every graph of {escape(store)} meets the shapes")
        return
    out.print(escape(str(report)), highlight=False)
    raise typer.Exit(1)


def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL 1.1 query, or @FILE to read it from a file.")],
    store: StoreOpt = DEFAULT_PATH,
) -> None:
    """Run a SPARQL query on the union of the store's graphs (prefixes cancu:, id:, eli:, org:, prov:, skos: are declared)."""
    try:
        text = Path(sparql[1:]).read_text(encoding="utf-8") if sparql.startswith("@") else sparql
    except OSError as e:
        err.print(f"[red]error[/red] {escape(sparql[1:])}: expected a file holding a query, found {escape(e.strerror or str(e))}")
        raise typer.Exit(2) from e
    with _open(store, read_only=True) as s:
        try:
            result = s.query(text, prefixes=PREFIXES)
        except StoreError as e:
            err.print(f"[red]error[/red] {escape(str(e))}")
            raise typer.Exit(2) from e
    if isinstance(result, bool):
        out.print("yes" if result else "no")
    elif result and isinstance(result[0], dict):
        t = Table(*result[0].keys())  # type: ignore[union-attr]
        for row in result:
            t.add_row(*(escape(_short(v)) for v in row.values()))  # type: ignore[union-attr]
        out.print(t)
        out.print(f"{len(result)} rows")
    elif not result:
        out.print("no answer")
    else:  # CONSTRUCT / DESCRIBE: N-Triples
        for s_, p, o in result:  # type: ignore[misc]
            sys.stdout.write(f"{s_.n3()} {p.n3()} {o.n3()} .\n")


def _short(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda x: -len(x[1])):
            if str(term).startswith(ns):
                return f"{prefix}:{str(term)[len(ns):]}"
        return f"<{term}>"
    return str(term)


def demo(store: StoreOpt = DEFAULT_PATH) -> None:
    """Ingest the sample documents shipped in the repository and show what to look at next."""
    if not SAMPLES.is_dir() or not any(p.suffix in SUPPORTED_SUFFIXES for p in SAMPLES.iterdir()):
        err.print(
            f"[red]error[/red] expected the sample documents in {escape(str(SAMPLES))}, found none there: "
            "`cancu demo` runs from a checkout of the cancu repository (git clone, then pip install -e .). "
            "Ingest your own documents with `cancu ingest PATH`."
        )
        raise typer.Exit(2)
    with _open(store, read_only=False) as s:
        report = _ingest([SAMPLES], s, workers=1, quiet=False)
        _print_report(report)
        _print_stats(s, title=f"cancu store {store}")
    _next_steps(store)
    if report.failed:
        raise typer.Exit(1)


def examples() -> list[tuple[str, str]]:
    """Questions a newcomer can ask the demo store straight away: (what it answers, the query on one line).

    They are the files of `ontology/queries/examples/`, each saying in its header comment
    what it answers; the prefixes that `cancu query` declares are left out of the line.
    """
    out = []
    for name in query_names("examples"):
        lines = query_text(name).splitlines()
        header = []
        while lines and lines[0].startswith("#"):
            header.append(lines.pop(0).lstrip("#").strip())
        body = [line.strip() for line in lines if line.strip() and not _declared_prefix(line)]
        out.append((" ".join(header), " ".join(body)))
    return out


def _declared_prefix(line: str) -> bool:
    """True for a PREFIX line that `cancu query` declares anyway."""
    m = re.fullmatch(r"\s*PREFIX\s+([\w-]*):\s*<([^>]*)>\s*", line, flags=re.IGNORECASE)
    return m is not None and PREFIXES.get(m.group(1)) == m.group(2)


def _next_steps(store: str) -> None:
    opt = "" if store == DEFAULT_PATH else f" --store {store}"
    lines = [
        "",
        "[bold]What to look at next[/bold]",
        f"  cancu stats{opt}                           what the store holds",
        f"  cancu query{opt} 'SELECT …'                ask it anything in SPARQL (examples below)",
        f"  cancu export{opt} --format ttl -o kg.ttl   the whole graph as Turtle (also trig, nq, jsonld, json)",
        f"  cancu validate{opt}                        check every file's graph against the SHACL shapes",
        f"  cancu ingest{opt} MY_DOCS/                 add your own documents (.txt .md .docx .pdf .html)",
        f"  cancu remove{opt} FILE                     drop what one file said",
        "",
        "[bold]Example SPARQL[/bold] (the vocabulary is in ontology/cancu.ttl)",
    ]
    for what, sparql in examples():
        lines += [f"  # {what}", f"  cancu query{opt} \"{sparql}\"", ""]
    # soft_wrap: a command cut at the terminal's width could not be copied and pasted
    out.print("\n".join(escape(line) if not line.startswith("[bold]") else line for line in lines), highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the store commands to the `cancu` application."""
    for fn in (ingest, remove, export, stats, validate, query, demo):
        app.command(fn.__name__)(fn)
