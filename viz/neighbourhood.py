"""The neighbourhood of any node to depth N: documents, tasks, agencies and requests around it.

Grown breadth first with the `neighbours` query (one per node reached), up to `limit`
nodes: an agency that issued thousands of documents would otherwise draw them all.
A citation is drawn only between documents no stronger link already joins.
"""
from __future__ import annotations

from rdflib import URIRef

from kg.agency import find_agencies
from kg.docs import Docs, agency_info, select
from kg.namespace import CANCU_NS
from kg.reassignments import Request, reassignments
from kg.store import Store
from kg.tasks import shortest_first
from kg.trace import TargetError, find_targets
from viz.common import doc_facts, doc_kind, request_facts
from viz.page import Fact, Page, VEdge, VNode

__all__ = ["neighbourhood_page", "resolve_nodes"]

_KINDS = {CANCU_NS + "LegalDocument": "document", CANCU_NS + "Task": "task", CANCU_NS + "Agency": "agency",
          CANCU_NS + "ReassignmentRequest": "request"}
_ORG = "http://www.w3.org/ns/org#"
MAX_DEPTH = 4


def resolve_nodes(store: Store, text: str, *, docs: Docs | None = None) -> list[tuple[str, str]]:
    """What `text` names, as (IRI, kind): an IRI of the store, else a document reference, an
    ingested file, a task's words (as `kg.trace.find_targets`) or an agency's name."""
    text = text.strip()
    if "://" in text:
        kinds = [_KINDS[r["type"]] for r in select(store, "node_types", node=URIRef(text)) if r["type"] in _KINDS]
        return [(text, kinds[0])] if kinds else []
    found = [(t.iri, t.kind) for t in find_targets(store, text, docs=docs)]
    return found or [(a.iri, "agency") for a in find_agencies(store, text)]


def _rel(iri: str) -> str:
    """The relation's style name: the property's local name, a role in lower case (cancu:Lead → lead)."""
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return local.lower() if local in ("Lead", "Support", "Monitor") else local


class _Labels:
    """Names and tooltips of the nodes a page draws, each looked up once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.docs = Docs(store)
        self._tasks: dict[str, list[str]] | None = None
        self._requests: dict[str, Request] | None = None

    def node(self, iri: str, kind: str) -> VNode:
        if kind == "document":
            info = self.docs[iri]
            return VNode(iri, doc_kind(info), info.label, doc_facts(info), iri=iri)
        if kind == "task":
            if self._tasks is None:
                self._tasks = {}
                for r in select(self.store, "tasks"):
                    self._tasks.setdefault(r["task"], []).append(r["wording"])
            wordings = shortest_first(self._tasks.get(iri, [iri]))
            return VNode(iri, "task", wordings[0], [("wordings", wordings)], iri=iri)
        if kind == "agency":
            found = agency_info(self.store, iri)
            a = found[0] if found else None
            facts: list[Fact] = [("province", a.province if a else None), ("part of", a.parent if a else None)]
            return VNode(iri, "agency", a.label if a else iri, facts, iri=iri)
        if self._requests is None:
            self._requests = {q.iri: q for q in reassignments(self.store, docs=self.docs)}
        q = self._requests.get(iri)
        label = f"{q.from_agency or q.requester} → {q.to_agency or '?'}" if q else "reassignment request"
        return VNode(iri, "request", label, request_facts(q.to_dict()) if q else [], iri=iri)


def neighbourhood_page(store: Store, node: str, *, depth: int = 1, limit: int = 300) -> Page:
    """The nodes within `depth` links of what `node` names (an IRI, a reference, a task's words
    or an agency's name), with every link between them that the walk found.

    :raises kg.trace.TargetError: when `node` names nothing in the store.
    :raises ValueError: when `depth` is not between 1 and 4.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth: expected 1 to {MAX_DEPTH}, found {depth}")
    labels = _Labels(store)
    starts = resolve_nodes(store, node, docs=labels.docs)
    if not starts:
        raise TargetError(f"expected an IRI, a document reference, a task's words or an agency's name; "
                          f"found nothing in the store matching {node!r}")
    first = labels.node(*starts[0])
    title = first.label if len(starts) == 1 else node
    page = Page(f"Neighbourhood of {title} (depth {depth})", layout="force")
    kinds: dict[str, str] = {}
    for iri, kind in starts:
        kinds[iri] = kind
        n = page.add_node(labels.node(iri, kind))
        n.focus = True
    edges: dict[tuple[str, str, str], list[Fact]] = {}
    left_out: set[str] = set()
    frontier = [iri for iri, _ in starts]
    for _ in range(depth):
        reached: list[str] = []
        for iri in frontier:
            for r in select(store, "neighbours", node=URIRef(iri)):
                other = r["other"]
                if other not in kinds:
                    kind = _KINDS.get(r["otherType"] or "")
                    if kind is None:
                        continue
                    if len(kinds) >= limit:
                        left_out.add(other)
                        continue
                    kinds[other] = kind
                    reached.append(other)
                key = (r["from"], _rel(r["rel"]), r["to"])
                facts = edges.setdefault(key, [])
                fact = ("evidence", r["sentence"])
                if r["sentence"] and fact not in facts:
                    facts.append(fact)
        frontier = reached
    for iri, kind in kinds.items():
        page.add_node(labels.node(iri, kind))
    linked = {(a, b) for a, rel, b in edges if rel != "cites"}
    for (a, rel, b), facts in edges.items():
        if rel == "cites" and ((a, b) in linked or (b, a) in linked):
            continue
        page.add_edge(VEdge(a, b, rel, facts[:3]))
    if left_out:
        page.notes.append(f"{len(left_out)} more nodes are linked but not drawn (limit {limit}); "
                          "open a node's own neighbourhood to see its links.")
    return page
