"""Check a graph against `ontology/shapes.ttl` and say what is wrong in words.

`validate` runs pyshacl with the ontology as its ontology graph (so that targets follow
rdfs:subClassOf and the concept schemes are known).  A `Dataset` is checked one named
graph at a time, since every file's graph must be valid on its own; each violation
names the graph it was found in.

>>> from rdflib import Graph, Literal, URIRef
>>> from kg.namespace import CANCU
>>> g = Graph()
>>> ev = URIRef("https://cancu.org/id/graph/x/evidence/5-2")
>>> _ = g.add((ev, RDF.type, CANCU.Evidence)).add((ev, CANCU.file, Literal("x.txt")))
>>> _ = g.add((ev, CANCU.start, Literal(5))).add((ev, CANCU.end, Literal(2)))
>>> print(validate(g))
1 violation
  id:graph/x/evidence/5-2 cancu:start: evidence starts at exactly one offset, an integer ≥ 0 and ≤ its end (value 5)
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyshacl
from rdflib import RDF, BNode, Dataset, Graph, Literal, Node, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import SH

from kg.iri import ID
from kg.namespace import CANCU_NS, ELI, ontology_graph

_PREFIXES = {"cancu": CANCU_NS, "id": str(ID), "eli": str(ELI), "prov": "http://www.w3.org/ns/prov#",
             "org": "http://www.w3.org/ns/org#", "skos": "http://www.w3.org/2004/02/skos/core#",
             "sh": str(SH), "shapes": "https://cancu.org/shapes#"}


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the node, the property path, what was expected, the offending value."""

    focus: str
    path: str | None
    message: str
    severity: str = "Violation"
    value: str | None = None
    shape: str | None = None
    graph: str | None = None

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{where}: {self.message}{value}"


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: `conforms` and the violations, grouped by graph when printed."""

    conforms: bool
    violations: tuple[Violation, ...]

    def __str__(self) -> str:
        if self.conforms:
            return "conforms"
        n = len(self.violations)
        lines = [f"{n} violation{'s' if n != 1 else ''}"]
        graph = None
        for v in self.violations:
            if v.graph != graph and v.graph is not None:
                lines.append(f"in {v.graph}")
            graph = v.graph
            lines.append(f"  {v}")
        return "\n".join(lines)


@cache
def shapes_graph() -> Graph:
    """`ontology/shapes.ttl`, parsed once; treat it as read-only."""
    text = resources.files("ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def _show(node: Node | None, results: Graph) -> str | None:
    """A node as a person reads it: prefixed IRIs, literals as written, paths spelt out."""
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node) if isinstance(node.toPython(), int) else repr(str(node))
    if isinstance(node, URIRef):
        # longest namespace first: "id:" must not shadow a longer one under it
        for prefix, ns in sorted(_PREFIXES.items(), key=lambda x: -len(x[1])):
            if str(node).startswith(ns):
                return f"{prefix}:{str(node)[len(ns):]}"
        return f"<{node}>"
    if isinstance(node, BNode):
        inverse = results.value(node, SH.inversePath)
        if inverse is not None:
            return f"^{_show(inverse, results)}"
    return str(node)


def _violations(results: Graph, graph: str | None) -> Iterable[Violation]:
    for r in results.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        severity = results.value(r, SH.resultSeverity)
        yield Violation(
            focus=_show(results.value(r, SH.focusNode), results) or "?",
            path=_show(results.value(r, SH.resultPath), results),
            message=messages[0] if messages else "constraint not met",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=_show(results.value(r, SH.value), results),
            shape=_show(results.value(r, SH.sourceShape), results) if isinstance(results.value(r, SH.sourceShape), URIRef) else None,
            graph=graph,
        )


def _validate_one(g: Graph, graph: str | None) -> list[Violation]:
    # The ontology is added to a copy of the data rather than passed as pyshacl's ont_graph:
    # pyshacl only grafts class axioms from it when it does no inference, and sh:class
    # needs the concepts' own types (cancu:KeHoach a cancu:DocumentType) too.
    data = Graph()
    for t in g:
        data.add(t)
    data += ontology_graph()
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    if conforms:
        return []
    assert isinstance(results, Graph)
    return list(_violations(results, graph))


def validate(graph: Graph | Dataset) -> Report:
    """Validate a graph, or each named graph of a dataset, against the cancu shapes."""
    found: list[Violation] = []
    if isinstance(graph, Dataset):
        graphs = sorted(graph.graphs(), key=lambda g: str(g.identifier))
        named = [g for g in graphs if g.identifier != DATASET_DEFAULT_GRAPH_ID]
        # a dataset with named graphs: its default graph is empty or their union (the embedded store)
        for g in named or graphs:
            found += _validate_one(g, _show(g.identifier, Graph()))
    else:
        found = _validate_one(graph, None)
    # a value can fail several constraints of one property shape (sh:datatype and sh:minInclusive):
    # the property's message says it once
    unique = sorted(set(found), key=lambda v: (v.graph or "", v.focus, v.path or "", v.message, v.value or ""))
    return Report(conforms=not unique, violations=tuple(unique))


__all__ = ["validate", "Report", "Violation", "shapes_graph"]
