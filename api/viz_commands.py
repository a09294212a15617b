"""`cancu viz …`: write the graph pages to HTML files that open offline in any browser.

The pages link to each other through the server (`cancu serve`): `--server` says where it
runs, so that a written file's click-through opens the live pages.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from api.kg_commands import StoreOpt, _open, err
from kg.store import DEFAULT_PATH
from kg.trace import TargetError
from viz import Links, Page, conflicts_page, neighbourhood_page, overview_page, render, trace_page

viz_app = typer.Typer(help="Interactive graph pages written to HTML files (they work offline).", no_args_is_help=True)

Out = Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")]
Server = Annotated[str, typer.Option("--server", help="Where `cancu serve` runs, for the links between pages.")]
SERVER = "http://127.0.0.1:8000"


def _write(page: Page, out: Path, server: str) -> None:
    out.write_text(render(page, Links(server.rstrip("/"))), encoding="utf-8")
    err.print(f"wrote {escape(str(out))}: {len(page.nodes)} nodes, {len(page.edges)} edges")


@viz_app.command("trace")
def trace_cmd(
    target: Annotated[str, typer.Argument(help="A document reference, an ingested file name, a task's words, or an IRI.")],
    out: Out,
    down: Annotated[bool, typer.Option("--down", help="What rests on the document, down to tasks and agencies.")] = False,
    province: Annotated[str | None, typer.Option("--province", help="Keep documents of this province.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Keep documents of this year.")] = None,
    store: StoreOpt = DEFAULT_PATH,
    server: Server = SERVER,
) -> None:
    """The legal-basis tree of a task or a document, the national roots on top (or down with --down)."""
    with _open(store, read_only=True) as s:
        try:
            page = trace_page(s, target, down=down, province=province, year=year)
        except TargetError as e:
            err.print(f"[red]error[/red] {escape(str(e))}")
            raise typer.Exit(1) from e
    _write(page, out, server)


@viz_app.command("neighbourhood")
def neighbourhood_cmd(
    node: Annotated[str, typer.Argument(help="An IRI, a document reference, a task's words or an agency's name.")],
    out: Out,
    depth: Annotated[int, typer.Option("--depth", min=1, max=4, help="How many links away to go.")] = 1,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Draw at most this many nodes.")] = 300,
    store: StoreOpt = DEFAULT_PATH,
    server: Server = SERVER,
) -> None:
    """The documents, tasks, agencies and requests within DEPTH links of a node."""
    with _open(store, read_only=True) as s:
        try:
            page = neighbourhood_page(s, node, depth=depth, limit=limit)
        except TargetError as e:
            err.print(f"[red]error[/red] {escape(str(e))}")
            raise typer.Exit(1) from e
    _write(page, out, server)


@viz_app.command("conflicts")
def conflicts_cmd(out: Out, store: StoreOpt = DEFAULT_PATH, server: Server = SERVER) -> None:
    """Conflicting assignments and reassignment requests, the competing assignments side by side."""
    with _open(store, read_only=True) as s:
        page = conflicts_page(s)
    _write(page, out, server)


@viz_app.command("overview")
def overview_cmd(out: Out, store: StoreOpt = DEFAULT_PATH, server: Server = SERVER) -> None:
    """Every document of the store grouped by issuer level and issuer or province, groups expandable."""
    with _open(store, read_only=True) as s:
        page = overview_page(s, links=Links(server.rstrip("/")))
    _write(page, out, server)


def register(app: typer.Typer) -> None:
    """Add `viz` and its commands to the `cancu` application."""
    app.add_typer(viz_app, name="viz")
