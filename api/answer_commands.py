"""The `cancu` commands that answer questions about the store: trace, conflicts, reassignments,
findings, agency, network.

Each prints rich tables (or a tree) by default, `--json` for programs and `--csv` for a
spreadsheet; the answers come from the `kg` functions the API and the reports reuse.
"""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from typing import Annotated, Any, TypeVar

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from api.kg_commands import StoreOpt, _open, err, out
from kg.agency import find_agencies, profile
from kg.audit import KINDS, findings
from kg.conflicts import conflicts
from kg.docs import Docs
from kg.legalgraph import basis_path, central_documents, components, legal_graph
from kg.reassignments import STATUSES, reassignments
from kg.store import DEFAULT_PATH
from kg.trace import PLANS_SHOWN, Node, TargetError, find_targets, trace

T = TypeVar("T")
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV.")]


def _fail(msg: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error[/red] {escape(msg)}")
    return typer.Exit(code)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _print_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> None:
    w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _cell(r.get(k)) for k in columns})


def _cell(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return "; ".join(str(x) for x in v)
    return "" if v is None else v


def _table(title: str, rows: list[dict[str, Any]], columns: list[str]) -> Table:
    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c.replace("_", " "), overflow="fold")
    for r in rows:
        t.add_row(*(escape(_short(str(_cell(r.get(c))))) for c in columns))
    return t


