"""The legal-basis trace: from a task or a document up to the national law, and back down.

Up: a task → each document that assigns it (with who leads, supports, monitors) → every
document that one is based on, implements, amends or replaces → … until documents that
rest on nothing the graph knows (the roots; national ones are marked).  Down: a document →
every document resting on it → the tasks they assign → the agencies that carry them.

A trace is a tree of `Node`s.  The graph itself is not a tree: a document reached twice
(two paths, or a cycle in bad data) is expanded the first time and shown as a `repeat`
afterwards, so the tree is finite and every link still appears.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from rdflib import Literal, URIRef

from kg.docs import LINKS, Docs, select
from kg.iri import ID
from kg.namespace import CANCU, CANCU_NS
from kg.reassignments import requests_about
from kg.store import Store
from kg.tasks import shortest_first
from loaders.gazetteer import fold
from loaders.model import CancuError
from loaders.symbols import REF_RE, parse_ref, symbol_key

__all__ = ["PLANS_SHOWN", "Node", "Target", "TargetError", "find_targets", "trace", "trace_down", "trace_task", "trace_up"]

ROLES = {str(CANCU.Lead): "lead", str(CANCU.Support): "support", str(CANCU.Monitor): "monitor"}


class TargetError(CancuError):
    """A trace target that names nothing in the store, or several things."""


@dataclass
class Node:
    """One step of a trace.  `relation` says how it hangs from its parent."""

    kind: str  # "document", "task", "request" or "agency"
    iri: str
    label: str
    relation: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    repeat: bool = False

    def walk(self, depth: int = 0, parent: Node | None = None) -> Iterator[tuple[int, Node, Node | None]]:
        """Every node with its depth and parent, parents first."""
        yield depth, self, parent
        for c in self.children:
            yield from c.walk(depth + 1, self)

    def roots(self) -> list[Node]:
        """The documents at the top of an upward trace: those with nothing above them."""
        return [n for _, n, _ in self.walk() if n.kind == "document" and not n.repeat and not any(
            c.kind == "document" for c in n.children)]

    def shown_of(self) -> str | None:
        """For a task whose trace shows fewer documents than give it, a sentence that says so."""
        shown, given = self.details.get("shown", 0), self.details.get("documents", 0)
        return f"the {shown} newest of the {given} documents that give it" if self.kind == "task" and shown < given else None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "iri": self.iri, "label": self.label, "relation": self.relation,
                "repeat": self.repeat, "details": self.details, "children": [c.to_dict() for c in self.children]}


def _doc_node(docs: Docs, iri: str, relation: str | None) -> Node:
    info = docs[iri]
    details = {"date": info.date, "issuer": info.issuer, "title": info.title,
               "seen": info.seen, "national": info.national, "file": info.file}
    if len(info.dates) > 1:
        details["dates"] = info.dates
    return Node("document", iri, info.label, relation, details)


def _doc_once(docs: Docs, iri: str, relation: str | None, shown: set[str]) -> Node:
    """A document's node, marked as a repeat when the tree already holds it (then not expanded)."""
    node = _doc_node(docs, iri, relation)
    node.repeat = iri in shown
    shown.add(iri)
    return node


def _local(prop: str) -> str:
    return prop[len(CANCU_NS):] if prop.startswith(CANCU_NS) else prop


def trace_up(store: Store, doc: str, *, docs: Docs | None = None, shown: set[str] | None = None,
             relation: str | None = None) -> Node:
    """The tree of documents above `doc`, following basedOn, implements, amends and replaces."""
    docs = docs or Docs(store)
    shown = set() if shown is None else shown
    docs.climb({doc})

    def grow(iri: str, rel: str | None) -> Node:
        node = _doc_once(docs, iri, rel, shown)
        if node.repeat:
            return node
        for prop, to in sorted(docs.up(iri), key=lambda pt: (LINKS.index(pt[0]), docs[pt[1]].sort_key())):
            node.children.append(grow(to, prop))
        return node

    return grow(doc, relation)


