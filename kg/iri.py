"""Readable, stable IRIs for what the graph is about, all under https://cancu.org/id/.

- a document: ``doc/{jurisdiction}/{symbol}/{year}/{number}`` — the four parts of its
  identity, so two provinces' ``189/KH-UBND`` and the ``906/QĐ-UBND`` of two years are
  different nodes; ``unknown`` and ``nd`` stand for a jurisdiction or year not known;
- an input file without a number: ``doc/file/{name}-{content hash}``;
- an agency: ``agency/{province or vn}/{name without the province}``, the name in its
  gazetteer spelling when the gazetteer knows the body (``VPUB`` → ``van-phong-ubnd``);
- a task: ``task/{jurisdiction}/{first key words}-{hash of the key}`` (the matching rule is
  `kg.tasks`); a heading too short to name one task across documents is scoped to its
  document instead: ``task/doc-{hash of the document IRI}/…``;
- a named graph: ``graph/{file stem}-{hash of the resolved path}`` — the path, not the
  content, so that ingesting a changed file replaces its graph.
- a fact of a file (citation, assignment…) and its evidence live under the graph's IRI:
  ``{graph}/assignment/{n}``, ``{graph}/evidence/{start}-{end}``.

>>> from loaders.model import DocKey
>>> str(doc_iri(DocKey("189", "KH-UBND", 2022, "quang-ngai")))
'https://cancu.org/id/doc/quang-ngai/kh-ubnd/2022/189'
>>> str(agency_iri("Sở Nội vụ tỉnh Quảng Ngãi"))
'https://cancu.org/id/agency/quang-ngai/so-noi-vu'
"""
from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from rdflib import Namespace, URIRef

from kg.tasks import is_shared, refers_to_itself, task_key
from loaders.gazetteer import Body, Province, fold, gazetteer, slug
from loaders.model import CancuError, DocKey, Evidence
from loaders.symbols import symbol_key

ID = Namespace("https://cancu.org/id/")


class IdentityError(CancuError, ValueError):
    """A key that cannot name a node (a document key without a number…)."""