def _short(text: str, limit: int = 160) -> str:
    """Long texts cut in tables (the full text is in --json and --csv)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ask(store: str, question: Callable[[Any], T]) -> T:
    """`question` asked of the store opened read-only; a bad option value is a clear error, exit 2."""
    with _open(store, read_only=True) as s:
        try:
            return question(s)
        except ValueError as e:
            raise _fail(str(e)) from e


def _both(as_json: bool, as_csv: bool) -> None:
    if as_json and as_csv:
        raise _fail("choose one of --json and --csv")


# --------------------------------------------------------------------------- trace

_TRACE_COLUMNS = ["tree", "depth", "relation", "kind", "label", "date", "issuer", "seen", "repeat", "parent", "iri"]


def _trace_rows(nodes: list[Node]) -> list[dict[str, Any]]:
    rows = []
    for i, root in enumerate(nodes):
        for depth, n, parent in root.walk():
            rows.append({"tree": i, "depth": depth, "relation": n.relation, "kind": n.kind, "label": n.label,
                         "date": n.details.get("date"), "issuer": n.details.get("issuer"), "seen": n.details.get("seen"),
                         "repeat": n.repeat, "parent": parent.iri if parent else None, "iri": n.iri})
    return rows


def _describe(n: Node) -> str:
    text = f"[bold]{escape(n.label)}[/bold]"
    if n.relation:
        text = f"[cyan]{escape(n.relation)}[/cyan] {text}"
    d = n.details
    if n.kind == "document":
        when = d.get("date") or ""
        if d.get("dates"):
            when = " / ".join(d["dates"]) + " [red](dates disagree)[/red]"
        bits = [when, escape(d.get("issuer") or "")]
        text += " " + " · ".join(b for b in bits if b)
        text += " [green](read in full)[/green]" if d.get("seen") else " [dim](cited only)[/dim]"
        if d.get("national"):
            text += " [magenta]national[/magenta]"
        for a in d.get("assignments", ()):
            text += f"\n  {escape(a['role'] or '?')}: {escape(a['agency'] or '?')}"
    elif n.kind == "request":
        text = f"[cyan]{escape(n.relation or '')}[/cyan] [bold]{escape(n.label)}[/bold] [yellow]{d.get('status')}[/yellow]"
        if d.get("reason"):
            text += f"\n  reason: {escape(d['reason'])}"
    if n.repeat:
        text += " [dim](shown above)[/dim]"
    return text


def _tree(n: Node, into: Tree | None = None) -> Tree:
    branch = Tree(_describe(n)) if into is None else into.add(_describe(n))
    for c in n.children:
        _tree(c, branch)
    return branch


def trace_cmd(
    target: Annotated[str, typer.Argument(help="A document reference (\"Quyết định 03/QĐ-BCĐ\"), an ingested file name, a task's words, or an IRI.")],
    down: Annotated[bool, typer.Option("--down", help="What rests on the document, down to tasks and agencies.")] = False,
    province: Annotated[str | None, typer.Option("--province", help="Keep documents of this province.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Keep documents of this year.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Only the shortest chain of links up to this document.")] = None,
    plans: Annotated[int, typer.Option("--plans", min=0, help="Of a task, the newest documents giving it to show; 0 for all.")] = PLANS_SHOWN,
    store: StoreOpt = DEFAULT_PATH,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """The legal-basis chain of a task or a document, up to the national root (or down with --down)."""
    _both(as_json, as_csv)
    with _open(store, read_only=True) as s:
        if to:
            _trace_path(s, target, to, province, year, as_json, as_csv)
            return
        try:
            nodes = trace(s, target, down=down, province=province, year=year, limit=plans or None)
        except TargetError as e:
            raise _fail(str(e), 1) from e
    if as_json:
        _print_json([n.to_dict() for n in nodes])
    elif as_csv:
        _print_csv(_trace_rows(nodes), _TRACE_COLUMNS)
    else:
        for n in nodes:
            out.print(_tree(n))
            roots = [r.label for r in n.roots()] if not down else []
            if n.shown_of():
                out.print(f"[dim]{n.shown_of()} (--plans 0 for all)[/dim]")
            if roots:
                out.print(f"[dim]roots:[/dim] {escape(', '.join(roots))}")


def _trace_path(s: Any, target: str, to: str, province: str | None, year: int | None, as_json: bool, as_csv: bool) -> None:
    docs = Docs(s)
    ends = []
    for text in (target, to):
        found = [t for t in find_targets(s, text, province=province, year=year, docs=docs) if t.kind == "document"]
        if len(found) != 1:
            raise _fail(f"expected {text!r} to name one document, found {len(found)}", 1)
        ends.append(found[0].iri)
    path = basis_path(legal_graph(s), ends[0], ends[1])
    rows = [{"from": docs[a].label, "relation": rel, "to": docs[b].label, "from_iri": a, "to_iri": b} for a, rel, b in path or ()]
    if as_json:
        _print_json(rows)
    elif as_csv:
        _print_csv(rows, ["from", "relation", "to", "from_iri", "to_iri"])
    elif path is None:
        out.print(f"no chain of links leads from {escape(docs[ends[0]].label)} to {escape(docs[ends[1]].label)}")
    else:
        out.print(_table("shortest basis path", rows, ["from", "relation", "to"]))


# --------------------------------------------------------------------------- conflicts

def conflicts_cmd(
    store: StoreOpt = DEFAULT_PATH,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """Tasks led by more than one agency: across documents (the newer one named), and co-leads inside one."""
    _both(as_json, as_csv)
    with _open(store, read_only=True) as s:
        found = conflicts(s)
    if as_json:
        _print_json([c.to_dict() for c in found])
        return
    rows = [{"kind": c.kind, "task": c.task_label, "agency": a["agency"], "document": a["by_label"], "date": a["date"] or a["year"],
             "newer": "yes" if c.newer and c.newer["by"] == a["by"] and c.newer["agency"] == a["agency"] else "",
             "requests": [f"{q.from_agency} → {q.to_agency} ({q.status})" for q in c.requests],
             "file": a["file"], "start": a["start"], "end": a["end"], "sentence": a["sentence"], "task_iri": c.task}
            for c in found for a in c.leads]
    if as_csv:
        _print_csv(rows, ["kind", "task", "agency", "document", "date", "newer", "requests", "file", "start", "end", "sentence", "task_iri"])
        return
    for kind in ("across documents", "co-leads"):
        part = [r for r in rows if r["kind"] == kind]
        if part:
            out.print(_table(f"conflicts {kind} ({len({r['task_iri'] for r in part})} tasks)", part,
                             ["task", "agency", "document", "date", "newer", "requests", "sentence"]))
    if not rows:
        out.print("no task is led by more than one agency")


# --------------------------------------------------------------------------- reassignments

_REQ_COLUMNS = ["status", "requester", "task_text", "assigned_by_label", "from_agency", "to_agency", "via_label",
                "reason", "resolved_by_label", "file", "start", "end", "sentence"]


def reassignments_cmd(
    agency: Annotated[str | None, typer.Option("--agency", help="Requests this agency made or is asked to take.")] = None,
    status: Annotated[str | None, typer.Option("--status", help=f"One of {', '.join(STATUSES)}.")] = None,
    store: StoreOpt = DEFAULT_PATH,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """Every reassignment request, and whether a later document already moved the task."""
    _both(as_json, as_csv)
    found = _ask(store, lambda s: reassignments(s, agency=agency, status=status))
    rows = [q.to_dict() for q in found]
    if as_json:
        _print_json(rows)
    elif as_csv:
        _print_csv(rows, _REQ_COLUMNS)
    else:
        out.print(_table(f"reassignment requests ({len(rows)})", rows,
                         ["status", "requester", "task_text", "assigned_by_label", "to_agency", "via_label", "reason", "resolved_by_label"]))


# --------------------------------------------------------------------------- findings

def findings_cmd(
    kind: Annotated[str | None, typer.Option("--kind", help=f"One of {', '.join(KINDS)}.")] = None,
    store: StoreOpt = DEFAULT_PATH,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """Data-quality findings over the whole store."""
    _both(as_json, as_csv)
    found = _ask(store, lambda s: findings(s, kind=kind))
    if as_json:
        _print_json(found)
        return
    rows = [{"kind": f["kind"], "documents": [_ref_label(d) for d in f["documents"]], "detail": f["detail"],
             "task": f.get("task"), "file": (f.get("evidence") or {}).get("file") or f.get("file"),
             "sentence": (f.get("evidence") or {}).get("sentence")} for f in found]
    if as_csv:
        _print_csv(rows, ["kind", "documents", "detail", "task", "file", "sentence"])
    else:
        out.print(_table(f"findings ({len(rows)})", rows, ["kind", "documents", "detail", "file"]))


def _ref_label(d: dict[str, Any]) -> str:
    if d.get("number"):
        return f"{d['number']}/{d['symbol']}" + (f" ({d['year']})" if d.get("year") else "")
    return str(d.get("file") or d.get("iri") or "?")


# --------------------------------------------------------------------------- agency

def agency_cmd(
    name: Annotated[str, typer.Argument(help="An agency's name (diacritics optional) or IRI.")],
    store: StoreOpt = DEFAULT_PATH,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """An agency's tasks by role and document, the requests it made or received, its budget lines."""
    _both(as_json, as_csv)
    with _open(store, read_only=True) as s:
        found = find_agencies(s, name)
        if not found:
            raise _fail(f"expected the name of an agency in the store, found none matching {name!r}", 1)
        docs = Docs(s)
        profiles = [profile(s, a, docs=docs) for a in found]
    if as_json:
        _print_json([p.to_dict() for p in profiles])
        return
    if as_csv:
        rows = [{"agency": p.agency.label, "section": "task", **t} for p in profiles for t in p.tasks]
        rows += [{"agency": p.agency.label, "section": "request", "role": q.status, "task": q.task_text,
                  "by_label": q.assigned_by_label, "sentence": q.sentence} for p in profiles for q in p.requests]
        rows += [{"agency": p.agency.label, "section": "budget", "role": b["kind"], "task": b["title"],
                  "amount_vnd": b["amount_vnd"], "sentence": b["sentence"]} for p in profiles for b in p.budget]
        _print_csv(rows, ["agency", "section", "role", "task", "by_label", "date", "amount_vnd", "file", "sentence"])
        return
    for p in profiles:
        out.print(f"[bold]{escape(p.agency.label)}[/bold] [dim]{escape(p.agency.iri)}[/dim]")
        if p.sub_units:
            out.print("sub-units: " + escape(", ".join(a.label for a in p.sub_units)))
        out.print(_table(f"tasks ({len(p.tasks)})", p.tasks, ["role", "task", "by_label", "date"]))
        if p.requests:
            out.print(_table(f"reassignment requests ({len(p.requests)})", [q.to_dict() for q in p.requests],
                             ["status", "requester", "task_text", "to_agency", "via_label"]))
        if p.budget:
            out.print(_table(f"budget lines ({len(p.budget)})", p.budget, ["kind", "title", "amount_vnd", "funding_source"]))


