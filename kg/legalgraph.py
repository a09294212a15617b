"""The document network as a networkx graph: what SPARQL does poorly.

Built from the store on demand (never kept as a second source of truth): nodes are
documents, an edge points from a document to one it rests on (basedOn, implements,
amends, replaces), with the relation as its key.
"""
from __future__ import annotations

import networkx as nx

from kg.docs import select
from kg.namespace import CANCU_NS
from kg.store import Store

__all__ = ["ancestors_by_depth", "basis_path", "central_documents", "components", "legal_graph"]


def legal_graph(store: Store) -> nx.MultiDiGraph:
    """Every legal-basis link of the store as a directed multigraph (doc → the doc it rests on)."""
    g = nx.MultiDiGraph()
    for r in select(store, "links"):
        g.add_edge(r["from"], r["to"], key=r["property"][len(CANCU_NS):])
    return g


def ancestors_by_depth(g: nx.MultiDiGraph, doc: str, max_depth: int | None = None) -> dict[str, int]:
    """The documents above `doc` with the fewest links it takes to reach each (cycles are harmless).

    >>> g = nx.MultiDiGraph([("plan", "decree"), ("decree", "law"), ("law", "plan")])
    >>> ancestors_by_depth(g, "plan")
    {'decree': 1, 'law': 2}
    """
    if doc not in g:
        return {}
    depths = nx.single_source_shortest_path_length(g, doc, cutoff=max_depth)
    return {d: n for d, n in depths.items() if d != doc}


def basis_path(g: nx.MultiDiGraph, doc: str, basis: str) -> list[tuple[str, str, str]] | None:
    """The shortest chain of links from `doc` up to `basis`, as (from, relation, to); None if none.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("plan", "decision", key="implements"); _ = g.add_edge("decision", "decree", key="basedOn")
    >>> basis_path(g, "plan", "decree")
    [('plan', 'implements', 'decision'), ('decision', 'basedOn', 'decree')]
    """
    try:
        nodes = nx.shortest_path(g, doc, basis)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    return [(a, sorted(g[a][b])[0], b) for a, b in zip(nodes, nodes[1:], strict=False)]


def components(g: nx.MultiDiGraph) -> list[set[str]]:
    """The weakly connected groups of documents, largest first: separate webs of law."""
    return sorted(nx.weakly_connected_components(g), key=lambda c: (-len(c), min(c)))


def central_documents(g: nx.MultiDiGraph, n: int = 10) -> list[tuple[str, int, float]]:
    """The `n` documents most rested upon: (document, how many documents rest on it at any depth,
    in-degree centrality), by the first then the second.

    >>> g = nx.MultiDiGraph([("plan", "decision"), ("report", "decision"), ("decision", "decree")])
    >>> [d for d, _, _ in central_documents(g, 2)]
    ['decree', 'decision']
    """
    if not g:
        return []
    centrality = nx.in_degree_centrality(g)
    # counting ancestors is costly: only for the documents most cited directly
    top = sorted(centrality, key=lambda d: (-centrality[d], d))[: max(n * 5, 50)]
    scored = [(d, len(nx.ancestors(g, d)), round(centrality[d], 4)) for d in top]
    return sorted(scored, key=lambda t: (-t[1], -t[2], t[0]))[:n]
