"""A graph page: what it shows (`Page` of `VNode`s and `VEdge`s) and its rendering to one HTML file.

pyvis builds the vis-network data (nodes, edges); the page around it is our template, not
pyvis's, which loads Bootstrap from a CDN and, in its tooltip mode, writes titles into the
page as HTML.  Here the page is self-contained (vis-network's JS and CSS are inlined from
the pyvis package: it works offline), and text from the store reaches it only two ways:

* tooltips are HTML that `tooltip` builds with every value escaped (the page turns them
  into elements, so vis-network shows them formatted);
* everything else (labels, links, search) travels as JSON in a `<script type=
  "application/json">` block, with `<`, `>` and `&` written as `\\u003c`… so that a
  `</script>` inside a title cannot end the block, and is read back with `JSON.parse`;
  labels are drawn on a canvas and the search list is filled with `textContent`.

>>> page = Page("Thử <b>")
>>> _ = page.add_node(VNode("a", "document", "Kế hoạch 1/KH-UBND", [("issuer", "<script>")]))
>>> html = render(page)
>>> data = html.split('id="cancu-data">')[1].split("</script>")[0]
>>> "<script>" in data, "\\\\u0026lt;script\\\\u0026gt;" in data
(False, True)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from typing import Any, Literal
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network

__all__ = ["Layout", "Links", "Page", "VEdge", "VNode", "render", "script_json", "style", "tooltip"]

Layout = Literal["tree", "force", "fixed"]
Fact = tuple[str, Any]

# Labels longer than this are cut on the canvas (the tooltip and the details panel keep
# the whole text): a task's wording can run to a paragraph.
_LABEL_CHARS = 60
_LINE_CHARS = 26


@cache
def style() -> dict[str, dict[str, dict[str, Any]]]:
    """The colours, shapes and words of each node kind and relation (viz/data/style.json)."""
    data = json.loads(resources.files("viz").joinpath("data", "style.json").read_text(encoding="utf-8"))
    return {"kinds": data["kinds"], "relations": data["relations"]}


@dataclass(frozen=True)
class Links:
    """Where the pages live: `base` is the server's root ("" when the page is served by it)."""

    base: str = ""

    def trace(self, iri: str, *, down: bool = False) -> str:
        return f"{self.base}/graph/trace?{urlencode({'target': iri, **({'down': 'true'} if down else {})})}"

    def neighbourhood(self, iri: str, depth: int = 1) -> str:
        return f"{self.base}/graph/neighbourhood?{urlencode({'node': iri, 'depth': depth})}"

    def conflicts(self) -> str:
        return f"{self.base}/graph/conflicts"

    def overview(self) -> str:
        return f"{self.base}/graph/overview"

    def for_node(self, kind: str, iri: str | None) -> list[tuple[str, str]]:
        """The pages a node opens: its trace (documents and tasks), what rests on it, its neighbourhood."""
        if not iri or kind in ("cluster", "heading"):
            return []
        out = []
        if kind in ("document", "cited", "national", "task"):
            out.append(("legal-basis trace", self.trace(iri)))
        if kind in ("document", "cited", "national"):
            out.append(("what rests on it", self.trace(iri, down=True)))
        out.append(("neighbourhood", self.neighbourhood(iri)))
        return out


@dataclass
class VNode:
    """A node as drawn: `kind` picks its style, `facts` (name, value) fill its tooltip."""

    id: str
    kind: str
    label: str
    facts: list[Fact] = field(default_factory=list)
    iri: str | None = None
    level: int | None = None
    x: float | None = None
    y: float | None = None
    size: float | None = None
    focus: bool = False


@dataclass
class VEdge:
    """An edge as drawn; `label` replaces the relation's words (a count on the overview)."""

    source: str
    target: str
    relation: str
    facts: list[Fact] = field(default_factory=list)
    label: str | None = None
    width: float | None = None


