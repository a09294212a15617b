"""Graphs written straight as triples, in the shape `kg.build` gives them: a seeded synthetic
store of documents by issuer level, and a small graph whose texts carry HTML that must not run."""
from __future__ import annotations

import random
from collections.abc import Iterator

from rdflib import RDF, SKOS, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kg.build import derived
from kg.iri import ID
from kg.namespace import CANCU
from kg.store import Triple
from loaders.gazetteer import gazetteer

SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=1>"

# (level, issuer codes, type code, share of the documents)
_LEVELS = [("national", ["CP", "TTg", "QH"], "NĐ", 0.03), ("ministry", ["BNV", "BTC", "BTTTT", "BKHCN", "BCA"], "TT", 0.12),
           ("province", ["UBND", "HĐND"], "KH", 0.35), ("department", ["SNV", "STC", "SKHCN", "STTTT", "SYT"], "QĐ", 0.50)]


def jurisdiction(code: str) -> Iterator[Triple]:
    node = ID[f"jurisdiction/{code.lower()}"]
    yield node, RDF.type, CANCU.Jurisdiction
    yield node, SKOS.notation, Literal(code)


def agency(iri: URIRef, name: str) -> Iterator[Triple]:
    yield iri, RDF.type, CANCU.Agency
    yield iri, SKOS.prefLabel, Literal(name, lang="vi")


def document(iri: URIRef, *, number: str | None, symbol: str | None, year: int, code: str, issuer: URIRef,
             title: str, date: str, file: str | None = None, alias: str | None = None) -> Iterator[Triple]:
    yield iri, RDF.type, CANCU.LegalDocument
    if number:
        yield iri, CANCU.number, Literal(number)
    if symbol:
        yield iri, CANCU.symbol, Literal(symbol)
    yield iri, CANCU.year, Literal(year)
    yield iri, CANCU.jurisdiction, ID[f"jurisdiction/{code.lower()}"]
    yield iri, CANCU.passedBy, issuer
    yield iri, CANCU.title, Literal(title)
    yield iri, CANCU.dateDocument, Literal(date, datatype=XSD.date)
    if file:
        yield iri, CANCU.sourceFile, Literal(file)
    if alias:
        yield iri, CANCU.alias, Literal(alias)


