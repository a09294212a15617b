"""The cancu-eval/1 view of a graph: what `cancu export --format json` prints for a store.

The facts are read from the union of the named graphs with the queries of
`ontology/queries/` (one per kind of fact, each saying in its header what it answers),
turned back into the extraction dataclasses, file by file, and handed to
`kg.evalview.eval_view` — the same rules that merge documents across files, resolve
year-less citations and compute the findings only a batch shows (date conflicts,
conflicting assignments, `kg.findings`).  The export of a store and `cancu extract --json`
therefore cannot drift apart, and re-resolving at view time makes up for files ingested
one at a time, before the file that dates a citation was.

A fact belongs to the file its evidence names (falling back to the input document it is
`cancu:statedIn`); the facts of a file come in the order the extractor found them
(`cancu:position`).
"""
from __future__ import annotations

import warnings
from collections import defaultdict
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.build import BUDGET_CLASS, RELATION_PROPERTY, ROLE
from kg.evalview import eval_view
from kg.namespace import CANCU_NS, concept_label, concept_notation
from kg.queries import query_text
from loaders.model import (
    Assignment,
    BudgetItem,
    Citation,
    DocIdentity,
    DocKey,
    Evidence,
    Extraction,
    Finding,
    ReassignmentRequest,
    Relation,
    Source,
)

Row = dict[str, Any]

_KIND_OF_PROPERTY = {v: k for k, v in RELATION_PROPERTY.items()}
_ROLE_NAME = {v: k for k, v in ROLE.items()}
_BUDGET_KIND = {v: k for k, v in BUDGET_CLASS.items()}


def _union(g: Graph | Dataset) -> Graph:
    """A graph whose default graph is the union of `g`'s named graphs: `g` itself when it
    is a union view or already holds that union (the embedded store), else a union view."""
    if isinstance(g, Dataset) and not g.default_union and not any(True for _ in g.store.triples((None, None, None), Graph(g.store, identifier=DATASET_DEFAULT_GRAPH_ID))):
        return Dataset(store=g.store, default_union=True)  # a view over the same store; `g` is left as it is
    return g


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        v = term.toPython()
        return v if isinstance(v, int) and not isinstance(v, bool) else str(term)
    return term


def rows(g: Graph | Dataset, name: str) -> list[Row]:
    """The answers of a named query over the union of `g`'s graphs, as dicts of Python values (None: unbound)."""
    with warnings.catch_warnings():
        # rdflib 7.6's own Dataset.triples reads its deprecated `default_context` for every
        # pattern it matches: nothing a caller can change, and thousands of warnings per view
        warnings.filterwarnings("ignore", message=r"Dataset\.default_context is deprecated", category=DeprecationWarning)
        result = _union(g).query(query_text(name))
        names = [str(v) for v in result.vars or ()]
        return [{n: _value(r[n]) for n in names} for r in result]  # type: ignore[index]


def _facts(g: Graph | Dataset, name: str) -> dict[URIRef, Row]:
    """One row per fact: a value a fact has twice (an agency with two names) is the least one."""
    out: dict[URIRef, Row] = {}
    for r in rows(g, name):
        cur = out.setdefault(r["fact"], {})
        for k, v in r.items():
            if v is not None and (cur.get(k) is None or str(v) < str(cur[k])):
                cur[k] = v
    return out


def _evidence(r: Row) -> Evidence | None:
    if r.get("start") is None or r.get("end") is None:
        return None
    return Evidence(r.get("file") or "", r["start"], r["end"], r.get("sentence") or "")


def _order(r: Row) -> tuple:
    # the extractor's order when the graph keeps it, else reading order
    position, start = r.get("position"), r.get("start")
    return (position is None, position or 0, start is None, start or 0, r.get("end") or 0, str(r.get("fact", "")))