def _hash(text: str, n: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def _seg(text: str | None, default: str) -> str:
    s = slug(text or "")
    return s or default


# --------------------------------------------------------------------------- documents


def doc_iri(key: DocKey) -> URIRef:
    """The node of a numbered document.

    >>> str(doc_iri(DocKey("85", "NĐ-CP", 2016, "VN")))
    'https://cancu.org/id/doc/vn/nd-cp/2016/85'
    >>> str(doc_iri(DocKey("19", "CT/TU", None, None)))
    'https://cancu.org/id/doc/unknown/ct-tu/nd/19'

    :raises IdentityError: the key has no number (use `file_doc_iri` for an input file).
    """
    if not key.number:
        raise IdentityError(f"a document IRI needs a number, found the key {key!r}")
    # symbol_key first so that spellings resolve.canonical treats as one symbol give one IRI
    symbol = _seg(symbol_key(key.symbol).replace("&", " "), "x")
    year = str(key.year) if key.year is not None else "nd"
    return ID[f"doc/{_seg(key.jurisdiction, 'unknown')}/{symbol}/{year}/{_seg(key.number, 'x')}"]


def file_doc_iri(file_name: str, content_hash: str) -> URIRef:
    """The node of an input file that carries no number of its own.

    >>> str(file_doc_iri("000_dc6b3819bf99fd98.txt", "sha256:9f86d081884c7d65"))
    'https://cancu.org/id/doc/file/000-dc6b3819bf99fd98-9f86d081884c7d65'
    """
    digest = re.sub(r"^[a-z0-9]+:", "", content_hash.strip().lower())
    digest = re.sub(r"[^0-9a-z]", "", digest)[:16] or _hash(content_hash, 16)
    return ID[f"doc/file/{_seg(Path(file_name).stem, 'file')[:60]}-{digest}"]


def jurisdiction_iri(code: str) -> URIRef:
    """The node of a jurisdiction: ``vn`` for the country, a province slug for a province.

    >>> str(jurisdiction_iri("VN"))
    'https://cancu.org/id/jurisdiction/vn'
    """
    return ID[f"jurisdiction/{_seg(code, 'unknown')}"]


def graph_iri(path: str | Path) -> URIRef:
    """The named graph of an input file, from its resolved path (stable when its content changes).

    >>> graph_iri("tests/corpus/seeds/000_dc6b3819bf99fd98.txt") == graph_iri("./tests/corpus/seeds/000_dc6b3819bf99fd98.txt")
    True
    """
    p = Path(path).resolve()
    return ID[f"graph/{_seg(p.stem, 'file')[:60]}-{_hash(str(p), 16)}"]


def fact_iri(graph: URIRef, kind: str, n: int) -> URIRef:
    """The node of the n-th fact of a kind in a file's graph (assignment, citation…)."""
    return URIRef(f"{graph}/{kind}/{n}")


def evidence_iri(graph: URIRef, ev: Evidence) -> URIRef:
    """The node of a span of a file: facts read from one span share it."""
    return URIRef(f"{graph}/evidence/{ev.start}-{ev.end}")


# --------------------------------------------------------------------------- agencies


@cache
def _province_words() -> tuple[tuple[tuple[str, ...], Province], ...]:
    g = gazetteer()
    return tuple(sorted(((tuple(f.split()), p) for f, p in g.province_by_fold.items() if f),
                        key=lambda x: len(x[0]), reverse=True))


def split_province(name: str) -> tuple[Province | None, list[str]]:
    """The province a name carries and the folded words of the rest.

    The province is the last one named after "tỉnh"/"thành phố"/"TP" or at the very end,
    so that "Đài Phát thanh và Truyền hình Quảng Ngãi" is a body of Quảng Ngãi; the
    "tỉnh" before it goes with it.

    >>> p, rest = split_province("UBND huyện, thành phố tỉnh Quảng Ngãi")
    >>> p.slug, rest
    ('quang-ngai', ['ubnd', 'huyen', 'thanh', 'pho'])
    """
    words = fold(name).split()
    found: tuple[int, int, Province] | None = None
    for i in range(len(words) - 1, -1, -1):
        for pw, prov in _province_words():
            j = i + len(pw)
            if tuple(words[i:j]) != pw:
                continue
            qualified = words[i - 1:i] in (["tinh"], ["tp"]) or words[max(0, i - 2):i] == ["thanh", "pho"]
            if qualified or j == len(words):
                found = (i, j, prov)
            break
        if found:
            break
    if found is None:
        return None, words
    i, j, prov = found
    start = i - 1 if words[i - 1:i] in (["tinh"], ["tp"]) else i - 2 if words[max(0, i - 2):i] == ["thanh", "pho"] else i
    return prov, words[:start] + words[j:]


def _body(words: list[str]) -> Body | None:
    """The gazetteer body the words name exactly (with or without a trailing "tỉnh")."""
    g = gazetteer()
    f = " ".join(words)
    for cand in (f, f + " tinh", f + " thanh pho"):
        b = g.body_by_fold.get(cand.strip())
        if b is not None:
            return b
    return None


def _canonical(name: str) -> tuple[Province | None, Body | None, list[str]]:
    prov, words = split_province(name)
    body = _body(words) if words else None
    # a national body named with a province is its local branch ("Kho bạc Nhà nước tỉnh X"): keep the words
    if body is not None and prov is not None and not body.local:
        body = None
    return prov, body, words


def agency_name(name: str) -> str:
    """The name an agency node is labelled with: the gazetteer spelling when the body is known.

    >>> agency_name("Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi")
    'Văn phòng UBND tỉnh Quảng Ngãi'
    >>> agency_name("các cơ quan, đơn vị  liên quan tỉnh Bắc Ninh")
    'Các cơ quan, đơn vị liên quan tỉnh Bắc Ninh'
    """
    prov, body, _ = _canonical(name)
    if body is None:
        # a group or a unit the gazetteer does not list: as written, capitalised like a name
        n = " ".join(name.split())
        return n[:1].upper() + n[1:]
    if prov is None:
        return body.name
    # "Công an tỉnh" of Hà Nội is the "Công an Thành phố Hà Nội": the province says which it is
    base = re.sub(r"\s+(?:tỉnh|Tỉnh|thành phố|Thành phố)$", "", body.name)
    return f"{base} {prov.full}"


def agency_iri(name: str) -> URIRef:
    """The node of an agency, from its name.

    >>> str(agency_iri("Văn phòng Sở Nội vụ tỉnh Bắc Giang"))
    'https://cancu.org/id/agency/bac-giang/van-phong-so-noi-vu'
    >>> agency_iri("VPUB tỉnh Quảng Ngãi") == agency_iri("Văn phòng UBND tỉnh Quảng Ngãi")
    True
    """
    prov, body, words = _canonical(name)
    local = slug(body.name) if body is not None else "-".join(words) or slug(name)
    return ID[f"agency/{prov.slug if prov else 'vn'}/{local or 'x'}"]


def agency_province(name: str) -> Province | None:
    """The province an agency's name carries, or None (a national body)."""
    return split_province(name)[0]


_PARENT_HEAD = r"(?:Sở|Bộ|Ban|UBND|Ủy ban|Uỷ ban|Văn phòng|Tổng cục|Cục|Chi cục|Trung tâm|Đài|Công an|Kho bạc|Thanh tra)"
_UNIT_HEAD_RE = re.compile(r"^(?:văn\s+phòng|thanh\s+tra|phòng|chi\s+cục|cục|vụ|trung\s+tâm|ban)\s", re.I)
_UNIT_PARENT_RE = re.compile(r"\s(?=(?:Sở|Bộ|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Tổng cục)\s)")
_DASH_RE = re.compile(r"\s+[-–—]\s+")
_OF_RE = re.compile(r"\s(?:trực\s+)?thuộc\s+")


def _names_a_body(text: str) -> bool:
    """A head word followed by a capitalised word ("Sở Nội vụ"), or a body the gazetteer knows."""
    m = re.match(_PARENT_HEAD + r"\s+(\S+)", text)
    if m and m.group(1)[:1].isupper():
        return True
    _, body, _ = _canonical(text)
    return body is not None


def parent_agency(name: str) -> str | None:
    """The body a sub-unit belongs to, as its name gives it, or None.

    >>> parent_agency("Phòng Công chức, viên chức - Sở Nội vụ tỉnh Bắc Giang")
    'Sở Nội vụ tỉnh Bắc Giang'
    >>> parent_agency("Văn phòng Sở Nội vụ tỉnh Bắc Giang")
    'Sở Nội vụ tỉnh Bắc Giang'
    >>> parent_agency("Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang")
    'Sở Nội vụ tỉnh Bắc Giang'
    >>> parent_agency("Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu") is None
    True
    """
    n = " ".join(name.split())
    # a body the gazetteer lists in its own right (Văn phòng UBND) is no sub-unit here
    if _canonical(n)[1] is not None:
        return None
    parts = _DASH_RE.split(n)
    if len(parts) >= 2 and _names_a_body(parts[-1]):
        return parts[-1]
    m = _OF_RE.search(n)
    if m and _names_a_body(n[m.end():]):
        return n[m.end():]
    if _UNIT_HEAD_RE.match(n):
        for m in _UNIT_PARENT_RE.finditer(n):
            if _names_a_body(n[m.end():]):
                return n[m.end():]
    return None


def agency_chain(name: str, *, depth: int = 4) -> list[str]:
    """The agency and its parents, innermost first: ["Văn phòng Sở X tỉnh Y", "Sở X tỉnh Y"]."""
    chain = [" ".join(name.split())]
    while len(chain) <= depth:
        parent = parent_agency(chain[-1])
        if parent is None or parent in chain:
            break
        chain.append(parent)
    return chain


# --------------------------------------------------------------------------- tasks


def task_iri(text: str, by_doc_iri: URIRef | str, *, scope: str | None = None) -> URIRef:
    """The node of a task stated by a document (the matching rule is `kg.tasks`).

    `scope` is the jurisdiction the task is read in; by default the one `by_doc_iri` names.
    A key too short to identify a task across documents, or a text that points at its own
    document, is scoped to `by_doc_iri` itself.

    >>> qn169 = doc_iri(DocKey("169", "KH-UBND", 2021, "quang-ngai"))
    >>> qn189 = doc_iri(DocKey("189", "KH-UBND", 2022, "quang-ngai"))
    >>> task_iri("Chủ trì, phối hợp với Sở Tài chính hướng dẫn các sở, ban, ngành, địa phương thực hiện chuẩn hóa quy trình", qn169) \\
    ...     == task_iri("hướng dẫn các sở, ban, ngành, địa phương thực hiện chuẩn hóa quy trình", qn189)
    True
    """
    key = task_key(text)
    if scope is None:
        scope = _jurisdiction_of(str(by_doc_iri))
    if scope is None or not is_shared(key) or refers_to_itself(text):
        scope = f"doc-{_hash(str(by_doc_iri), 12)}"
    words = "-".join(key.split()[:6]) or "x"
    return ID[f"task/{_seg(scope, 'unknown')}/{words}-{_hash(key, 12)}"]


def _jurisdiction_of(iri: str) -> str | None:
    m = re.match(re.escape(str(ID)) + r"doc/([^/]+)/", iri)
    if m is None or m.group(1) in ("unknown", "file"):
        return None
    return m.group(1)
