"""The legal-basis tree of a task or a document as a page: the national roots on top.

Built from `kg.trace.trace`: up from a task (its assigning documents, their bases to the
roots, the reassignment requests about it) or a document; down from a document (what
rests on it, the tasks those assign, the agencies that carry them).  A document reached
twice is one node with two edges.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.namespace import CANCU_NS
from kg.store import Store
from kg.trace import LINKS, Node, trace
from viz.common import edge_evidence, request_facts
from viz.page import Fact, Page, VEdge, VNode

__all__ = ["trace_page"]


def trace_page(store: Store, target: str, *, down: bool = False, province: str | None = None,
               year: int | None = None) -> Page:
    """The page of `trace(store, target, down=…)`: a tree laid out top-down, roots at the top.

    :raises kg.trace.TargetError: when `target` names nothing in the store.
    """
    trees = trace(store, target, down=down, province=province, year=year)
    what = "What rests on" if down else "Legal-basis trace of"
    page = Page(f"{what} {trees[0].label if len(trees) == 1 else target}", layout="tree")
    for tree in trees:
        _add(store, page, tree, None, down)
    _levels(page, down, [t.iri or t.label for t in trees])
    if len(trees) > 1:
        page.notes.append(f"“{target}” names {len(trees)} things; each is drawn with its own tree.")
    page.notes += [f"{t.label}: {t.shown_of()}." for t in trees if t.shown_of()]
    roots = [r.label for t in trees for r in t.roots()] if not down else []
    if roots:
        page.notes.append("Roots (documents resting on nothing the store knows): " + ", ".join(dict.fromkeys(roots)))
    return page


def _node(n: Node) -> VNode:
    d = n.details
    if n.kind == "document":
        kind = "national" if d.get("national") else "document" if d.get("seen") else "cited"
        facts: list[Fact] = [("date", " / ".join(d["dates"]) + " (dates disagree)" if d.get("dates") else d.get("date")),
                             ("issuer", d.get("issuer")), ("title", d.get("title")),
                             ("read from", d.get("file")) if d.get("seen") else ("source", "only cited by other documents")]
        return VNode(n.iri, kind, n.label, facts, iri=n.iri)
    if n.kind == "task":
        return VNode(n.iri, "task", n.label, [("wordings", d.get("wordings"))], iri=n.iri)
    if n.kind == "request":
        return VNode(n.iri, "request", n.label, request_facts(d), iri=n.iri)
    # an agency of a downward trace: one node per agency, whatever task it carries
    node_id = n.iri or f"agency:{n.label}"
    return VNode(node_id, "agency", n.label, [], iri=n.iri or None)


def _add(store: Store, page: Page, n: Node, parent_id: str | None, down: bool) -> None:
    vn = page.add_node(_node(n))
    if n.relation and parent_id is not None:
        page.add_edge(_edge(store, parent_id, vn.id, n, down))
    for c in n.children:
        _add(store, page, c, vn.id, down)


def _edge(store: Store, pid: str, cid: str, n: Node, down: bool) -> VEdge:
    rel = n.relation or ""
    if rel in LINKS:
        # a document link points from the document that rests on the other to its basis
        source, target = (cid, pid) if down else (pid, cid)
        return VEdge(source, target, rel, edge_evidence(store, source, CANCU_NS + rel, target))
    if rel == "assigned by":
        return VEdge(pid, cid, rel, _assignment_facts(n.details.get("assignments", ())))
    if n.kind == "agency":
        d = n.details
        return VEdge(pid, cid, rel, [("by", d.get("by")), ("deadline", d.get("deadline")), ("evidence", d.get("sentence"))])
    if rel == "reassignment requested":
        # the request hangs from its task: drawn below the documents it names
        return VEdge(cid, pid, "task", [("evidence", n.details.get("sentence"))])
    return VEdge(pid, cid, rel, [])


def _assignment_facts(assignments: Any) -> list[Fact]:
    facts: list[Fact] = []
    for a in assignments:
        fact = (a.get("role") or "role?", a.get("agency"))
        if fact not in facts:
            facts.append(fact)
    for a in assignments:
        fact = ("evidence", a.get("sentence"))
        if a.get("sentence") and fact not in facts:
            facts.append(fact)
    return facts


def _levels(page: Page, down: bool, starts: list[str]) -> None:
    """Rows of the tree.  Up: by height, so every root (whatever its depth) is on the top row.
    Down: by distance from the document the trace starts at."""
    out: dict[str, list[str]] = defaultdict(list)
    for e in page.edges:
        out[e.source].append(e.target)
    if down:
        depth = {s: 0 for s in starts if s in page.nodes}
        frontier = list(depth)
        while frontier:
            nxt = []
            for n in frontier:
                # document links point up (child rests on parent): follow them backwards too
                near = out[n] + [e.source for e in page.edges if e.target == n]
                for m in near:
                    if m not in depth:
                        depth[m] = depth[n] + 1
                        nxt.append(m)
            frontier = nxt
        for nid, node in page.nodes.items():
            node.level = depth.get(nid, 0)
        return
    heights: dict[str, int] = {}

    def height(n: str, path: frozenset[str]) -> int:
        if n not in heights:
            above = [m for m in out[n] if m not in path]  # a cycle in bad data ends the climb
            heights[n] = 1 + max((height(m, path | {n}) for m in above), default=-1)
        return heights[n]

    for nid, node in page.nodes.items():
        # roots have height 0 and sit on the top row; the task or document traced sits lowest
        node.level = height(nid, frozenset())
