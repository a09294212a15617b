"""Reassignment requests over the whole store, and whether a later document already moved the task.

A request is *resolved* when a document issued after the one that first assigned the task
gives the lead of that task to the agency the request proposes (or, when the request names
no agency, to anyone but the requester); otherwise it is *pending*.  The resolving
document is named, so a reader can check it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import URIRef

from kg.docs import Docs, agency_info, select
from kg.findings import similar_task
from kg.namespace import CANCU
from kg.store import Store
from loaders.gazetteer import fold

__all__ = ["Request", "STATUSES", "about", "reassignments", "requests_about"]

STATUSES = ("pending", "resolved")


@dataclass
class Request:
    iri: str
    requester: str | None
    task: str | None
    task_text: str | None
    assigned_by: str | None
    assigned_by_label: str | None
    from_agency: str | None
    to_agency: str | None
    via: str | None
    via_label: str | None
    reason: str | None
    file: str | None
    sentence: str | None
    start: int | None
    end: int | None
    status: str = "pending"
    resolved_by: str | None = None
    resolved_by_label: str | None = None
    agency_iris: dict[str, str | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _label(store: Store, iri: str | None) -> str | None:
    if iri is None:
        return None
    return next((a.label for a in agency_info(store, iri)), iri)


def reassignments(store: Store, *, agency: str | None = None, status: str | None = None,
                  task: str | None = None, docs: Docs | None = None) -> list[Request]:
    """Every reassignment request, oldest carrying document first.

    `agency` keeps the requests an agency made or is asked to take (a name, matched
    without diacritics, or an agency IRI); `status` keeps "pending" or "resolved" ones;
    `task` keeps those about one task node.

    :raises ValueError: for a status that is neither "pending" nor "resolved".
    """
    if status is not None and status not in STATUSES:
        raise ValueError(f"status: expected one of {', '.join(STATUSES)}, found {status!r}")
    docs = docs or Docs(store)
    # the task is an OPTIONAL part of the query, where a bound value would not filter
    out = _requests(store, [r for r in select(store, "requests") if task is None or r["task"] == task], docs)
    if agency:
        out = [q for q in out if _involves(q, agency)]
    if status:
        out = [q for q in out if q.status == status]
    out.sort(key=lambda q: (docs[q.via].sort_key() if q.via else ("9999", ""), q.iri))
    return out


def _requests(store: Store, rows: list[dict[str, Any]], docs: Docs, known: dict[str, list[dict[str, Any]]] | None = None,
              keep: Callable[[Request], bool] | None = None) -> list[Request]:
    """The requests of `rows` that `keep` keeps (all without it), each settled (see `_settle`);
    `known`, task_assignments rows already read, by task."""
    out: list[Request] = []
    names: dict[str | None, str | None] = {}
    # several requests often name one task (9 for one task at 100k documents): its assignments once
    assignments: dict[str, list[dict[str, Any]]] = dict(known or {})
    for r in rows:
        for key in ("requester", "fromAgency", "toAgency"):
            if r[key] not in names:
                names[r[key]] = _label(store, r[key])
        req = Request(
            iri=r["fact"], requester=names[r["requester"]], task=r["task"], task_text=r["taskText"],
            assigned_by=r["assignedBy"], assigned_by_label=docs[r["assignedBy"]].label if r["assignedBy"] else None,
            from_agency=names[r["fromAgency"]], to_agency=names[r["toAgency"]],
            via=r["via"], via_label=docs[r["via"]].label if r["via"] else None, reason=r["reason"],
            file=r["file"], sentence=r["sentence"], start=r["start"], end=r["end"],
            agency_iris={"requester": r["requester"], "from": r["fromAgency"], "to": r["toAgency"]},
        )
        if keep is not None and not keep(req):
            continue  # before settling it: that reads all the assignments of its task
        if req.task is not None and req.task not in assignments:
            assignments[req.task] = select(store, "task_assignments", task=URIRef(req.task))
        _settle(req, assignments.get(req.task or "", []), docs)
        out.append(req)
    return out


def requests_about(store: Store, task: str, by_docs: set[str], wordings: list[str], *, docs: Docs | None = None,
                   assignments: list[dict[str, Any]] | None = None) -> list[Request]:
    """The requests about one task (see `about`), asking the store only for candidates;
    `assignments`, the task's task_assignments rows when the caller has them already."""
    docs = docs or Docs(store)
    rows: dict[str, dict[str, Any]] = {}
    # The task's own requests once, then a query per document (as VALUES, Oxigraph took as
    # long, or minutes inside the UNION).  A parameter not wanted is bound to an IRI nothing
    # answers for it (no request is assigned by a task, none names a document as its task):
    # binding the task for every document made each query walk all the task's assignments.
    for for_task, for_doc in [(task, task), *((by, by) for by in sorted(by_docs))]:
        for r in select(store, "requests_of", forTask=URIRef(for_task), forDoc=URIRef(for_doc)):
            rows.setdefault(r["fact"], r)
    known = {task: assignments} if assignments is not None else {}
    return _requests(store, list(rows.values()), docs, known, keep=lambda q: bool(about([q], task, by_docs, wordings)))


def about(requests: list[Request], task: str, by_docs: set[str], wordings: list[str]) -> list[Request]:
    """The requests about one task: linked to its node, or to a document that assigns it with a
    wording the request's covers (a request often names several tasks in one sentence)."""
    return [q for q in requests if q.task == task or (
        q.assigned_by in by_docs and q.task_text and any(similar_task(w, q.task_text) for w in wordings))]


def _settle(req: Request, assignments: list[dict[str, Any]], docs: Docs) -> None:
    """Mark `req` resolved when a later document gives its task's lead (one of `assignments`,
    the task's task_assignments rows) where the request asks."""
    wanted = req.agency_iris.get("to")
    refused = req.agency_iris.get("requester") or req.agency_iris.get("from")
    for a in assignments:
        if a["role"] != str(CANCU.Lead) or a["by"] == req.assigned_by:
            continue
        moved = a["agency"] == wanted if wanted else a["agency"] not in (None, refused)
        if moved and (req.assigned_by is None or docs.later(a["by"], req.assigned_by)):
            req.status, req.resolved_by, req.resolved_by_label = "resolved", a["by"], docs[a["by"]].label
            return


def _involves(req: Request, agency: str) -> bool:
    if agency in req.agency_iris.values():
        return True
    want = fold(agency)
    return any(name and want in fold(name) for name in (req.requester, req.from_agency, req.to_agency))
