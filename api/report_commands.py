"""`cancu report …`: documents for people, built from the store (the budget legal-basis report)."""
from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from api.kg_commands import StoreOpt, _open, err
from kg.budget_report import budget_report
from kg.report_render import FORMATS, TEXT_FORMATS, render
from kg.store import DEFAULT_PATH

report_app = typer.Typer(help="Reports built from the store, as html, md, csv, xlsx or docx.", no_args_is_help=True)


@report_app.command("budget")
def budget_cmd(
    output: Annotated[str, typer.Option("--output", "-o", help="The file to write; - for standard output (html, md, csv).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")] = "html",
    agency: Annotated[str | None, typer.Option("--agency", help="Only this agency (words of its name, diacritics optional).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only items with an amount in this year.")] = None,
    store: StoreOpt = DEFAULT_PATH,
) -> None:
    """Every budget request and allocation with its amount, fund, legal basis up to the national
    root, and the checks a reviewer needs (no basis, basis replaced, totals that do not add up…)."""
    if fmt not in FORMATS:
        err.print(f"[red]error[/red] --format: expected one of {', '.join(FORMATS)}, found {escape(fmt)!r}")
        raise typer.Exit(2)
    if output == "-" and fmt not in TEXT_FORMATS:
        err.print(f"[red]error[/red] -o -: expected a text format ({', '.join(TEXT_FORMATS)}) for standard output, "
                  f"found {fmt}; pass -o FILE")
        raise typer.Exit(2)
    with _open(store, read_only=True) as s:
        report = budget_report(s, agency=agency, year=year)
    body = render(report, fmt)
    if output == "-":
        # the byte-order mark is for spreadsheets opening a file, not for a pipe
        sys.stdout.buffer.write(body.removeprefix(codecs.BOM_UTF8))
        sys.stdout.buffer.flush()
        return
    Path(output).write_bytes(body)
    err.print(f"{len(report.rows)} items, {report.warnings()} warnings → {escape(output)}")


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
