"""The `cancu` commands that work on the knowledge graph store (ingest, remove, export, stats, validate, demo, query).

Every command takes `--store DIR` (default `./cancu-data`, or `$CANCU_STORE`).  Commands
that only read open the store read-only, so several can run side by side; `ingest`,
`remove` and `demo` are writers and run one at a time.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.store import DEFAULT_PATH, EXPORT_FORMATS, Store, StoreError, open_store

out = Console()
err = Console(stderr=True)

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
        report = _ingest(paths, s, workers=workers, quiet=quiet)
    _print_report(report)
    if report.failed:
        raise typer.Exit(1)


def _ingest(paths: list[Path], s: Store, *, workers: int, quiet: bool):
    from kg.ingest import IngestEvent, ingest

    show = not quiet and err.is_terminal
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
                  console=err, disable=not show) as progress:
        task = progress.add_task("", total=None)

        def on_progress(ev: IngestEvent) -> None:
            progress.update(task, total=ev.total, completed=ev.done, description=f"{ev.status} {Path(ev.path).name}")

        return ingest(paths, s, workers=workers, on_progress=on_progress)


def _print_report(report) -> None:
    err.print(f"[bold]{report.summary()}[/bold]")
    for path, msg in report.failed:
        err.print(f"[red]error[/red] {escape(msg if path in msg else f'{path}: {msg}')}")


def remove(
    file: Annotated[Path, typer.Argument(help="The file whose facts to drop (it need not exist any more).")],
    store: StoreOpt = DEFAULT_PATH,
) -> None:
    """Drop everything the store holds from FILE."""
    from kg.ingest import remove as remove_file

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
            from kg.storeview import eval_view_from_graph

            data = (json.dumps(eval_view_from_graph(s.dataset()), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
            if output is None:
                _stdout_bytes(data)
            else:
                output.write_bytes(data)
        elif output is None:
            import io

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


def stats(store: StoreOpt = DEFAULT_PATH) -> None:
    """What the store holds: graphs, quads, documents, agencies, tasks, assignments by role."""
    with _open(store, read_only=True) as s:
        _print_stats(s, title=f"cancu store {store}")


def _print_stats(s: Store, *, title: str) -> None:
    from kg.stats import store_stats

    numbers = store_stats(s)
    t = Table(title=title, show_header=False)
    t.add_column("what")
    t.add_column("how many", justify="right")
    for name, n in numbers.items():
        t.add_row(name, str(n))
    out.print(t)


def validate(store: StoreOpt = DEFAULT_PATH) -> None:
    """Check the store against the SHACL shapes of the ontology; exit 1 when anything violates them."""
    from kg.validate import validate as run

    with _open(store, read_only=True) as s:
        report = run(s.dataset())
    _print_validation(report)


def _print_validation(report) -> None:
    raise NotImplementedError


def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL 1.1 query, or @FILE to read it from a file.")],
    store: StoreOpt = DEFAULT_PATH,
) -> None:
    """Run a SPARQL query on the union of the store's graphs and print the answer."""
    text = Path(sparql[1:]).read_text(encoding="utf-8") if sparql.startswith("@") else sparql
    with _open(store, read_only=True) as s:
        try:
            result = s.query(text)
        except StoreError as e:
            err.print(f"[red]error[/red] {escape(str(e))}")
            raise typer.Exit(2) from e
    if isinstance(result, bool):
        out.print("yes" if result else "no")
        return
    if result and isinstance(result[0], dict):
        t = Table(*result[0].keys())
        for row in result:
            t.add_row(*("" if v is None else escape(str(v)) for v in row.values()))
        out.print(t)
        out.print(f"{len(result)} rows")
        return
    for s_, p, o in result:  # CONSTRUCT / DESCRIBE
        sys.stdout.write(f"{s_.n3()} {p.n3()} {o.n3()} .\n")


def demo(store: StoreOpt = DEFAULT_PATH) -> None:
    """Ingest the sample documents shipped in the repository and show what to look at next."""
    if not SAMPLES.is_dir() or not any(SAMPLES.iterdir()):
        err.print(
            f"[red]error[/red] expected the sample documents in {escape(str(SAMPLES))}, found nothing there: "
            "the demo runs from a checkout of the cancu repository (git clone …; pip install -e .). "
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


def _next_steps(store: str) -> None:
    opt = "" if store == DEFAULT_PATH else f" --store {store}"
    out.print(f"""
[bold]Next[/bold]
  cancu stats{opt}                          what the store holds
  cancu query{opt} "SELECT …"               ask it anything in SPARQL (examples below)
  cancu export{opt} --format ttl -o kg.ttl  the whole graph as Turtle (trig, nq, jsonld, json too)
  cancu validate{opt}                       check it against the SHACL shapes
  cancu ingest{opt} MY_DOCS/                add your own documents (.txt, .md, .docx, .pdf, .html)

[bold]Example SPARQL[/bold]""")


def register(app: typer.Typer) -> None:
    """Add the store commands to the `cancu` application."""
    for fn in (ingest, remove, export, stats, validate, query, demo):
        app.command(fn.__name__)(fn)
