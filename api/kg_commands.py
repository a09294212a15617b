"""The `cancu` commands that work on the knowledge graph store (ingest, remove, export, stats, validate, demo)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the store commands to the `cancu` application."""