class _Reader:
    """Rebuilds the extractions of the files a graph holds."""

    def __init__(self, g: Graph | Dataset) -> None:
        self.g = g
        self.keys: dict[URIRef, DocKey] = {}
        for r in sorted(rows(g, "documents"), key=lambda r: tuple(str(v) for v in r.values())):
            if r["doc"] not in self.keys:
                self.keys[r["doc"]] = DocKey(r.get("number"), r.get("symbol"), r.get("year"), r.get("jurisdiction"))
        self.headers: dict[str, Row] = {}
        self.file_docs: dict[URIRef, list[str]] = defaultdict(list)
        for r in sorted(rows(g, "input_documents"), key=lambda r: tuple(str(v) for v in r.values())):
            self.headers.setdefault(r["file"], r)
            if r["file"] not in self.file_docs[r["doc"]]:
                self.file_docs[r["doc"]].append(r["file"])

    def file_of(self, r: Row) -> str | None:
        if r.get("file"):
            return r["file"]
        files = self.file_docs.get(r.get("source"))  # type: ignore[arg-type]
        return files[0] if files else None

    def me(self, file: str) -> URIRef | None:
        h = self.headers.get(file)
        return h["doc"] if h else None

    def key(self, doc: URIRef | None) -> DocKey | None:
        return self.keys.get(doc) if doc is not None else None

    def ref(self, doc: URIRef | None, file: str) -> DocKey | None:
        """A key where None stands for the input file itself (relation sources, issuing documents)."""
        return None if doc is None or doc == self.me(file) else self.key(doc)

    def by_file(self, name: str) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = defaultdict(list)
        for r in _facts(self.g, name).values():
            file = self.file_of(r)
            if file is not None:
                out[file].append(r)
        for facts in out.values():
            facts.sort(key=_order)
        return out

    def identity(self, file: str) -> DocIdentity:
        h = self.headers[file]
        k = self.keys.get(h["doc"])
        key = k if k is not None and (k.number or k.symbol or k.year) else None
        type_ = h.get("typeWord") or (concept_label(h["type"]) if h.get("type") else None)
        return DocIdentity(file, key, type_, h.get("issuer"), h.get("date"), h.get("place"), h.get("province"),
                           h.get("title"), _evidence({**h, "file": file}))

    def extractions(self) -> list[Extraction]:
        citations, relations = self.by_file("citations"), self.by_file("relations")
        assignments, requests = self.by_file("assignments"), self.by_file("reassignment_requests")
        budget, findings = self.by_file("budget_items"), self.by_file("findings")
        years: dict[URIRef, list[tuple[int, int | None]]] = defaultdict(list)
        for r in rows(self.g, "budget_years"):
            if (r["year"], r.get("amount")) not in years[r["fact"]]:
                years[r["fact"]].append((r["year"], r.get("amount")))
        basis: dict[URIRef, list[URIRef]] = defaultdict(list)
        for r in rows(self.g, "budget_basis"):
            basis[r["fact"]].append(r["doc"])
        subjects: dict[URIRef, list[URIRef]] = defaultdict(list)
        for r in rows(self.g, "finding_subjects"):
            subjects[r["fact"]].append(r["doc"])

        reading: dict[str, dict] = {}
        for r in rows(self.g, "file_reading"):
            how = reading.setdefault(str(r["file"]), {"notes": []})
            how["format"] = how.get("format") or (str(r["format"]) if r.get("format") else None)
            how["encoding"] = how.get("encoding") or (str(r["encoding"]) if r.get("encoding") else None)
            if r.get("note") and str(r["note"]) not in how["notes"]:
                how["notes"].append(str(r["note"]))

        out = []
        for file in sorted(self.headers):
            how = reading.get(file, {})
            src = Source(path=file, name=file, text="", format=how.get("format") or "graph", encoding=how.get("encoding"),
                         notes=tuple(sorted(how.get("notes", ()))))
            ex = Extraction(src, self.identity(file))
            for r in citations.get(file, []):
                key = self.key(r["doc"])
                if key is None:
                    continue
                ex.citations.append(Citation(
                    key=key, type_word=r.get("typeWord"), type_from_symbol=concept_label(r["type"]) if r.get("type") else None,
                    date=r.get("date"), issuer=r.get("issuer"), title=r.get("title"), alias=r.get("alias"),
                    written=r.get("written") or "", evidence=_evidence(r)))  # type: ignore[arg-type]
            for r in relations.get(file, []):
                target = self.key(r["to"])
                kind = _KIND_OF_PROPERTY.get(r["property"])
                if target is not None and kind is not None:
                    ex.relations.append(Relation(kind, self.ref(r["from"], file), target, _evidence(r)))  # type: ignore[arg-type]
            for r in assignments.get(file, []):
                ex.assignments.append(Assignment(
                    self.ref(r["by"], file), r.get("byAgency"), r.get("agency") or "", _ROLE_NAME.get(r.get("role"), ""),
                    r.get("task") or "", r.get("deadline"), r.get("status"), _evidence(r)))  # type: ignore[arg-type]
            for r in requests.get(file, []):
                ex.reassignments.append(ReassignmentRequest(
                    r.get("requester") or "", r.get("task") or "", self.ref(r.get("assignedBy"), file),
                    r.get("fromAgency") or "", r.get("toAgency") or "", self.ref(r.get("via"), file), r.get("reason"),
                    _evidence(r)))  # type: ignore[arg-type]
            for r in budget.get(file, []):
                ex.budget_items.append(BudgetItem(
                    r.get("agency") or "", r.get("title") or "", _BUDGET_KIND.get(r["class"], "request"), r.get("amount"),
                    tuple(sorted(years[r["fact"]])) or None, r.get("fundingSource"), self.key(r.get("allocatedBy")),
                    tuple(k for d in _as_written(basis[r["fact"]], r, citations.get(file, []))
                          if (k := self.key(d)) is not None), _evidence(r)))  # type: ignore[arg-type]
            for r in findings.get(file, []):
                ex.findings.append(Finding(
                    _kind_name(r.get("kind")), tuple(self.ref(d, file) for d in sorted(subjects[r["fact"]])),
                    r.get("detail") or "", r.get("task"), _evidence(r)))
            out.append(ex)
        return out


