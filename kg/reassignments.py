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
    out.sort(key=_carried(docs))
    return out


def _requests(store: Store, rows: list[dict[str, Any]], docs: Docs, known: dict[str, list[tuple[str, str]]] | None = None,
              keep: Callable[[Request], bool] | None = None) -> list[Request]:
    """The requests of `rows` that `keep` keeps (all without it), each settled (see `_settle`);
    `known`, the leads of tasks already read (task → [(document, agency)])."""
    reqs = [Request(
        iri=r["fact"], requester=None, task=r["task"], task_text=r["taskText"], assigned_by=r["assignedBy"],
        assigned_by_label=None, from_agency=None, to_agency=None, via=r["via"], via_label=None, reason=r["reason"],
        file=r["file"], sentence=r["sentence"], start=r["start"], end=r["end"],
        agency_iris={"requester": r["requester"], "from": r["fromAgency"], "to": r["toAgency"]},
    ) for r in rows]
    # dropped before anything more is read of them
    reqs = [q for q in reqs if keep is None or keep(q)]
    # the names and documents of all of them at once, not a query each
    agencies = sorted({iri for q in reqs for iri in q.agency_iris.values() if iri})
    names = {a.iri: a.label for a in agency_info(store, agencies)} if agencies else {}
    docs.prefetch({d for q in reqs for d in (q.assigned_by, q.via) if d})
    # several requests often name one task (9 for one task at 100k documents): its leads once
    leads: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
    for q in reqs:
        iris = q.agency_iris
        q.requester, q.from_agency, q.to_agency = (names.get(i, i) if i else None for i in (iris["requester"], iris["from"], iris["to"]))
        q.assigned_by_label = docs[q.assigned_by].label if q.assigned_by else None
        q.via_label = docs[q.via].label if q.via else None
        if q.task is not None:
            _settle(q, _leads(store, q.task, iris["to"], known or {}, leads), docs)
    return reqs


def _leads(store: Store, task: str, wanted: str | None, known: dict[str, list[tuple[str, str]]],
           read: dict[tuple[str, str | None], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The (document, agency) leads of `task` that can settle a request asking for `wanted`: those
    of `wanted` when the request names an agency (a task restated by every plan of a province
    has thousands of leads, 1,457 for one at 100k documents), else all of them.  `known` holds
    tasks whose leads the caller has, `read` those already read."""
    if task in known:
        return known[task]
    if (task, wanted) not in read:
        read[task, wanted] = ([(r["by"], wanted) for r in select(store, "task_leads_by", task=URIRef(task), agency=URIRef(wanted))]
                              if wanted else [(r["by"], r["agency"]) for r in select(store, "task_leads", task=URIRef(task))])
    return read[task, wanted]


def requests_about(store: Store, task: str, naming: set[str], wordings: list[str], *, docs: Docs | None = None,
                   assignments: list[dict[str, Any]] | None = None) -> list[Request]:
    """The requests about one task: those linked to its node, and of `naming` (the requests that
    name a document giving the task as the one that assigned theirs) those whose wording covers
    one of the task's `wordings` (see `about`); `assignments`, the task's task_assignments rows
    when the caller has all of them already."""
    docs = docs or Docs(store)
    rows: dict[str, dict[str, Any]] = {}
    for r in select(store, "requests_of", task=URIRef(task)):
        rows.setdefault(r["fact"], r)
    rest = sorted(naming - set(rows))
    for r in select(store, "requests", fact=[URIRef(i) for i in rest]) if rest else ():
        rows.setdefault(r["fact"], r)
    known = {task: _leads_of(assignments)} if assignments is not None else {}
    # the documents `naming` names give the task (task_documents.rq found them so)
    by_docs = {r["assignedBy"] for fact, r in rows.items() if fact in naming and r["assignedBy"]}
    out = _requests(store, list(rows.values()), docs, known, keep=lambda q: bool(about([q], task, by_docs, wordings)))
    return sorted(out, key=_carried(docs))


def _carried(docs: Docs) -> Callable[[Request], tuple[tuple[str, str], str]]:
    """The order of requests: oldest carrying document first, then by IRI (the same on every backend)."""
    return lambda q: (docs[q.via].sort_key() if q.via else ("9999", ""), q.iri)


def _leads_of(assignments: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The (document, agency) leads among task_assignments rows, as task_leads gives them."""
    return [(a["by"], a["agency"]) for a in assignments if a["role"] == str(CANCU.Lead)]


def about(requests: list[Request], task: str, by_docs: set[str], wordings: list[str]) -> list[Request]:
    """The requests about one task: linked to its node, or to a document that assigns it with a
    wording the request's covers (a request often names several tasks in one sentence)."""
    return [q for q in requests if q.task == task or (
        q.assigned_by in by_docs and q.task_text and any(similar_task(w, q.task_text) for w in wordings))]


def _settle(req: Request, leads: list[tuple[str, str]], docs: Docs) -> None:
    """Mark `req` resolved when a later document gives its task's lead (one of `leads`, the task's
    (document, agency) leads) where the request asks; of several such documents, the earliest."""
    wanted = req.agency_iris.get("to")
    refused = req.agency_iris.get("requester") or req.agency_iris.get("from")
    moved = {by for by, agency in leads if by != req.assigned_by
             and (agency == wanted if wanted else agency not in (None, refused))}
    docs.prefetch(moved)
    later = sorted((docs[by].sort_key(), by) for by in moved if req.assigned_by is None or docs.later(by, req.assigned_by))
    if later:
        by = later[0][1]
        req.status, req.resolved_by, req.resolved_by_label = "resolved", by, docs[by].label


def _involves(req: Request, agency: str) -> bool:
    if agency in req.agency_iris.values():
        return True
    want = fold(agency)
    return any(name and want in fold(name) for name in (req.requester, req.from_agency, req.to_agency))
