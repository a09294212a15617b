"""From one read source to an `Extraction`: normalise, lay out, then run every extractor.

Each extractor works on the normalised text; spans are mapped back to the original
text for the evidence, so every fact points at what the file really says.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from loaders.assignments import find_assignments
from loaders.budget import find_budget_items
from loaders.citations import Mention, find_citations
from loaders.dates import DATE_RE, match_date
from loaders.gazetteer import fold as _fold
from loaders.gazetteer import gazetteer
from loaders.identity import Identity, read_identity
from loaders.model import (
    Citation,
    DocIdentity,
    DocKey,
    Evidence,
    Extraction,
    Finding,
    Relation,
    Source,
)
from loaders.normalize import Normalized, normalize
from loaders.pipeline import Analysis, analyse
from loaders.reassign import find_reassignments
from loaders.relations import (
    basis_sections,
    body_relations,
    nested_relations,
    preamble_relations,
    preamble_span,
)
from loaders.structure import Layout, layout
from loaders.symbols import oddly_spaced

EXTRACTOR_VERSION = "0.1.0"


@dataclass
class Context:
    """What every extractor of one file shares."""

    source: Source
    norm: Normalized
    layout: Layout
    analysis: Analysis
    identity: Identity
    mentions: list[Mention]
    keys: list[DocKey]
    own: set[int]  # mentions of the document itself
    # A citation is the evidence of its own record and of its findings; a table row, of an
    # assignment per agency named in it.
    _evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.norm.text

    def evidence(self, start: int, end: int) -> Evidence:
        ev = self._evidence.get((start, end))
        if ev is None:
            s, e = self.norm.span_to_original(start, end)
            ev = self._evidence[start, end] = Evidence(self.source.name, s, e, self.analysis.sentences.sentence(start, end))
        return ev

    def own_key(self) -> DocKey | None:
        i = self.identity
        if i.number:
            return DocKey(i.number, i.symbol, i.year, _jurisdiction(i.issuer_body, i.province))
        return None


def _jurisdiction(body, province) -> str | None:
    if body is not None and not body.local:
        return "VN"
    return province.slug if province else None


def mention_key(m: Mention, identity: Identity) -> DocKey:
    ref = m.ref
    assert ref is not None
    year = ref.year or (int(m.date[:4]) if m.date else None)
    body = m.issuer_body or gazetteer().body_by_code.get(_fold(ref.issuer_code or ""))
    province = m.province or identity.province
    juris = _jurisdiction(body, province)
    if body is None and _MINISTRY_CODE_RE.fullmatch(ref.issuer_code or ""):
        juris = "VN"  # an unlisted ministry ("BLĐTBXH", "BNN&MT")
    return DocKey(ref.number, ref.symbol, year, juris)


_MINISTRY_CODE_RE = re.compile(r"B[A-ZĐ&]{2,}")


@cache
def _well_known_res() -> list[tuple[re.Pattern[str], dict]]:
    return [(re.compile(re.escape(name).replace(r"\ ", r"\s+") + r"(?!\d)"), data) for name, data in gazetteer().well_known.items()]


def _well_known(text: str) -> list[tuple[int, int, dict]]:
    out = []
    for pat, data in _well_known_res():
        for m in pat.finditer(text):
            out.append((m.start(), m.end(), data))
    return out


def extract_source(source: Source) -> Extraction:
    """Everything cancu reads in one document."""
    norm = normalize(source.text)
    text = norm.text
    lay = layout(text, norm.footnotes)
    ident = read_identity(text)
    mentions = find_citations(text, province=ident.province)
    keys = [mention_key(m, ident) for m in mentions]
    # the document's own number written in an appendix is the document itself, not a citation
    own = {i for i, m in enumerate(mentions) if ident.span and ident.number and m.ref and m.ref.number == ident.number
           and ident.span[0] <= m.end and m.start <= ident.span[1]}
    ctx = Context(source, norm, lay, analyse(text), ident, mentions, keys, own)
    if ctx.own_key() is not None:
        for i in own:
            keys[i] = ctx.own_key()
    ex = Extraction(source=source, identity=_doc_identity(ctx))
    ex.citations = _citations(ctx)
    ex.relations = _relations(ctx)
    ex.assignments, unassigned = find_assignments(ctx)
    ex.reassignments = find_reassignments(ctx, ex.assignments)
    ex.budget_items, ex.allocation_totals, budget_findings = find_budget_items(ctx)
    ex.findings = _citation_findings(ctx) + budget_findings + unassigned
    return ex


def _doc_identity(ctx: Context) -> DocIdentity:
    i = ctx.identity
    ev = ctx.evidence(*i.span) if i.span else None
    key = ctx.own_key()
    if key is None and (i.symbol or i.year):
        key = DocKey(None, i.symbol, i.year, _jurisdiction(i.issuer_body, i.province))
    return DocIdentity(ctx.source.name, key, i.type, i.issuer, i.date, i.place, i.province.name if i.province else None, i.title, ev)


def _citations(ctx: Context) -> list[Citation]:
    out = []
    for i, (m, key) in enumerate(zip(ctx.mentions, ctx.keys, strict=True)):
        if i in ctx.own:
            continue
        out.append(Citation(
            key=key, type_word=m.type_word, type_from_symbol=m.type_from_symbol, date=m.date, issuer=m.issuer,
            title=m.title, alias=m.alias, written=ctx.text[m.start:m.end], evidence=ctx.evidence(m.start, m.end),
        ))
    for s, e, data in _well_known(ctx.text):
        key = DocKey(data["number"], data["symbol"], data["year"], "VN")
        out.append(Citation(key=key, type_word=None, type_from_symbol=data.get("type"), date=None, issuer=data.get("issuer"),
                            title=None, alias=ctx.text[s:e], written=ctx.text[s:e], evidence=ctx.evidence(s, e)))
    return out


def _relations(ctx: Context) -> list[Relation]:
    text, mentions = ctx.text, ctx.mentions
    title_end = _title_end(ctx)
    span = preamble_span(text, title_end)
    report = (ctx.identity.type or "") == "Báo cáo"
    raw = preamble_relations(text, mentions, span, report)
    for section in basis_sections(ctx.layout):
        raw += preamble_relations(text, mentions, section, report, listed="based_on")
    raw += nested_relations(mentions)
    raw += body_relations(text, mentions, ctx.layout, span[1])
    out: list[Relation] = []
    seen = set()
    own = ctx.own_key()
    for r in raw:
        src = own if r.source is None else ctx.keys[r.source]
        tgt = ctx.keys[r.target]
        if src is not None and (src.number, src.symbol) == (tgt.number, tgt.symbol):
            continue
        n_seen = len(seen)
        seen.add((r.kind, src, tgt))  # one hash of the keys where `in` then `add` took two
        if len(seen) == n_seen:
            continue
        out.append(Relation(r.kind, src, tgt, ctx.evidence(r.start, r.end)))
    return out


def _title_end(ctx: Context) -> int:
    """End of the header block: the title (trích yếu) line, or the type line when there is no title."""
    text = ctx.text
    t = ctx.identity.title
    if t:
        words = t.split()
        pos = text.find(words[0]) if words else -1
        end = _words_end(text[pos:pos + len(t) * 2 + 200], words[-3:]) if pos >= 0 else None
        if end is not None:
            nl = text.find("\n", pos + end)
            return nl if nl >= 0 else len(text)
    m = _BLANK_LINE_RE.search(text[:400])
    return m.end() if m else 0


_BLANK_LINE_RE = re.compile(r"\n\s*\n")


def _words_end(s: str, words: list[str]) -> int | None:
    r"""Where the first run of `words` separated by whitespace ends in `s`, or None.

    What `re.search(r"\s+".join(map(re.escape, words)), s).end()` gives, without compiling a
    pattern for every document's title.
    """
    first, rest = words[0], words[1:]
    i = s.find(first)
    while i >= 0:
        j = i + len(first)
        for w in rest:
            k = j
            while k < len(s) and s[k].isspace():
                k += 1
            if k == j or not s.startswith(w, k):
                break
            j = k + len(w)
        else:
            return j
        i = s.find(first, i + 1)
    return None


def _citation_findings(ctx: Context) -> list[Finding]:
    """Faults visible in one citation: a type word against the symbol, an issuer against its code, a malformed symbol."""
    g = gazetteer()
    out: list[Finding] = []
    seen: set[tuple[str, DocKey]] = set()

    def add(kind: str, key: DocKey, detail: str, ev: Evidence) -> None:
        if (kind, key) not in seen:
            seen.add((kind, key))
            out.append(Finding(kind, (key,), detail, evidence=ev))

    for m, key in zip(ctx.mentions, ctx.keys, strict=True):
        ref = m.ref
        if ref is None:
            continue
        ev = ctx.evidence(m.start, m.end)
        word_type = g.type_of_code(g.code_by_type_word.get(_fold(m.type_word or "")) or "")
        # party documents write QĐ for both Quyết định and Quy định
        party_qd = ref.party and ref.type_code == "QĐ" and m.type_word in ("Quy định", "Quyết định")
        if m.type_word and ref.type_code and word_type and word_type != g.type_of_code(ref.type_code) and not party_qd:
            add("type_mismatch", key, f"called '{m.type_word}' but its symbol says {ref.type_code} ({g.type_of_code(ref.type_code)})", ev)
        code_body = g.body_by_code.get(_fold(ref.issuer_code or "")) if m.issuer_body is not None and m.issuer_written else None
        if code_body is not None and code_body.code != m.issuer_body.code and not _compatible(code_body.code, m.issuer_body.code):
            add("issuer_mismatch", key, f"issued by {m.issuer_body.name} (code {m.issuer_body.code}) but its symbol says {ref.issuer_code}", ev)
        if ref.year and m.date and int(m.date[:4]) != ref.year:
            add("date_conflict", key, f"cited as '{' '.join(m.written.split())} ngày {m.date}': the year in the number "
                f"({ref.year}) contradicts the date ({m.date[:4]})", ev)
        rs, re_ = ctx.norm.span_to_original(m.end - len(m.written), m.end)
        as_written = ctx.norm.original[rs:re_]
        if "\n" in as_written:
            as_written = _LINE_BREAK_RE.sub("", as_written)  # a page break is no fault of the writer
        if ref.malformed or oddly_spaced(as_written):
            add("malformed_symbol", key, f"written '{' '.join(as_written.split())}'", ev)
    return out + _future_dates(ctx)


_LINE_BREAK_RE = re.compile(r"\s*\n\s*")


def _future_dates(ctx: Context) -> list[Finding]:
    """A document cited with a date after the citing document was written.

    When the citing document's date is unknown, the latest other date it mentions stands
    for it, with a margin, since a report is written after the events it reports.
    """
    i = ctx.identity
    if i.date:
        written = dt.date.fromisoformat(i.date)
        margin = 0
    elif i.month and i.year:
        nxt = dt.date(i.year + (i.month == 12), i.month % 12 + 1, 1)
        written, margin = nxt - dt.timedelta(days=1), 0
    else:
        written, margin = None, 60
    all_dates = sorted({x for x in (match_date(d) for d in DATE_RE.finditer(ctx.text)) if x}) if written is None else []
    out: list[Finding] = []
    for m, key in zip(ctx.mentions, ctx.keys, strict=True):
        if not m.date:
            continue
        d = dt.date.fromisoformat(m.date)
        ref_point = written
        if ref_point is None:
            others = [x for x in all_dates if x != m.date]
            if not others:
                continue
            ref_point = dt.date.fromisoformat(others[-1])
        if (d - ref_point).days > margin and not any(f.subjects == (key,) for f in out):
            out.append(Finding("future_date", (key,), f"cited with the date {d.day}/{d.month}/{d.year}, after the citing document was written (about {ref_point.isoformat()})",
                               evidence=ctx.evidence(m.start, m.tail_end)))
    return out


def _compatible(a: str, b: str) -> bool:
    # bodies that legitimately sign under another's code: the Chủ tịch for the UBND, the Thủ tướng for the Chính phủ
    pairs = {frozenset({"UBND", "VP"}), frozenset({"CP", "TTg"}), frozenset({"TW", "TU"})}
    return frozenset({a, b}) in pairs


