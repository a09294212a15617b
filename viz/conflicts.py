"""Conflicting assignments and reassignment requests, the competing assignments side by side.

One band per case, top to bottom.  A conflict across documents: the task on top, each
assigning document in its own column (older on the left, the newer one marked) with the
agency it gives the lead to beneath it, and the requests about the task in the middle.
Co-leads: one document, its lead agencies side by side.  A request no conflict shows:
the original assignment on the left, the agency the task should move to on the right
(with the document that moved it, when one did), the request between them.

Nodes are per band (a document in two conflicts is drawn twice), so that every band
keeps its columns; positions are fixed, there is nothing to simulate.
"""
from __future__ import annotations

from typing import Any

from kg.conflicts import Conflict, conflicts
from kg.docs import Docs
from kg.reassignments import Request, reassignments
from kg.store import Store
from viz.common import doc_facts, doc_kind, request_facts
from viz.page import Fact, Page, VEdge, VNode

__all__ = ["conflicts_page"]

_COLUMN = 380
_ROW = 150


class _Band:
    """One case's nodes: ids prefixed by the band, so a node appears once per band."""

    def __init__(self, page: Page, docs: Docs, n: int, top: float) -> None:
        self.page, self.docs, self.prefix, self.top = page, docs, f"b{n}|", top
        self.leads: dict[str, str] = {}  # agency IRI -> its node in this band

    def doc(self, iri: str, x: float, row: int, *, focus: bool = False, note: str | None = None) -> str:
        info = self.docs[iri]
        facts: list[Fact] = ([("note", note)] if note else []) + doc_facts(info)
        node = self.page.add_node(VNode(self.prefix + iri, doc_kind(info), info.label, facts, iri=iri,
                                        x=x, y=self.top + row * _ROW, focus=focus))
        return node.id

    def agency(self, iri: str | None, name: str | None, x: float, row: int, key: str = "") -> str:
        if iri in self.leads:
            return self.leads[iri]  # a request's agency already drawn as a lead: the same node
        node = self.page.add_node(VNode(f"{self.prefix}{iri or name}{key}", "agency", name or iri or "?", [],
                                        iri=iri, x=x, y=self.top + row * _ROW))
        return node.id

    def task(self, iri: str, label: str, x: float = 0) -> str:
        return self.page.add_node(VNode(self.prefix + iri, "task", label, [], iri=iri, x=x, y=self.top)).id

    def request(self, q: Request, x: float, row: int) -> str:
        label = f"{q.from_agency or q.requester} → {q.to_agency or '?'} ({q.status})"
        return self.page.add_node(VNode(self.prefix + q.iri, "request", label, request_facts(q.to_dict()),
                                        iri=q.iri, x=x, y=self.top + row * _ROW)).id

    def title(self, text: str) -> None:
        self.page.add_node(VNode(self.prefix + "title", "heading", text, [], x=-2.2 * _COLUMN, y=self.top))


def _assignment_facts(a: dict[str, Any]) -> list[Fact]:
    return [("document", a["by_label"]), ("date", a["date"]), ("file", a["file"]), ("evidence", a["sentence"])]


def conflicts_page(store: Store) -> Page:
    """Every conflicting assignment, then every reassignment request no conflict already shows."""
    docs = Docs(store)
    found = conflicts(store, docs=docs)
    requests = reassignments(store, docs=docs)
    page = Page("Conflicting assignments and reassignment requests", layout="fixed")
    top = 0.0
    shown: set[str] = set()
    for n, c in enumerate(found):
        band = _Band(page, docs, n, top)
        rows = _conflict(band, c, shown)
        top += (rows + 1.6) * _ROW
    rest = [q for q in requests if q.iri not in shown]
    for n, q in enumerate(rest, start=len(found)):
        band = _Band(page, docs, n, top)
        _request(band, q)
        top += 4.6 * _ROW
    if not found and not requests:
        page.notes.append("No task is led by more than one agency, and no reassignment is requested.")
    else:
        page.notes.append(f"{len(found)} conflicting assignments, {len(requests)} reassignment requests "
                          f"({sum(q.status == 'pending' for q in requests)} pending).")
    return page