def _as_written(docs: list[URIRef], item: Row, citations: list[Row]) -> list[URIRef]:
    """Documents in the order the item's text cites them: inside its evidence first, then in reading order."""
    start, end = item.get("start"), item.get("end")

    def first(doc: URIRef) -> tuple:
        at = [c["start"] for c in citations if c["doc"] == doc and c.get("start") is not None]
        inside = [s for s in at if start is not None and end is not None and start <= s <= end]
        return (not inside, min(inside or at or [0]), str(doc))
    return sorted(set(docs), key=first)


def _kind_name(kind: URIRef | None) -> str:
    """A finding kind's cancu-eval/1 name: its notation, or its IRI's local name in snake case."""
    if kind is None:
        return ""
    notation = concept_notation(kind)
    if notation:
        return notation
    local = str(kind)[len(CANCU_NS):] if str(kind).startswith(CANCU_NS) else str(kind).rsplit("#", 1)[-1]
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in local).lstrip("_")


def extractions_from_graph(g: Graph | Dataset) -> list[Extraction]:
    """The extraction of every input file the graph holds, rebuilt from its facts (files by name)."""
    return _Reader(g).extractions()


def eval_view_from_graph(g: Graph | Dataset) -> dict[str, Any]:
    """The cancu-eval/1 view of everything `g` holds (the union of a dataset's named graphs).

    >>> from rdflib import Dataset
    >>> eval_view_from_graph(Dataset())["documents"]
    []
    """
    return eval_view(extractions_from_graph(g))


__all__ = ["eval_view_from_graph", "extractions_from_graph", "rows"]
