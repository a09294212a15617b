"""What the store knows of documents and agencies, as plain values the answers are built from.

A document is known from itself (when a file of it was read: `file` is set) and from what
citations say of it (dates, issuer, title).  `DocInfo` puts both together, so a document
cited but never seen in full still has a date and an issuer to show, marked as cited only.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import SKOS, Literal, URIRef

from kg.namespace import CANCU_NS, concept_label
from kg.queries import bind, query_text
from kg.store import Store

__all__ = ["AgencyInfo", "DocInfo", "Docs", "agency_info", "all_docs", "doc_info", "select"]

# National documents are the roots a trace climbs to: the State's laws and the
# Government's and Prime Minister's acts (jurisdiction "VN").
NATIONAL = "VN"
_YEAR_IN_NUMBER = ("NĐ-", "TT-", "TTLT-", "L-")


def select(store: Store, name: str, *, limit: int | None = None, **terms: URIRef | Literal | list[URIRef]) -> list[dict[str, Any]]:
    """Run the named query `name` with `terms` bound (a list as VALUES), rows as dicts of plain
    values; `limit`, the most rows to answer (a LIMIT after the query's text)."""
    text = bind(query_text(name), **terms) if terms else query_text(name)
    rows = store.rows(text if limit is None else f"{text}\nLIMIT {int(limit)}")
    bound = {k: str(v) for k, v in terms.items() if not isinstance(v, list)}
    return [_Row(bound | r) for r in rows]


class _Row(dict):
    """A row in which a variable the answer left unbound reads as None."""

    def __missing__(self, key: str) -> None:
        return None


@dataclass
class DocInfo:
    """One document as the store knows it.  `dates` holds every date given to it, own date first."""

    iri: str
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    type: str | None = None
    dates: list[str] = field(default_factory=list)
    issuer: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    alias: str | None = None
    file: str | None = None

    @property
    def seen(self) -> bool:
        """A file of this document was read; otherwise it is only cited."""
        return self.file is not None

    @property
    def national(self) -> bool:
        return self.jurisdiction == NATIONAL

    @property
    def date(self) -> str | None:
        return self.dates[0] if self.dates else None

    @property
    def label(self) -> str:
        """How a reader names it: "Kế hoạch 199/KH-UBND", or the file for a document without a number."""
        if self.number and self.symbol:
            # decrees and circulars carry their year in the number: 85/2016/NĐ-CP
            with_year = self.year and self.symbol.startswith(_YEAR_IN_NUMBER)
            ref = f"{self.number}/{self.year}/{self.symbol}" if with_year else f"{self.number}/{self.symbol}"
            return f"{self.type} {ref}" if self.type else ref
        if self.alias:
            return self.alias
        name = self.type or "Văn bản"
        return f"{name} ({self.file})" if self.file else name

    def sort_key(self) -> tuple:
        """Older first: by date, else by year."""
        return (self.date or (f"{self.year:04d}" if self.year else "9999"), self.label)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(label=self.label, date=self.date, seen=self.seen, national=self.national)
        return d


def doc_info(store: Store, iri: str) -> DocInfo:
    """Everything the store says of one document, with the dates, issuer and title citations give it."""
    return Docs(store)[iri]


def _merge(iri: str, facts: list[dict[str, Any]]) -> DocInfo:
    """A document from its doc_info rows (one fact each).  A fact with several values takes the
    least (rows come in no set order, which differs between backends); issuer and title fall
    back on what citations say when the document's own file says nothing."""
    values: dict[str, set[Any]] = defaultdict(set)
    for r in facts:
        values[r["fact"]].add(r["value"])

    def one(fact: str) -> Any:
        return min(values[fact], default=None)

    type_iri = one("type")
    own_dates = sorted(values["date"])
    return DocInfo(
        iri, number=one("number"), symbol=one("symbol"), year=one("year"),
        type=concept_label(URIRef(type_iri)) if type_iri else None,
        issuer=one("issuer") or one("cited_issuer"), title=one("title") or one("cited_title"),
        jurisdiction=one("jurisdiction"), alias=one("alias"), file=one("file"),
        dates=own_dates + sorted(values["cited_date"] - set(own_dates)))


def all_docs(store: Store) -> dict[str, DocInfo]:
    """Every document of the store, each as `doc_info` gives it, in one query instead of one per document."""
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in select(store, "doc_info"):
        facts[r["doc"]].append(r)
    return {iri: _merge(iri, rows) for iri, rows in facts.items()}


@dataclass
class AgencyInfo:
    iri: str
    label: str
    province: str | None = None
    parent: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def agency_info(store: Store, iri: str | list[str] | None = None) -> list[AgencyInfo]:
    """One agency, several (a list: one query), or every agency when `iri` is None, sorted by name."""
    if iri is None:
        rows = select(store, "agency_info")
    else:
        rows = select(store, "agency_info", agency=[URIRef(i) for i in iri] if isinstance(iri, list) else URIRef(iri))
    facts: dict[str, dict[str, str]] = defaultdict(dict)
    for r in sorted(rows, key=lambda r: (r["fact"], r["value"])):  # the same pick on every backend
        facts[r["agency"]].setdefault(r["fact"], r["value"])
    # a node typed cancu:Agency: labels and parents alone also name jurisdictions and others
    out = [AgencyInfo(iri, f.get("label") or iri, f.get("province"), f.get("parent"))
           for iri, f in facts.items() if "agency" in f]
    return sorted(out, key=lambda a: (a.label, a.iri))


# doc_facts' properties: the fact of doc_info each gives, and the links a trace climbs by
_FACTS = {CANCU_NS + p: fact for p, fact in (
    ("number", "number"), ("symbol", "symbol"), ("year", "year"), ("documentType", "type"), ("dateDocument", "date"),
    ("title", "title"), ("alias", "alias"), ("sourceFile", "file"), ("dateAsCited", "cited_date"),
    ("titleAsCited", "cited_title"))}
# facts held by a node's name: the issuer's label, the jurisdiction's code
_NAMED = {CANCU_NS + "passedBy": ("issuer", str(SKOS.prefLabel)), CANCU_NS + "issuerAsCited": ("cited_issuer", str(SKOS.prefLabel)),
          CANCU_NS + "jurisdiction": ("jurisdiction", str(SKOS.notation))}
LINKS = ("basedOn", "implements", "amends", "replaces")
_LINKS = {CANCU_NS + p: p for p in LINKS}
_CHUNK = 500  # documents (or names) per query: one VALUES block each


class _Read:
    """One document's statements as doc_facts gives them, before its issuer and jurisdiction are named."""

    __slots__ = ("facts", "named")

    def __init__(self) -> None:
        self.facts: list[dict[str, Any]] = []
        self.named: list[tuple[str, str, str]] = []  # fact, node, the property that names the node


class Docs:
    """What the store says of documents, remembered for the length of one answer: each one's
    `DocInfo` and the legal-basis links it states (`up`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._known: dict[str, DocInfo] = {}
        self._up: dict[str, list[tuple[str, str]]] = {}
        self._climbed: set[str] = set()  # documents everything above which is known

    def __getitem__(self, iri: str) -> DocInfo:
        if iri not in self._known:
            self._name(self._read([iri]))
        return self._known[iri]

    def prefetch(self, iris: set[str]) -> None:
        """Know many documents at once: a query per few hundred documents, not one each."""
        self._name(self._read(sorted(i for i in iris if i not in self._known)))

    def up(self, iri: str) -> list[tuple[str, str]]:
        """The links `iri` states to documents above it, as (basedOn|implements|amends|replaces, document)."""
        if iri not in self._up:
            self._name(self._read([iri]))
        return self._up[iri]

    def climb(self, starts: set[str]) -> None:
        """Know every document reached from `starts` by basedOn, implements, amends and replaces,
        with its links: one query a level of the climb, however many documents a level holds,
        and one for the names of their issuers and jurisdictions."""
        level = starts - self._climbed
        reached = set(level)
        read: dict[str, _Read] = {}
        while level:
            read |= self._read(sorted(d for d in level if d not in self._up))
            level = {to for d in level for _, to in self._up[d]} - reached - self._climbed
            reached |= level
        self._name(read)
        self._climbed |= reached

    def _read(self, iris: list[str]) -> dict[str, _Read]:
        """The statements of `iris`; their links are known after, their DocInfo once named (`_name`)."""
        read = {iri: _Read() for iri in iris}
        links: dict[str, list[tuple[str, str]]] = {iri: [] for iri in iris}
        for chunk in range(0, len(iris), _CHUNK):
            for r in select(self.store, "doc_facts", doc=[URIRef(i) for i in iris[chunk:chunk + _CHUNK]]):
                doc, p, value = r["doc"], r["p"], r["value"]
                if p in _FACTS:
                    read[doc].facts.append({"fact": _FACTS[p], "value": value})
                elif p in _LINKS:
                    if (_LINKS[p], value) not in links[doc]:
                        links[doc].append((_LINKS[p], value))
                else:
                    fact, name_prop = _NAMED[p]
                    read[doc].named.append((fact, value, name_prop))
        self._up |= links
        return read

    def _name(self, read: dict[str, _Read]) -> None:
        """Name the issuers and jurisdictions of documents `_read` gave, and know the documents."""
        nodes = sorted({node for r in read.values() for _, node, _ in r.named})
        names: dict[tuple[str, str], list[str]] = defaultdict(list)
        for chunk in range(0, len(nodes), _CHUNK):
            for r in select(self.store, "node_names", node=[URIRef(n) for n in nodes[chunk:chunk + _CHUNK]]):
                names[r["node"], r["p"]].append(r["name"])
        for iri, r in read.items():
            facts = r.facts + [{"fact": fact, "value": name} for fact, node, prop in r.named for name in names[node, prop]]
            self._known[iri] = _merge(iri, facts)

    def later(self, a: str | None, b: str | None) -> bool:
        """`a` was issued after `b` (by date, else by year); False when either is unknown."""
        if a is None or b is None:
            return False
        ka, kb = self[a].sort_key()[0], self[b].sort_key()[0]
        return not ka.startswith("9999") and not kb.startswith("9999") and ka > kb