def _conflict(band: _Band, c: Conflict, shown: set[str]) -> int:
    """Draw one conflict; the number of rows it takes below its task."""
    band.title(f"{'Conflict across documents' if c.kind == 'across documents' else 'Co-leads in one document'}")
    task = band.task(c.task, c.task_label)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for a in c.leads:
        by_doc.setdefault(a["by"], []).append(a)
    columns = [(by, a) for by, leads in by_doc.items() for a in leads] if c.kind == "co-leads" else \
        [(by, leads[0]) for by, leads in by_doc.items()]
    width = len(columns)
    for i, (by, a) in enumerate(columns):
        x = (i - (width - 1) / 2) * _COLUMN
        newer = c.newer is not None and c.newer["by"] == by
        note = "newer: normally prevails" if newer else None
        doc = band.doc(by, 0 if c.kind == "co-leads" else x, 1, focus=newer, note=note)
        page = band.page
        page.add_edge(VEdge(doc, task, "assigns", [("evidence", a["sentence"])]))
        agency = band.agency(a["agency_iri"], a["agency"], x, 2, key=f"|{by}")
        band.leads.setdefault(a["agency_iri"], agency)
        page.add_edge(VEdge(doc, agency, "lead", _assignment_facts(a)))
    rows = 2
    for j, q in enumerate(c.requests):
        shown.add(q.iri)
        x = (j - (len(c.requests) - 1) / 2) * _COLUMN
        req = band.request(q, x, 3)
        band.page.add_edge(VEdge(req, task, "task", [("evidence", q.sentence)]))
        _request_ends(band, q, req, x, 4)
        rows = 4
    return rows


def _request_ends(band: _Band, q: Request, req: str, x: float, row: int) -> None:
    """The agencies a request moves the task between and the document that carries it."""
    page = band.page
    ids = q.agency_iris
    if ids.get("from") or q.from_agency:
        page.add_edge(VEdge(req, band.agency(ids.get("from"), q.from_agency, x - _COLUMN / 3, row, "|from"), "fromAgency", []))
    if ids.get("to") or q.to_agency:
        page.add_edge(VEdge(req, band.agency(ids.get("to"), q.to_agency, x + _COLUMN / 3, row, "|to"), "toAgency", []))
    if q.via:
        page.add_edge(VEdge(req, band.doc(q.via, x, row + 0.7), "via", [("evidence", q.sentence)]))


def _request(band: _Band, q: Request) -> None:
    """A request alone: the original assignment left, where it should go right, the request between."""
    page = band.page
    band.title(f"Reassignment request ({q.status})")
    left, right = -_COLUMN, _COLUMN
    req = band.request(q, 0, 1)
    if q.task:
        page.add_edge(VEdge(req, band.task(q.task, q.task_text or q.task), "task", [("evidence", q.sentence)]))
    if q.assigned_by:
        doc = band.doc(q.assigned_by, left, 1, note="original assignment")
        page.add_edge(VEdge(req, doc, "assignedBy", []))
        if q.from_agency or q.agency_iris.get("from"):
            page.add_edge(VEdge(doc, band.agency(q.agency_iris.get("from"), q.from_agency, left, 2, "|from"), "lead", []))
    if q.resolved_by:
        doc = band.doc(q.resolved_by, right, 1, focus=True, note="gives the task where the request asks")
        page.add_edge(VEdge(req, doc, "resolved by", []))
        if q.to_agency or q.agency_iris.get("to"):
            page.add_edge(VEdge(doc, band.agency(q.agency_iris.get("to"), q.to_agency, right, 2, "|to"), "lead", []))
    ids = q.agency_iris
    if ids.get("from") or q.from_agency:
        page.add_edge(VEdge(req, band.agency(ids.get("from"), q.from_agency, left, 2, "|from"), "fromAgency", []))
    if ids.get("to") or q.to_agency:
        page.add_edge(VEdge(req, band.agency(ids.get("to"), q.to_agency, right, 2, "|to"), "toAgency", []))
    if q.via:
        page.add_edge(VEdge(req, band.doc(q.via, 0, 3), "via", [("evidence", q.sentence)]))