# --------------------------------------------------------------------------- network

def network_cmd(
    top: Annotated[int, typer.Option("--top", min=1, help="How many central documents to list.")] = 10,
    store: StoreOpt = DEFAULT_PATH,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """The document network: separate webs of law and the documents most rested upon."""
    _both(as_json, as_csv)
    with _open(store, read_only=True) as s:
        g = legal_graph(s)
        docs = Docs(s)
        central = [{"document": docs[d].label, "rested_on_by": n, "in_degree_centrality": c, "iri": d}
                   for d, n, c in central_documents(g, top)]
        parts = components(g)
    summary = {"documents": g.number_of_nodes(), "links": g.number_of_edges(), "components": len(parts),
               "largest_component": len(parts[0]) if parts else 0, "central": central}
    if as_json:
        _print_json(summary)
    elif as_csv:
        _print_csv(central, ["document", "rested_on_by", "in_degree_centrality", "iri"])
    else:
        out.print(f"{summary['documents']} linked documents, {summary['links']} links, {summary['components']} separate webs "
                  f"(largest: {summary['largest_component']} documents)")
        out.print(_table("documents most rested upon", central, ["document", "rested_on_by", "in_degree_centrality"]))


COMMANDS: dict[str, Callable[..., None]] = {
    "trace": trace_cmd, "conflicts": conflicts_cmd, "reassignments": reassignments_cmd,
    "findings": findings_cmd, "agency": agency_cmd, "network": network_cmd,
}


def register(app: typer.Typer) -> None:
    for name, fn in COMMANDS.items():
        app.command(name)(fn)