def _assignment(r: dict[str, Any]) -> dict[str, Any]:
    return {"role": ROLES.get(r["role"], r["role"]), "agency": r["agencyLabel"] or r["agency"], "agency_iri": r["agency"],
            "task": r["taskText"], "deadline": r["deadline"], "file": r["file"], "start": r["start"],
            "end": r["end"], "sentence": r["sentence"]}


# Documents that give a task shown in its trace unless asked otherwise: the newest.  A task
# restated by every yearly plan of a province is given by hundreds of documents (1,594 for one
# at 100k synthetic documents), a tree no reader takes in and whose reading grows with them.
# Each one shown costs about 1.7 ms at 100k documents (its assignments with their evidence,
# its chain up to the national law): trace p99 43-44 ms with 10, 55-60 ms with 20.
PLANS_SHOWN = 10


def trace_task(store: Store, task: str, *, docs: Docs | None = None, limit: int | None = PLANS_SHOWN) -> Node:
    """A task, each document that assigns it with its assignments, their bases up to the roots,
    and the reassignment requests about it.

    `limit` keeps the `limit` newest documents that give the task (by date, else year; undated
    last; ties by IRI, so that every backend shows the same ones; None: all of them); the
    task's details say how many give it (`documents`) and how many are shown (`shown`).
    Requests are looked for under every document that gives it.
    """
    docs = docs or Docs(store)
    census = select(store, "task_documents", task=URIRef(task))
    given = next(r["documents"] for r in census if r["documents"] is not None)
    # a limit of at least the documents there are is none (and no LIMIT of 10^31 reaches the store)
    page = select(store, "task_page", task=URIRef(task), limit=limit if limit is not None and limit < given else None)
    rows = select(store, "task_assignments", task=URIRef(task), by=[URIRef(r["by"]) for r in page])
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_doc[r["by"]].append(_assignment(r))
    complete = len(page) == given
    texts = {a["task"] for a in chain.from_iterable(by_doc.values()) if a["task"]} if complete else set()
    wordings = shortest_first(texts or {r["wording"] for r in select(store, "tasks", task=URIRef(task))})
    node = Node("task", task, wordings[0] if wordings else task,
                details={"wordings": wordings, "documents": given, "shown": len(by_doc)})
    docs.climb(set(by_doc))  # all the plans' climbs at once
    shown: set[str] = set()
    for by in sorted(by_doc, key=lambda d: docs[d].sort_key()):
        child = trace_up(store, by, docs=docs, shown=shown, relation="assigned by")
        # down to the evidence: one document's assignment restated by a report ties on role and agency
        child.details["assignments"] = sorted(by_doc[by], key=lambda a: (list(ROLES.values()).index(a["role"])
                                              if a["role"] in ROLES.values() else 9, a["agency"] or "",
                                              a["file"] or "", a["start"] or 0))
        node.children.append(child)
    naming = {r["request"] for r in census if r["request"]}
    # the leads of the documents not shown are read only when a request needs them
    for req in requests_about(store, task, naming, wordings, docs=docs, assignments=rows if complete else None):
        rn = Node("request", req.iri, f"{req.from_agency or req.requester} → {req.to_agency or '?'}",
                  "reassignment requested", req.to_dict())
        for iri, rel in ((req.assigned_by, "original assignment"), (req.via, "carried by"),
                         (req.resolved_by, "resolved by")):
            if iri:
                rn.children.append(trace_up(store, iri, docs=docs, shown=shown, relation=rel))
        node.children.append(rn)
    return node