def synthetic(n: int, seed: int = 6) -> list[Triple]:
    """`n` documents spread over the four issuer levels and the 63 provinces, each local or
    ministry document based on one or two documents of the levels above it."""
    rnd = random.Random(seed)
    provinces = [p.slug for p in gazetteer().provinces]
    triples: list[Triple] = []
    for code in ["VN", *provinces]:
        triples += jurisdiction(code)
    by_level: dict[str, list[URIRef]] = {}
    count = 0
    for li, (level, codes, type_code, share) in enumerate(_LEVELS):
        k = n - count if li == len(_LEVELS) - 1 else int(n * share)
        docs = by_level.setdefault(level, [])
        for i in range(k):
            code = rnd.choice(codes)
            where = "VN" if level in ("national", "ministry") else rnd.choice(provinces)
            year = rnd.randint(2015, 2025)
            symbol = f"{type_code}-{code}"
            iri = ID[f"doc/{where.lower()}/{symbol.lower()}/{year}/{i + 1}"]
            issuer = ID[f"agency/{where.lower()}/{code.lower()}"]
            triples += agency(issuer, f"Cơ quan {code} {where}")
            triples += document(iri, number=str(i + 1), symbol=symbol, year=year, code=where, issuer=issuer,
                                title=f"Về việc chuyển đổi số năm {year} (văn bản {i + 1})", date=f"{year}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                                file=f"{iri.rsplit('/', 4)[-4]}-{i}.txt" if rnd.random() < 0.5 else None)
            above = [d for lv, _, _, _ in _LEVELS[:li] for d in by_level.get(lv, ())]
            for basis in rnd.sample(above, min(len(above), rnd.randint(1, 2))):
                triples.append((iri, CANCU.basedOn, basis))
            docs.append(iri)
            count += 1
    return triples


def payload() -> list[Triple]:
    """Two plans that give the same task to two agencies whose names, with the documents'
    titles, aliases, the task's wording and the evidence, carry a script and an image."""
    g = URIRef("https://cancu.org/id/graph/payload")
    triples: list[Triple] = [*jurisdiction("quang-ngai"), *jurisdiction("VN")]
    bad_agency = ID["agency/quang-ngai/so-pwned"]
    other_agency = ID["agency/quang-ngai/so-noi-vu"]
    triples += agency(bad_agency, f"Sở {SCRIPT} {IMG}")
    triples += agency(other_agency, "Sở Nội vụ tỉnh Quảng Ngãi")
    decree = ID["doc/vn/nd-cp/2020/47"]
    plan_a = ID["doc/quang-ngai/kh-ubnd/2021/169"]
    plan_b = ID["doc/file/pwned"]
    triples += document(decree, number="47", symbol="NĐ-CP", year=2020, code="VN", issuer=ID["agency/vn/chinh-phu"],
                        title=f"Nghị định {SCRIPT}", date="2020-04-09")
    triples += agency(ID["agency/vn/chinh-phu"], "Chính phủ")
    triples += document(plan_a, number="169", symbol="KH-UBND", year=2021, code="quang-ngai", issuer=bad_agency,
                        title=f"Kế hoạch {SCRIPT} {IMG}", date="2021-12-09", file="a.txt")
    triples += document(plan_b, number=None, symbol=None, year=2022, code="quang-ngai", issuer=other_agency,
                        title=f"Kế hoạch {IMG}", date="2022-12-09", file="b.txt", alias=f"Đề án {SCRIPT}")
    for i, (src, dst) in enumerate([(plan_a, decree), (plan_b, decree)]):
        fact, ev = URIRef(f"{g}/relation/{i}"), URIRef(f"{g}/evidence/r{i}")
        triples += [(src, CANCU.basedOn, dst), (fact, RDF.type, CANCU.RelationStatement), (fact, RDF.subject, src),
                    (fact, RDF.predicate, CANCU.basedOn), (fact, RDF.object, dst), (fact, CANCU.statedIn, src),
                    (fact, PROV.wasDerivedFrom, ev), (ev, RDF.type, CANCU.Evidence), (ev, CANCU.file, Literal("a.txt")),
                    (ev, CANCU.start, Literal(0)), (ev, CANCU.end, Literal(9)), (ev, CANCU.sentence, Literal(f"Căn cứ {SCRIPT}"))]
    task = ID["task/quang-ngai/pwned"]
    triples += [(task, RDF.type, CANCU.Task), (task, CANCU.wording, Literal(f"Chuẩn hóa {SCRIPT} {IMG}"))]
    for i, (doc, who) in enumerate([(plan_a, bad_agency), (plan_b, other_agency)]):
        fact, ev = URIRef(f"{g}/assignment/{i}"), URIRef(f"{g}/evidence/a{i}")
        triples += [(doc, CANCU.assigns, fact), (fact, RDF.type, CANCU.Assignment), (fact, CANCU.task, task),
                    (fact, CANCU.statedIn, doc), (fact, CANCU.assignedTo, who), (fact, CANCU.role, CANCU.Lead),
                    (fact, CANCU.taskText, Literal(f"Chuẩn hóa {SCRIPT} {IMG}")), (fact, PROV.wasDerivedFrom, ev),
                    (ev, RDF.type, CANCU.Evidence), (ev, CANCU.file, Literal("a.txt")), (ev, CANCU.start, Literal(0)),
                    (ev, CANCU.end, Literal(9)), (ev, CANCU.sentence, Literal(f"Giao {IMG} chủ trì {SCRIPT}"))]
    return triples + derived(triples)
