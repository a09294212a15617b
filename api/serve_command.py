"""`cancu serve`: the REST API, the SPARQL endpoint and the graph pages over HTTP (uvicorn)."""
from __future__ import annotations

from typing import Annotated

import typer

from api.kg_commands import StoreOpt, err
from kg.store import DEFAULT_PATH, StoreError


def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The port to listen on.")] = 8000,
    store: StoreOpt = DEFAULT_PATH,
) -> None:
    """Serve the store over HTTP: REST at /docs, SPARQL at /sparql. The server is the store's writer
    while it runs (uploads with POST /documents need CANCU_API_TOKEN set)."""
    import uvicorn
    from rich.markup import escape

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(store=store))
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    except StoreError as e:
        err.print(f"[red]error[/red] {escape(str(e))}")
        raise typer.Exit(2) from e


def register(app: typer.Typer) -> None:
    """Add `serve` to the `cancu` application."""
    app.command("serve")(serve)
