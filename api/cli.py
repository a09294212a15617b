"""The `cancu` command line."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api import answer_commands, kg_commands, report_commands, serve_command, viz_commands
from kg.evalview import eval_view
from loaders import extract_paths
from loaders.model import Extraction

app = typer.Typer(help="cancu: Vietnamese administrative documents to a knowledge graph of legal directives.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _run(paths: list[Path], quiet: bool) -> tuple[list[Extraction], list[tuple[str, str]]]:
    exs: list[Extraction] = []
    errors: list[tuple[str, str]] = []
    from loaders.read import iter_paths

    files = list(iter_paths(paths))
    show = not quiet and err.is_terminal
    with Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
                  console=err, disable=not show) as progress:
        task = progress.add_task("", total=len(files))
        for path, result in extract_paths(files):
            progress.update(task, advance=1, description=path.name)
            if isinstance(result, Extraction):
                exs.append(result)
            else:
                errors.append((str(path), result))
    return exs, errors


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole extraction as cancu-eval/1 JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read documents and print what they say: documents cited, relations, assignments, budget items, findings."""
    exs, errors = _run(paths, quiet or as_json)
    for path, msg in errors:
        err.print(f"[red]error[/red] {msg}" if path in msg else f"[red]error[/red] {path}: {msg}")
    view = eval_view(exs)
    if as_json:
        view["errors"] = [{"file": p, "error": m} for p, m in errors]
        sys.stdout.write(json.dumps(view, ensure_ascii=False, indent=1) + "\n")
    else:
        _summary(exs, view)
    if errors and not exs:
        raise typer.Exit(1)


def _summary(exs: list[Extraction], view: dict) -> None:
    t = Table(title="cancu extract")
    for col in ("file", "type", "number", "issuer", "citations", "relations", "assignments", "requests", "budget", "findings"):
        t.add_column(col)
    for ex in exs:
        i = ex.identity
        num = f"{i.key.number}/{i.key.symbol}" if i.key and i.key.number else (f"/{i.key.symbol}" if i.key and i.key.symbol else "")
        t.add_row(ex.source.name, i.type or "?", num, i.issuer or "?", str(len(ex.citations)), str(len(ex.relations)),
                  str(len(ex.assignments)), str(len(ex.reassignments)), str(len(ex.budget_items)), str(len(ex.findings)))
    out.print(t)
    kinds = Counter(f["kind"] for f in view["findings"])
    out.print(f"{len(view['documents'])} documents, {len(view['relations'])} relations, {len(view['assignments'])} assignments, "
              f"{len(view['reassignment_requests'])} reassignment requests, {len(view['budget_items'])} budget items, "
              f"findings: {dict(kinds) or 'none'}")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="A gold file in the cancu-eval/1 shape.")],
    paths: Annotated[list[Path], typer.Argument(help="The documents the gold describes.")],
    show_misses: Annotated[bool, typer.Option("--show-misses", help="List what was missed or extra.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Extract PATHS and score the result against GOLD (precision, recall, F1 per part)."""
    from kg.scoring import ScoreInputError, format_report, load_json, score

    try:
        g = load_json(gold)
    except ScoreInputError as e:
        err.print(f"[red]error[/red] {e}")
        raise typer.Exit(2) from e
    exs, errors = _run(paths, True)
    for path, msg in errors:
        err.print(f"[red]error[/red] {path}: {msg}")
    report = score(g, eval_view(exs))
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict() if show_misses else {p.name: p.to_dict() for p in report.parts}, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(format_report(report, show_misses), markup=False, highlight=False)


kg_commands.register(app)
answer_commands.register(app)
serve_command.register(app)
viz_commands.register(app)
report_commands.register(app)
