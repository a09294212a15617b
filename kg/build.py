"""One file's extraction as the triples of its named graph.

Everything the file says goes into its graph, and only that: its own document with the
header's facts and the file's provenance, each citation of another document with what
the citation says of it, the links between documents, assignments, reassignment requests,
budget items and findings — each fact with the evidence (file, span, sentence) it was
read from, linked by ``prov:wasDerivedFrom``, and the input document by ``cancu:statedIn``.
Nodes shared by several files (documents, agencies, tasks, provinces) are described in
every graph that mentions them, so that dropping a file's graph drops exactly its claims
and the union of the graphs answers the queries.

An agency is one node per `kg.iri.agency_iri`, named (skos:prefLabel) as the file first
writes it, so that its facts read back as written; the gazetteer's name and the other
spellings are altLabels.  Graphs written by different files may name a node differently.

A claim a citation makes about the cited document (its date, issuer, title, type word)
stays on the citation node: files disagree, and a date conflict is two citations that
do.  What the key itself gives (number, symbol, year, jurisdiction, the type its symbol
names) is stated on the document node.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import ORG, PROV, RDF, SKOS, Literal, Node, URIRef

from kg.iri import (
    agency_chain,
    agency_iri,
    agency_name,
    agency_province,
    doc_iri,
    evidence_iri,
    fact_iri,
    file_doc_iri,
    graph_iri,
    jurisdiction_iri,
    task_iri,
)
from kg.namespace import CANCU, CANCU_NS, concept_by_label
from loaders.extract import EXTRACTOR_VERSION
from loaders.gazetteer import gazetteer
from loaders.model import DocKey, Evidence, Extraction

Triple = tuple[Node, Node, Node]

# rdflib's XSD namespace is open (it warns on unknown names, and pytest's doctest finder
# probes every module global): the two datatypes used here are spelt out instead.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")

# The cancu-eval/1 names of the links between documents and the properties that state them.
RELATION_PROPERTY: dict[str, URIRef] = {
    "based_on": CANCU.basedOn,
    "implements": CANCU.implements,
    "amends": CANCU.amends,
    "replaces": CANCU.replaces,
    "responds_to": CANCU.respondsTo,
}
ROLE: dict[str, URIRef] = {"lead": CANCU.Lead, "support": CANCU.Support, "monitor": CANCU.Monitor}
BUDGET_CLASS: dict[str, URIRef] = {"request": CANCU.BudgetRequest, "allocation": CANCU.BudgetAllocation}


def build_graph(
    ex: Extraction,
    *,
    path: str,
    content_hash: str,
    resolve: Callable[[DocKey], DocKey] = lambda k: k,
    version: str = EXTRACTOR_VERSION,
    generated_at: dt.datetime | None = None,
) -> tuple[URIRef, list[Triple]]:
    """The named graph IRI of the file at `path` and every triple of that graph.

    `resolve` maps a key as the file writes it to the key of its document (a
    `kg.resolve.Resolver` over a batch, or a lookup in the store); `generated_at`
    defaults to now, in UTC.

    >>> from loaders.model import DocIdentity, Source
    >>> src = Source("plans/kh.txt", "kh.txt", "", "txt")
    >>> ex = Extraction(src, DocIdentity("kh.txt", DocKey("189", "KH-UBND", 2022, "quang-ngai"), "Kế hoạch",
    ...                                  "UBND tỉnh Quảng Ngãi", "2022-12-09", None, "Quảng Ngãi", None))
    >>> g, triples = build_graph(ex, path="plans/kh.txt", content_hash="ab12")
    >>> (doc_iri(DocKey("189", "KH-UBND", 2022, "quang-ngai")), CANCU.documentType, CANCU.KeHoach) in triples
    True
    """
    b = _Builder(ex, graph=graph_iri(path), content_hash=content_hash, resolve=resolve)
    b.own(version, generated_at or dt.datetime.now(dt.UTC))
    b.citations()
    b.relations()
    assignments = b.assignments()
    b.reassignments(assignments)
    b.budget_items()
    b.allocation_totals()
    b.findings()
    b.finish()
    return b.graph, list(b.triples)


def _date(text: str | None) -> Literal | None:
    """An ISO date as xsd:date; a malformed one stays a plain string for the shapes to report."""
    if not text:
        return None
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return Literal(text)
    return Literal(text, datatype=XSD_DATE)


def _symbol_type(key: DocKey) -> str | None:
    """The type a symbol names: its first part when that is a type code, else a công văn.

    Mirrors `loaders.symbols.type_from_symbol` for a key that no citation typed.
    """
    parts = [p for p in re.split(r"[-/]", key.symbol or "") if p]
    if len(parts) < 2:
        return None
    return gazetteer().type_of_code(parts[0]) or "Công văn"


def _camel(kind: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in kind.split("_"))


@dataclass
class _Builder:
    ex: Extraction
    graph: URIRef
    content_hash: str
    resolve: Callable[[DocKey], DocKey]
    triples: dict[Triple, None] = field(default_factory=dict)  # an ordered set
    typed_docs: dict[URIRef, bool] = field(default_factory=dict)  # document node -> has a type
    doc_keys: dict[URIRef, DocKey] = field(default_factory=dict)
    seen: set[URIRef] = field(default_factory=set)
    labels: dict[URIRef, str] = field(default_factory=dict)  # agency node -> its prefLabel in this graph
    me: URIRef = URIRef("")
    my_key: DocKey | None = None
    my_scope: str | None = None

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self.triples[(s, p, o)] = None

    def text(self, s: Node, p: Node, value: str | None) -> None:
        if value:
            self.add(s, p, Literal(value))

    # ------------------------------------------------------------------ shared nodes

    def jurisdiction(self, code: str | None) -> URIRef | None:
        """The node of "VN" or a province slug, described once in this graph."""
        if not code:
            return None
        node = jurisdiction_iri(code)
        if node not in self.seen:
            self.seen.add(node)
            prov = next((p for p in gazetteer().provinces if p.slug == code), None)
            self.add(node, RDF.type, CANCU.Province if prov else CANCU.Jurisdiction)
            self.add(node, SKOS.notation, Literal(code))
            self.add(node, SKOS.prefLabel, Literal(prov.name if prov else "Việt Nam" if code == "VN" else code, lang="vi"))
        return node

    def agency(self, name: str | None) -> URIRef | None:
        """The node of an agency, with its name, province and the chain of its parents."""
        if not name or not name.strip():
            return None
        chain = agency_chain(name)
        nodes = [agency_iri(n) for n in chain]
        for i, (n, node) in enumerate(zip(chain, nodes, strict=True)):
            written = " ".join(n.split())
            if node not in self.labels:
                # One name per node and graph (SKOS allows one prefLabel per language): the
                # first spelling this file uses, so that its facts read back as it wrote them;
                # the gazetteer's name and other spellings become altLabels.
                self.labels[node] = written
                self.add(node, RDF.type, CANCU.Agency)
                self.add(node, SKOS.prefLabel, Literal(self.labels[node], lang="vi"))
                prov = _province_of(n)
                if prov is not None:
                    self.add(node, CANCU.province, self.jurisdiction(prov))
                if i + 1 < len(nodes) and nodes[i + 1] != node:
                    self.add(node, ORG.subOrganizationOf, nodes[i + 1])
            for variant in (written, agency_name(n)):
                if variant != self.labels[node]:
                    self.add(node, SKOS.altLabel, Literal(variant, lang="vi"))
        return nodes[0]

    def doc(self, key: DocKey | None) -> URIRef:
        """The node of a document key as this file writes it (None: the file's own document)."""
        if key is None:
            return self.me
        k = self.resolve(key)
        if not k.number:
            return self.me  # only the file's own identity lacks a number
        node = doc_iri(k)
        if node not in self.doc_keys:
            self.doc_keys[node] = k
            self.typed_docs.setdefault(node, False)
            self.add(node, RDF.type, CANCU.LegalDocument)
            self._key_triples(node, k)
        return node

    def _key_triples(self, node: URIRef, k: DocKey) -> None:
        self.text(node, CANCU.number, k.number)
        self.text(node, CANCU.symbol, k.symbol)
        if k.year is not None:
            self.add(node, CANCU.year, Literal(k.year))
        self.add(node, CANCU.jurisdiction, self.jurisdiction(k.jurisdiction))

    def doc_type(self, node: URIRef, type_name: str | None) -> None:
        concept = concept_by_label(CANCU.DocumentTypes, type_name)
        if concept is not None:
            self.add(node, CANCU.documentType, concept)
            self.typed_docs[node] = True

    def evidence(self, subject: URIRef, ev: Evidence | None) -> None:
        if ev is None:
            return
        node = evidence_iri(self.graph, ev)
        if node not in self.seen:
            self.seen.add(node)
            self.add(node, RDF.type, CANCU.Evidence)
            self.text(node, CANCU.file, ev.file)
            self.add(node, CANCU.start, Literal(ev.start))
            self.add(node, CANCU.end, Literal(ev.end))
            self.text(node, CANCU.sentence, ev.sentence)
        self.add(subject, PROV.wasDerivedFrom, node)

    def task(self, text: str | None, by: URIRef, scope: str | None) -> URIRef | None:
        if not text or not text.strip():
            return None
        node = task_iri(text, by, scope=scope)
        self.add(node, RDF.type, CANCU.Task)
        self.add(node, CANCU.wording, Literal(text))
        return node

    def scope_of(self, key: DocKey | None) -> str | None:
        """The jurisdiction tasks given by a document are read in."""
        if key is None:
            return self.my_scope
        return self.resolve(key).jurisdiction

    def fact(self, kind: str, n: int, cls: URIRef, ev: Evidence | None) -> URIRef:
        node = fact_iri(self.graph, kind, n)
        self.add(node, RDF.type, cls)
        self.add(node, CANCU.position, Literal(n))
        self.add(node, CANCU.statedIn, self.me)
        self.evidence(node, ev)
        return node

    # ------------------------------------------------------------------ the file's facts

    def own(self, version: str, generated_at: dt.datetime) -> None:
        i, src = self.ex.identity, self.ex.source
        key = i.key
        if key is not None and key.number:
            self.my_key = self.resolve(key)
            self.me = doc_iri(self.my_key)
            self.doc_keys[self.me] = self.my_key
        else:
            self.me = file_doc_iri(src.name, self.content_hash)
        me = self.me
        self.typed_docs[me] = False
        self.add(me, RDF.type, CANCU.LegalDocument)
        stated = self.my_key or key  # without a number, the header may still give a symbol or a year
        if stated is not None:
            self._key_triples(me, stated)
        province = gazetteer().province(i.province) if i.province else None
        # tasks this file gives are read in its jurisdiction, else in the province it names
        self.my_scope = (stated.jurisdiction if stated else None) or (province.slug if province else None)
        self.doc_type(me, i.type)
        self.text(me, CANCU.typeWord, i.type)
        self.add(me, CANCU.dateDocument, _date(i.date))
        self.add(me, CANCU.passedBy, self.agency(i.issuer))
        self.text(me, CANCU.title, i.title)
        self.text(me, CANCU.place, i.place)
        if province is not None:
            self.add(me, CANCU.province, self.jurisdiction(province.slug))
        self.text(me, CANCU.sourceFile, src.name)
        self.text(me, CANCU.contentHash, self.content_hash)
        self.text(me, CANCU.extractorVersion, version)
        self.text(me, CANCU.sourceFormat, src.format)
        self.text(me, CANCU.sourceEncoding, src.encoding)
        for note in src.notes:  # an encoding guessed or converted: the evidence spans are in the converted text
            self.text(me, CANCU.readingNote, note)
        self.add(me, PROV.generatedAtTime, Literal(generated_at.isoformat(), datatype=XSD_DATETIME))
        self.evidence(me, i.evidence)

    def citations(self) -> None:
        for n, c in enumerate(self.ex.citations):
            cited = self.doc(c.key)
            node = self.fact("citation", n, CANCU.Citation, c.evidence)
            self.add(node, CANCU.citedDocument, cited)
            self.text(node, CANCU.written, c.written)
            self.text(node, CANCU.typeWord, c.type_word)
            self.add(node, CANCU.citedType, concept_by_label(CANCU.DocumentTypes, c.type_from_symbol))
            self.add(node, CANCU.citedDate, _date(c.date))
            self.add(node, CANCU.citedIssuer, self.agency(c.issuer))
            self.text(node, CANCU.citedTitle, c.title)
            self.add(cited, CANCU.dateAsCited, _date(c.date))
            self.add(cited, CANCU.issuerAsCited, self.agency(c.issuer))
            self.text(cited, CANCU.titleAsCited, c.title)
            self.text(node, CANCU.alias, c.alias)
            self.text(cited, CANCU.alias, c.alias)
            if cited != self.me:
                self.add(self.me, CANCU.cites, cited)
                self.doc_type(cited, c.type)

    def relations(self) -> None:
        for n, r in enumerate(self.ex.relations):
            prop = RELATION_PROPERTY.get(r.kind)
            if prop is None:
                continue  # a kind the ontology does not know yet has no property to state it
            source, target = self.doc(r.source), self.doc(r.target)
            self.add(source, prop, target)
            node = self.fact("relation", n, CANCU.RelationStatement, r.evidence)
            self.add(node, RDF.subject, source)
            self.add(node, RDF.predicate, prop)
            self.add(node, RDF.object, target)

    def assignments(self) -> list[tuple[URIRef, URIRef | None, URIRef | None, URIRef]]:
        """Each assignment's (node, task, agency, issuing document), for the requests to point at."""
        out = []
        for n, a in enumerate(self.ex.assignments):
            by = self.doc(a.by_doc)
            node = self.fact("assignment", n, CANCU.Assignment, a.evidence)
            self.add(by, CANCU.assigns, node)
            agency = self.agency(a.agency)
            self.add(node, CANCU.assignedTo, agency)
            self.add(node, CANCU.byAgency, self.agency(a.by_agency))
            self.add(node, CANCU.role, ROLE.get(a.role))
            task = self.task(a.task_text, by, self.scope_of(a.by_doc))
            self.add(node, CANCU.task, task)
            self.text(node, CANCU.taskText, a.task_text)
            self.text(node, CANCU.deadline, a.deadline)
            self.text(node, CANCU.status, a.status)
            out.append((node, task, agency, by))
        return out

    def reassignments(self, assignments: Iterable[tuple[URIRef, URIRef | None, URIRef | None, URIRef]]) -> None:
        assignments = list(assignments)
        for n, q in enumerate(self.ex.reassignments):
            node = self.fact("reassignment", n, CANCU.ReassignmentRequest, q.evidence)
            self.add(node, CANCU.requester, self.agency(q.requester))
            source = self.agency(q.from_agency)
            self.add(node, CANCU.fromAgency, source)
            self.add(node, CANCU.toAgency, self.agency(q.to_agency))
            self.add(node, CANCU.via, self.doc(q.via))
            by = self.doc(q.assigned_by) if q.assigned_by is not None else None
            self.add(node, CANCU.assignedBy, by)
            self.text(node, CANCU.reason, q.reason)
            task = self.task(q.task_text, by or self.me, self.scope_of(q.assigned_by))
            self.add(node, CANCU.task, task)
            self.text(node, CANCU.taskText, q.task_text)
            # the assignment whose move is asked for: same task, same agency, same issuing document
            for a_node, a_task, a_agency, a_by in assignments:
                if task is not None and (a_task, a_agency) == (task, source) and (by is None or a_by == by):
                    self.add(a_node, CANCU.reassignmentRequested, node)

    def budget_items(self) -> None:
        for n, b in enumerate(self.ex.budget_items):
            node = self.fact("budget", n, BUDGET_CLASS.get(b.kind, CANCU.BudgetItem), b.evidence)
            self.add(node, CANCU.agency, self.agency(b.agency))
            self.text(node, CANCU.itemTitle, b.title)
            if b.amount_vnd is not None:
                self.add(node, CANCU.amountVnd, Literal(b.amount_vnd))
            self.text(node, CANCU.fundingSource, b.funding_source)
            if b.allocated_by is not None:
                self.add(node, CANCU.allocatedBy, self.doc(b.allocated_by))
            for k in b.basis:
                self.add(node, CANCU.basis, self.doc(k))
            for year, amount in b.years or ():
                y = URIRef(f"{node}/year/{year}")
                self.add(node, CANCU.yearAmount, y)
                self.add(y, RDF.type, CANCU.YearAmount)
                self.add(y, CANCU.year, Literal(year))
                if amount is not None:
                    self.add(y, CANCU.amountVnd, Literal(amount))

    def allocation_totals(self) -> None:
        for n, t in enumerate(self.ex.allocation_totals):
            node = self.fact("total", n, CANCU.AllocationTotal, t.evidence)
            self.add(node, CANCU.agency, self.agency(t.agency))
            self.add(node, CANCU.allocatedBy, self.doc(t.allocated_by))
            self.add(node, CANCU.amountVnd, Literal(t.amount_vnd))

    def findings(self) -> None:
        for n, f in enumerate(self.ex.findings):
            node = self.fact("finding", n, CANCU.Finding, f.evidence)
            # a kind the ontology lacks still gets a concept IRI, which the shapes then report
            kind = concept_by_label(CANCU.FindingKinds, f.kind) or URIRef(CANCU_NS + _camel(f.kind))
            self.add(node, CANCU.findingKind, kind)
            for k in f.subjects:
                self.add(node, CANCU.subject, self.doc(k))
            self.text(node, CANCU.detail, f.detail)
            if f.task:
                self.add(node, CANCU.task, self.task(f.task, self.me, self.my_scope))
                self.text(node, CANCU.taskText, f.task)

    def finish(self) -> None:
        # a document no citation of this file typed gets the type its symbol names
        for node, typed in self.typed_docs.items():
            key = self.doc_keys.get(node)
            if not typed and key is not None:
                self.doc_type(node, _symbol_type(key))
        for t in derived(self.triples):
            self.add(*t)


def derived(triples: Iterable[Triple]) -> list[Triple]:
    """The statements of a graph that follow from its others, which a task's trace reads.

    cancu:givesTask goes from a document to each task it assigns, and cancu:moveRequested
    from a task to each request to move it (store format 3).  `build_graph` adds them, and so
    must a graph built by hand.  `kg.store` derives the same for a store of an older format.
    """
    triples = list(triples)
    tasks: dict[Node, list[Node]] = {}
    for s, p, o in triples:
        if p == CANCU.task:
            tasks.setdefault(s, []).append(o)
    out: dict[Triple, None] = {}
    for s, p, o in triples:
        if p == CANCU.assigns:
            out.update(((s, CANCU.givesTask, t), None) for t in tasks.get(o, ()))
        elif p == RDF.type and o == CANCU.ReassignmentRequest:
            out.update(((t, CANCU.moveRequested, s), None) for t in tasks.get(s, ()))
    return list(out)


def _province_of(name: str) -> str | None:
    prov = agency_province(name)
    return prov.slug if prov else None


__all__ = ["build_graph", "derived", "RELATION_PROPERTY", "ROLE", "BUDGET_CLASS", "Triple"]
