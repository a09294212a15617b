"""An overview of the whole store that stays usable at 10,000+ documents: a summary graph.

Documents are grouped by the level of their issuer (national, ministry, province,
department; `issuer_level`) and, within a level, by issuer (national and ministry
documents: the body whose code the symbol carries) or by province (local documents).
Each group is one node with its count; an edge between two groups counts the legal-basis
links from documents of one to documents of the other.  The page carries every document
of every group as data, so double-clicking a group draws its most linked documents around
it, and the search finds any document (opening its group).  Positions are fixed, one
band per level: nothing to simulate, whatever the size.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from kg.docs import DocInfo, all_docs, select
from kg.namespace import CANCU_NS
from kg.store import Store
from loaders.gazetteer import Body, fold, gazetteer
from viz.common import doc_facts, doc_kind
from viz.page import Links, Page, VEdge, VNode, edge_width, style, tooltip

__all__ = ["LEVELS", "issuer_level", "overview_page"]

LEVELS = ("national", "ministry", "province", "department", "unknown")
_LEVEL_NAMES = {"national": "Trung ương (national)", "ministry": "Bộ, ngành (ministry)",
                "province": "Tỉnh (province)", "department": "Sở, ngành (department)",
                "unknown": "Không rõ cấp (unknown level)"}
# how a gazetteer body's level reads here: party bodies sit with the State at their level
_BODY_LEVEL = {"national": "national", "ministry": "ministry", "province": "province",
               "department": "department"}
_PER_ROW = 14
_DX, _DY, _BAND = 190, 150, 170
# documents drawn around a group when it is opened; the search reaches the others
MAX_OPEN = 150
# edges between groups drawn: beyond a few hundred the summary turns back into a hairball
MAX_GROUP_EDGES = 250


@dataclass(frozen=True)
class Group:
    level: str
    key: str  # a body's code (national, ministry) or a province slug (local levels)
    name: str


def _issuer_body(info: DocInfo) -> Body | None:
    """The body whose code the symbol carries: "QĐ-TTg" → Thủ tướng, "SNV-VP" → Sở Nội vụ."""
    gz = gazetteer()
    parts = [p for p in (info.symbol or "").split("-") if p]
    if parts and gz.type_of_code(parts[0]):
        parts = parts[1:]  # the document type comes first, except in a công văn
    for part in parts:
        body = gz.body_by_code.get(fold(part))
        if body is not None:
            return body
    return gz.body(info.issuer) if info.issuer else None


def issuer_level(info: DocInfo) -> tuple[str, Body | None]:
    """The level of a document's issuer and the body that says so, from its symbol's issuer
    code, else its issuer's name, else its jurisdiction ("VN": national; a province: province).

    >>> issuer_level(DocInfo("x", symbol="QĐ-TTg", jurisdiction="VN"))[0]
    'national'
    >>> issuer_level(DocInfo("x", symbol="TT-BTC", jurisdiction="VN"))[0]
    'ministry'
    >>> [issuer_level(DocInfo("x", symbol=s, jurisdiction="quang-ngai"))[0] for s in ("KH-UBND", "SNV-VP", "QĐ-XYZ")]
    ['province', 'department', 'province']
    """
    body = _issuer_body(info)
    if body is not None and body.level in _BODY_LEVEL:
        return _BODY_LEVEL[body.level], body
    if body is not None and body.level == "party":
        return ("national" if not body.local else "province"), body
    if info.jurisdiction == "VN":
        return "national", body
    if info.jurisdiction:
        return "province", body
    return "unknown", body


def _province_name(slug: str | None) -> str:
    for p in gazetteer().provinces:
        if p.slug == slug:
            return p.name
    return slug or "?"


def _group(info: DocInfo) -> Group:
    level, body = issuer_level(info)
    if level in ("national", "ministry"):
        if body is not None:
            return Group(level, body.code, body.name)
        return Group(level, info.issuer or "?", info.issuer or "other issuers")
    if level == "unknown":
        return Group(level, "?", "no jurisdiction")
    return Group(level, info.jurisdiction or "?", _province_name(info.jurisdiction))


def overview_page(store: Store, *, links: Links | None = None) -> Page:
    """The summary graph of every document of the store, grouped by issuer level and issuer or province."""
    links = links or Links()
    infos = all_docs(store)
    doc_list = sorted(infos.values(), key=lambda d: d.sort_key())
    index = {d.iri: i for i, d in enumerate(doc_list)}
    groups = {d.iri: _group(d) for d in doc_list}
    edges = [(index[r["from"]], index[r["to"]], r["property"][len(CANCU_NS):])
             for r in select(store, "links") if r["from"] in index and r["to"] in index]
    degree: Counter[int] = Counter()
    between: Counter[tuple[Group, Group]] = Counter()
    inside: Counter[Group] = Counter()
    for a, b, _ in edges:
        degree[a] += 1
        degree[b] += 1
        ga, gb = groups[doc_list[a].iri], groups[doc_list[b].iri]
        if ga == gb:
            inside[ga] += 1
        else:
            between[(ga, gb)] += 1
    members: dict[Group, list[int]] = defaultdict(list)
    for i, d in enumerate(doc_list):
        members[groups[d.iri]].append(i)

    page = Page(f"Overview: {len(doc_list):,} documents by issuer level", layout="fixed")
    ids: dict[Group, str] = {}
    y = 0.0
    for level in LEVELS:
        in_level = sorted((g for g in members if g.level == level), key=lambda g: (-len(members[g]), g.name))
        if not in_level:
            continue
        page.add_node(VNode(f"level:{level}", "heading", _LEVEL_NAMES[level], [], x=-_DX * 1.4, y=y))
        for k, g in enumerate(in_level):
            n = len(members[g])
            gid = f"c:{level}:{g.key}"
            ids[g] = gid
            kinds = Counter(doc_kind(doc_list[i]) for i in members[g])
            page.add_node(VNode(gid, "cluster", f"{g.name} ({n:,})",
                                [("level", _LEVEL_NAMES[level]), ("documents", f"{n:,}"),
                                 ("read in full", kinds["document"] or None),
                                 ("links inside the group", inside[g] or None)],
                                x=(k % _PER_ROW) * _DX, y=y + (k // _PER_ROW) * _DY,
                                size=10 + 4 * math.log2(n + 1)))
        y += (math.ceil(len(in_level) / _PER_ROW) - 1) * _DY + _BAND + _DY
    strongest = between.most_common(MAX_GROUP_EDGES)
    for (ga, gb), n in strongest:
        page.add_edge(VEdge(ids[ga], ids[gb], "links", [("legal-basis links", n)], label=str(n), width=edge_width(n)))
    if len(between) > len(strongest):
        page.notes.append(f"The {len(strongest)} strongest of {len(between):,} links between groups are drawn; "
                          "open a group to see its documents' own links.")

    for ids_of in members.values():
        ids_of.sort(key=lambda i: (-degree[i], i))
    page.extra["overview"] = {
        "docs": [[d.iri, d.label, tooltip(d.label, doc_facts(d)), ids[groups[d.iri]], doc_kind(d)] for d in doc_list],
        "clusters": {ids[g]: m for g, m in members.items()},
        "links": [list(e) for e in edges],
        "maxOpen": MAX_OPEN,
        "urls": {"trace": f"{links.base}/graph/trace?target=",
                 "down": f"{links.base}/graph/trace?down=true&target=",
                 "neighbourhood": f"{links.base}/graph/neighbourhood?depth=1&node="},
    }
    page.extra["kinds"] = style()["kinds"]
    page.extra["relations"] = style()["relations"]
    page.notes.append(f"{len(doc_list):,} documents in {len(members)} groups, {len(edges):,} legal-basis links. "
                      "Double-click a group to show its most linked documents; search finds any document.")
    return page
