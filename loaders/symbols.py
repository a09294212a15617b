"""Document numbers and symbols (số, ký hiệu): finding them, parsing them, checking their form.

State documents: `189/KH-UBND`, `85/2016/NĐ-CP`; a công văn has no type code
(`1293/SNV-VP`); party documents put a dash after the number (`19-CT/TU`).  Written
practice also gives `458/QĐ/TTg`, `01/1999/QĐ.UB` and `2820/BNV –CCVC`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.gazetteer import gazetteer

_PART = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:\s?&\s?[A-ZĐ][A-Za-zĐđ0-9]*)*"
_JOIN = r"(?:[ \t]?[-–—/.][ \t]?)"
# (?<![\w/.-]\d) keeps the match from starting inside another number ("12/2022/TT-…").  It
# follows the first digit rather than preceding it, so that `re` finds candidates with a fast
# scan for digits instead of trying the lookbehind at every character.  What follows the number
# starts with no digit, so giving back digits never helps: the possessive \d{0,4}+ spares the
# retries at every number that is no reference (dates, amounts).
REF_RE = re.compile(
    rf"(?P<num>\d(?<![\w/.\-]\d)\d{{0,4}}+)(?:"
    rf"/(?P<year>(?:19|20)\d\d)/(?P<ysym>{_PART}(?:{_JOIN}{_PART})*)"
    rf"|[ \t]?-[ \t]?(?P<ptype>{_PART})/(?P<pbody>{_PART}(?:{_JOIN}{_PART})*)"
    rf"|/(?P<sym>{_PART}(?:{_JOIN}{_PART})*)"
    rf")(?![\w&])"
)
# A blank number in a draft or in an appendix that refers to its own document: "Số: /KH-SNV".
BLANK_REF_RE = re.compile(rf"(?<![\w/])(?:số:?\s*)?/(?P<sym>{_PART}(?:{_JOIN}{_PART})*)(?![\w&])", re.I)

PARTY_BODIES = {"TU", "TW", "ĐU", "HU", "QU", "TƯ", "BCĐTW", "TGV", "BCĐ", "ĐUK", "BTGTW", "UBKTTW", "VPTW", "BTCTW"}


@dataclass(frozen=True)
class ParsedRef:
    """A parsed document reference."""

    number: str  # no leading zeros
    symbol: str  # canonical form without the number
    year: int | None  # from the number itself (85/2016/NĐ-CP), else None
    type_code: str | None
    issuer_code: str | None
    party: bool
    malformed: bool  # written in a form that the rules of Nghị định 30 do not allow


_SPLIT_RE = re.compile(r"[ \t]?[-–—/.][ \t]?")
_SEP_RE = re.compile(r"[-–—/.]")
_ODD_SPACING_RE = re.compile(r"[ \t]|[–—]")
_DASH_SLASH_RE = re.compile(r"[-/]")
_SPACES_RE = re.compile(r"\s+")
_SEPS_RE = re.compile(r"[-–—/.]+")


def oddly_spaced(written: str) -> bool:
    """A symbol written with a space, a tab or a long dash ("47/2020/NĐ- CP", "57/KH –UBND"):
    malformed, whatever it parses to."""
    return _ODD_SPACING_RE.search(written) is not None


def _parts(sym: str) -> list[str]:
    return [p.replace(" ", "") for p in _SPLIT_RE.split(sym) if p]


def _canon_code(part: str) -> str:
    """Write a known type or body code in its usual case (TTG -> TTg), others as written."""
    return gazetteer().canon_code.get(part.upper(), part)


def parse_ref(m: re.Match[str]) -> ParsedRef:
    """Parse a `REF_RE` match into number, canonical symbol, year, type and issuer codes."""
    return _parse(m.group(0), *m.group("num", "year", "ysym", "ptype", "pbody", "sym"))


# The same documents are cited again and again, the national ones by every province; a parse
# depends on nothing but the groups of the match.
@lru_cache(maxsize=1 << 14)
def _parse(written: str, num: str, year_s: str | None, ysym: str | None, ptype_s: str | None, pbody: str | None,
           sym: str | None) -> ParsedRef:
    g = gazetteer()
    number = num.lstrip("0") or "0"
    malformed = oddly_spaced(written)
    if ptype_s:
        ptype = ptype_s.replace(" ", "")
        body_parts = _parts(pbody)
        party = body_parts[0].upper() in PARTY_BODIES or not _is_state_body(body_parts[0])
        symbol = f"{ptype}/{'-'.join(body_parts)}" if party else "-".join([ptype, *body_parts])
        type_code = ptype if g.type_of_code(ptype) else None
        return ParsedRef(number, symbol, None, type_code, body_parts[0], party, malformed)
    year = int(year_s) if year_s else None
    raw = ysym or sym
    parts = [_canon_code(p) for p in _parts(raw)]
    seps = _SEP_RE.findall(raw)
    party = len(parts) >= 2 and parts[-1].upper() in PARTY_BODIES and seps[-1:] == ["/"] and parts[-1] != "TTg"
    type_code = parts[0] if g.type_of_code(parts[0]) and len(parts) > 1 else None
    if type_code and parts[0] in ("L",):
        type_code = None
    issuer = parts[1] if type_code and len(parts) > 1 else parts[0]
    if party:
        symbol = "-".join(parts[:-1]) + "/" + parts[-1]
    else:
        symbol = "-".join(parts)
        # "/" or "." between the type code and the issuer of a state document: 458/QĐ/TTg, QĐ.UB
        if type_code and seps and seps[0] in "/." or "." in seps:
            malformed = True
    return ParsedRef(number, symbol, year, type_code, issuer, party, malformed)


def _is_state_body(code: str) -> bool:
    g = gazetteer()
    return code.lower().replace("đ", "d") in g.body_by_code or code in ("CP", "TTg", "UBND", "HĐND")


def type_from_symbol(ref: ParsedRef) -> str | None:
    """The document type its symbol gives: a type code, or "Công văn" for a symbol without one."""
    g = gazetteer()
    if ref.type_code:
        return g.type_of_code(ref.type_code)
    parts = _DASH_SLASH_RE.split(ref.symbol)
    if len(parts) >= 2:
        return "Công văn"
    return None


def symbol_key(symbol: str | None) -> str:
    """The form two symbols are compared in: upper case, no spaces, one kind of separator."""
    if not symbol:
        return ""
    s = symbol.replace("Ð", "Đ").replace("ð", "đ").upper()
    s = _SPACES_RE.sub("", s)
    return _SEPS_RE.sub("-", s)