@dataclass
class Page:
    """What one page shows.  `extra` is data for the page's script (the overview's groups)."""

    title: str
    layout: Layout = "force"
    nodes: dict[str, VNode] = field(default_factory=dict)
    edges: list[VEdge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    _edge_index: dict[tuple[str, str, str], VEdge] = field(default_factory=dict, repr=False, compare=False)

    def add_node(self, node: VNode) -> VNode:
        """Add `node` unless a node with its id is there; the node on the page either way."""
        return self.nodes.setdefault(node.id, node)

    def add_edge(self, edge: VEdge) -> None:
        """Add `edge` once per (source, target, relation); a repeat adds its facts' evidence."""
        key = (edge.source, edge.target, edge.relation)
        known = self._edge_index.get(key)
        if known is not None:
            known.facts.extend(f for f in edge.facts if f not in known.facts)
            return
        self._edge_index[key] = edge
        self.edges.append(edge)


def tooltip(title: str, facts: list[Fact]) -> str:
    """The HTML of a tooltip: the title in bold, then one line per fact with a value; all text escaped.

    >>> tooltip("QĐ <1>", [("issuer", "Sở & Ban"), ("date", None)])
    '<b>QĐ &lt;1&gt;</b><div><i>issuer</i>: Sở &amp; Ban</div>'
    """
    lines = [f"<b>{escape(title)}</b>"]
    for name, value in facts:
        if value is None or value == "" or value == []:
            continue
        text = "; ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
        lines.append(f"<div><i>{escape(name)}</i>: {escape(text)}</div>")
    return "".join(lines)


def script_json(data: Any) -> str:
    """JSON that can sit inside a `<script>` block: no `<`, `>` or `&` (nor U+2028/2029) left raw.

    >>> script_json({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    # these characters only occur inside JSON strings, where the \\u escapes mean the same
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _canvas_label(label: str) -> str:
    """A label cut to a few short lines: the canvas does not wrap text by itself."""
    text = label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= _LINE_CHARS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _options(page: Page) -> dict[str, Any]:
    many = len(page.nodes) > 150
    opts: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": many, "multiselect": False},
        "edges": {"font": {"size": 10, "align": "middle", "strokeWidth": 3}, "smooth": False,
                  "color": {"inherit": False}},
        "nodes": {"font": {"size": 13}, "borderWidth": 1},
        "layout": {"improvedLayout": not many},
    }
    if page.layout == "tree":
        opts["layout"]["hierarchical"] = {"enabled": True, "direction": "UD", "levelSeparation": 140,
                                          "nodeSpacing": 210, "treeSpacing": 220, "sortMethod": "directed",
                                          "shakeTowards": "roots"}
        opts["physics"] = {"enabled": False}
        opts["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4}
    elif page.layout == "force":
        # stabilise once before the first drawing, then the page turns physics off
        opts["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                           "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
                           "stabilization": {"enabled": True, "iterations": 300, "fit": True}}
    else:
        opts["physics"] = {"enabled": False}
    return opts


def _network(page: Page, links: Links) -> Network:
    kinds, relations = style()["kinds"], style()["relations"]
    net = Network(directed=True, cdn_resources="in_line", heading=page.title)
    for n in page.nodes.values():
        k = kinds[n.kind]
        extra: dict[str, Any] = {}
        for name in ("level", "x", "y", "size"):
            if getattr(n, name) is not None:
                extra[name] = getattr(n, name)
        if n.focus:
            extra["borderWidth"] = 4
            extra["shadow"] = True
        net.add_node(n.id, label=_canvas_label(n.label) or " ", shape=k["shape"],
                     color={"background": k["color"], "border": "#222222" if n.focus else k["color"],
                            "highlight": {"background": "#ffd92f", "border": "#222222"}},
                     font={"color": k["font"]}, title=tooltip(n.label, n.facts),
                     # read by the page's script: the full label for search, the pages it opens
                     kind=n.kind, name=n.label, iri=n.iri, links=links.for_node(n.kind, n.iri), **extra)
    for e in page.edges:
        r = relations.get(e.relation, {"label": e.relation, "color": "#888888"})
        opts: dict[str, Any] = {"label": e.label if e.label is not None else r["label"],
                                "color": r["color"], "dashes": bool(r.get("dashes"))}
        if e.facts:
            opts["title"] = tooltip(r["label"], e.facts)
        if e.width is not None:
            opts["width"] = e.width
        net.add_edge(e.source, e.target, **opts)
    return net


@cache
def _assets() -> dict[str, str]:
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    own = resources.files("viz").joinpath("templates")
    return {"vis_js": lib.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
            "vis_css": lib.joinpath("vis-network.css").read_text(encoding="utf-8"),
            "page_js": own.joinpath("page.js").read_text(encoding="utf-8"),
            "page_css": own.joinpath("page.css").read_text(encoding="utf-8")}


@cache
def _env() -> Environment:
    return Environment(loader=PackageLoader("viz", "templates"), autoescape=select_autoescape(default=True))


def _legend(page: Page) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    kinds, relations = style()["kinds"], style()["relations"]
    used_kinds = list(dict.fromkeys(n.kind for n in page.nodes.values()))
    used_relations = list(dict.fromkeys(e.relation for e in page.edges))
    return ([kinds[k] for k in kinds if k in used_kinds and kinds[k]["legend"]],
            [relations.get(r, {"label": r, "color": "#888888"}) for r in used_relations])


def render(page: Page, links: Links | None = None) -> str:
    """The page as one self-contained HTML document (UTF-8, no external resources)."""
    links = links or Links()
    net = _network(page, links)
    nodes, edges, *_ = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": _options(page), **page.extra}
    node_kinds, edge_kinds = _legend(page)
    return _env().get_template("page.html").render(
        title=page.title, notes=page.notes, node_kinds=node_kinds, edge_kinds=edge_kinds,
        nav=[("overview", links.overview()), ("conflicts and requests", links.conflicts())],
        data=script_json(data), **_assets())


def edge_width(count: int) -> float:
    """An edge's width for `count` links it stands for: grows slowly, so one link stays visible.

    >>> edge_width(1), edge_width(8)
    (1.0, 4.0)
    """
    return 1.0 + math.log2(max(count, 1))