def trace_down(store: Store, doc: str, *, docs: Docs | None = None) -> Node:
    """The tree of documents resting on `doc`, each with the tasks it assigns and to whom."""
    docs = docs or Docs(store)
    below: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in select(store, "links_down", start=URIRef(doc)):
        if r["property"] and r["from"]:
            below[r["doc"]].append((_local(r["property"]), r["from"]))
    shown: set[str] = set()

    def grow(iri: str, rel: str | None) -> Node:
        node = _doc_once(docs, iri, rel, shown)
        if node.repeat:
            return node
        for prop, child in sorted(set(below.get(iri, ())), key=lambda pc: docs[pc[1]].sort_key()):
            node.children.append(grow(child, prop))
        tasks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in select(store, "doc_assignments", by=URIRef(iri)):
            tasks[r["task"]].append(_assignment(r))
        for t, assignments in sorted(tasks.items(), key=lambda kv: min(a["task"] or "" for a in kv[1])):
            tn = Node("task", t, next(iter(shortest_first(a["task"] for a in assignments if a["task"])), t), "assigns")
            for a in sorted(assignments, key=lambda a: (a["role"] or "", a["agency"] or "", a["file"] or "", a["start"] or 0)):
                tn.children.append(Node("agency", a["agency_iri"] or "", a["agency"] or "?", a["role"], a))
            node.children.append(tn)
        return node

    return grow(doc, None)


@dataclass(frozen=True)
class Target:
    kind: str  # "document" or "task"
    iri: str
    label: str


def find_targets(store: Store, text: str, *, province: str | None = None, year: int | None = None,
                 docs: Docs | None = None) -> list[Target]:
    """What a user's words name: an IRI, a reference ("Quyết định 03/QĐ-BCĐ", "199/KH-UBND"),
    the name of an ingested file, or words of a task (matched without diacritics)."""
    docs = docs or Docs(store)
    text = text.strip()
    if text.startswith(str(ID)):
        kind = "task" if text.startswith(str(ID) + "task/") else "document"
        return [Target(kind, text, docs[text].label if kind == "document" else text)]
    m = REF_RE.search(text)
    if m:
        ref = parse_ref(m)
        out = []
        for r in select(store, "docs_by_number", number=Literal(ref.number)):
            if symbol_key(r["symbol"]) != symbol_key(ref.symbol):
                continue
            if (year or ref.year) and r["year"] not in (None, year or ref.year):
                continue
            if province and r["jurisdiction"] and fold(province).replace(" ", "-") not in (r["jurisdiction"] or ""):
                continue
            out.append(Target("document", r["doc"], docs[r["doc"]].label))
        return sorted(set(out), key=lambda t: t.iri)
    files = [Target("document", r["doc"], f"{docs[r['doc']].label}") for r in select(store, "files") if r["file"] == text]
    if files:
        return files
    want = fold(text)
    hits: dict[str, str] = {}
    for r in select(store, "tasks"):
        if want and want in fold(r["wording"]):
            hits.setdefault(r["task"], r["wording"])
    return sorted((Target("task", t, w) for t, w in hits.items()), key=lambda t: t.iri)


def trace(store: Store, text: str, *, down: bool = False, province: str | None = None,
          year: int | None = None, limit: int | None = PLANS_SHOWN) -> list[Node]:
    """The trace of each thing `text` names: up from a task or a document, or down from a document;
    of a task, the `limit` newest documents that give it (`trace_task`).

    :raises TargetError: when `text` names nothing in the store.
    """
    docs = Docs(store)
    targets = find_targets(store, text, province=province, year=year, docs=docs)
    if not targets:
        raise TargetError(f"expected a document reference, an ingested file name, a task's words or an IRI; "
                          f"found nothing in the store matching {text!r}")
    out = []
    for t in targets:
        if t.kind == "task":
            node = trace_task(store, t.iri, docs=docs, limit=limit)
            out.append(_down_tasks(store, node, docs) if down else node)
        else:
            out.append(trace_down(store, t.iri, docs=docs) if down else trace_up(store, t.iri, docs=docs))
    return out


def _down_tasks(store: Store, node: Node, docs: Docs) -> Node:
    """Down from a task there is only who carries it: the task with its agencies."""
    out = Node("task", node.iri, node.label, details=node.details)
    for child in node.children:
        for a in child.details.get("assignments", ()):
            out.children.append(Node("agency", a["agency_iri"] or "", a["agency"] or "?", a["role"], a | {"by": child.label}))
    return out
