"""What an input document says about itself: type, number, issuer, date, place, province, title.

Read from the header ("Số: 189/KH-UBND", "Quảng Ngãi, ngày 09 tháng 12 năm 2022", the
type line and the trích yếu), from an appendix that refers back to the document
("Kèm theo Báo cáo số 224/BC-UBND ngày 08/12/2022"), and from the opening sentence
("Sở Nội vụ báo cáo …") when the header is missing, as in many copies of reports.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from loaders.citations import TYPE_WORDS, match_issuer, resolve_issuer
from loaders.dates import DATE_RE, make_date, match_date
from loaders.gazetteer import Body, Province, fold, gazetteer
from loaders.symbols import BLANK_REF_RE, REF_RE, parse_ref, type_from_symbol

_UPPER_TYPE_WORDS = "|".join(re.escape(w.upper()) for w in TYPE_WORDS if w != "văn bản")
_TYPE_LINE_RE = re.compile(r"^\s*(?P<tw>" + _UPPER_TYPE_WORDS + r")\b[\s:]*(?P<rest>.*)$")
# The lines worth trying _TYPE_LINE_RE on: those that open with a type word after the characters it
# strips.  One scan for the "\n" that starts such a line (a "\n" is put before the header for its
# first line) instead of a match per line.
_TYPE_LINE_START_RE = re.compile(r"\n[ #*]*[^\S\n]*(?:" + _UPPER_TYPE_WORDS + ")")
# the type word a type line spells in capitals (the first of TYPE_WORDS, as a search of them gives)
_TYPE_BY_UPPER = {w.upper(): w for w in reversed(TYPE_WORDS)}
# "Số" comes first, the look-behind after it ("at the start or after a space"), so that `re` scans
# for the literal instead of trying every position of the header.
_NUMBER_LINE_RE = re.compile(r"Số(?<!\SSố)\s*:\s*(?P<ref>[^\t\n]*)")
_PLACE_DATE_RE = re.compile(
    r"(?<![\w-])(?P<place>(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][a-zà-ỹđ]+[ \t]?(?:-[ \t]?)?){1,5}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*(?P<m>\d{1,2})?\s*(?:năm|/)\s*(?P<y>(?:19|20)\d\d)"
)
_PLACE_DATE_END_RE = re.compile(r",\s*ngày")
_APPENDIX_RE = re.compile(
    r"\((?:Ban\s+hành\s+)?(?:kèm|Kèm)\s+theo\s+(?P<tw>[^\d/()]{2,30}?)\s*số\s*(?P<ref>[^\s()]*)\s*(?:ngày\s*(?P<date>[^()]*?))?"
    r"(?:\s+của\s+(?P<iss>[^()]*))?\)",
)
_REPORTING_RE = re.compile(
    r"(?:^|[;,.]\s+|\n)(?P<who>[A-ZĐÂ][^;,.:\n]{2,80}?)\s+(?:kính\s+)?(?:xin\s+)?(?:báo\s+cáo|xây\s+dựng\s+Kế\s+hoạch|ban\s+hành\s+Kế\s+hoạch)",
)
_SIGN_ROLE = {"GIÁM ĐỐC": "Sở", "TRƯỞNG BAN": "Ban", "CHÁNH VĂN PHÒNG": "Văn phòng", "CHỦ TỊCH": "UBND"}


@dataclass(frozen=True)
class Identity:
    type: str | None
    number: str | None
    symbol: str | None
    year: int | None
    date: str | None
    month: int | None
    issuer: str | None
    issuer_body: Body | None
    province: Province | None
    place: str | None
    title: str | None
    span: tuple[int, int] | None


_PROVINCE_NAMED_RE = re.compile(r"\b(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|TP\.?)\s+(?P<n>(?:[A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]*\s?){1,4})")


def _provinces_in(text: str) -> Counter[Province]:
    g = gazetteer()
    counts: Counter[Province] = Counter()
    for m in _PROVINCE_NAMED_RE.finditer(text):
        words = m["n"].split()
        for k in range(len(words), 0, -1):
            p = g.province(" ".join(words[:k]))
            if p:
                counts[p] += 1
                break
    return counts


_TITLE_STOP_RE = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Theo|Xét|Kính\s+gửi|CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|ỦY\s+BAN|UỶ\s+BAN|"
    r"HỘI\s+ĐỒNG|CHÍNH\s+PHỦ|GIÁM\s+ĐỐC|I\.|1\.|Số:)"
)


_ENDS_CLAUSE_RE = re.compile(r"[.:;]$")


def _title_lines(after: str, limit: int = 4) -> str | None:
    """The trích yếu under the type line: up to a blank line, the preamble or the signer's line."""
    out: list[str] = []
    for ln in after.split("\n", limit)[:limit]:
        t = ln.strip(" *#")
        # the line under the type line is the title even when it opens with "Thực hiện …"
        if not t or "\t" in t or (out or t.startswith(("Căn cứ", "Kính gửi"))) and _TITLE_STOP_RE.match(t):
            break
        if out and _ENDS_CLAUSE_RE.search(t):
            break
        out.append(t)
    return " ".join(" ".join(out).split()) or None


_PROVINCE_WORD_RE = re.compile(r"^(?:TỈNH|THÀNH PHỐ)\s+")


def _header_body(lines: list[str]) -> tuple[Body | None, Province | None]:
    """The last public body named in the upper-case agency block of the header (its first lines), and its province."""
    for ln in lines:
        cell = ln.split("\t")[0].strip(" *#|").replace("**", "")
        if not cell or cell.upper() != cell or "CỘNG HÒA" in cell and not cell.startswith(("ỦY", "UBND", "BỘ", "THỦ", "CHÍNH", "HỘI", "SỞ", "VĂN")):
            continue
        found = _cell_body(cell)
        if found[0] is not None:
            return found
    return None, None


# The agency cell of a header is one of few per issuer and recurs in all its documents, while the
# search below tries every run of its words against the gazetteer.
@lru_cache(maxsize=4096)
def _cell_body(cell: str) -> tuple[Body | None, Province | None]:
    """The last public body named in one upper-case cell of the header, and its province."""
    g = gazetteer()
    found: tuple[Body | None, Province | None] = (None, None)
    cell = cell.split("CỘNG HÒA")[0]
    words = cell.split()
    i = 0
    while i < len(words):
        for k in range(len(words), i, -1):
            cand = " ".join(words[i:k])
            b = g.body_by_fold.get(fold(cand))
            if b is not None:
                rest = _PROVINCE_WORD_RE.sub("", " ".join(words[k:k + 4]))
                prov = None
                for n in range(min(4, len(rest.split())), 0, -1):
                    prov = g.province(" ".join(rest.split()[:n]))
                    if prov:
                        break
                found = (b, prov or found[1])
                i = k - 1
                break
        i += 1
    return found


def _place_date(head: str) -> re.Match[str] | None:
    """`_PLACE_DATE_RE.search(head)` without trying the pattern at every capital of the header.

    A match runs from its place up to a ", ngày" and holds none of ",:/." on the way; every ", ngày"
    lies at or after the first one, so no match starts before the last of those characters ahead of it.
    """
    end = _PLACE_DATE_END_RE.search(head)
    if end is None:
        return None
    c = end.start()
    start = max(head.rfind(",", 0, c), head.rfind(":", 0, c), head.rfind("/", 0, c), head.rfind(".", 0, c)) + 1
    return _PLACE_DATE_RE.search(head, start)


_ABOUT_LINE_RE = re.compile(r"V/v\s+(?P<t>[^\t\n]+)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_SYMBOL_SPLIT_RE = re.compile(r"[-/]")
_CITY_PREFIX_RE = re.compile(r"^(?:Thành phố|TP\.?)\s+")


def read_identity(text: str, head_lines: int = 40) -> Identity:
    """The document's own identity from its normalised text."""
    g = gazetteer()
    # split no further than the header, and not at all when the text is no longer than it
    head = text if text.count("\n") < head_lines else "\n".join(text.split("\n", head_lines)[:head_lines])
    number = symbol = None
    year = None
    span = None
    nm = _NUMBER_LINE_RE.search(head)
    ref_type = None
    if nm:
        rm = REF_RE.search(nm["ref"])
        if rm:
            pr = parse_ref(rm)
            number, symbol, year = pr.number, pr.symbol, pr.year
            ref_type = type_from_symbol(pr)
            span = (nm.start("ref") + rm.start(), nm.start("ref") + rm.end())
        else:
            bm = BLANK_REF_RE.search(nm["ref"])
            if bm:
                symbol = bm["sym"].replace(" ", "")
    date = None
    month = None
    place = None
    pm = _place_date(head)
    if pm:
        place = pm["place"].strip(" *")
        if pm["d"] and pm["m"]:
            date = make_date(pm["d"], pm["m"], pm["y"])
        month = int(pm["m"]) if pm["m"] else None
        year = year or int(pm["y"])
    doc_type = None
    title = None
    for lm in _TYPE_LINE_START_RE.finditer("\n" + head):
        line_end = head.find("\n", lm.start())
        ln = head[lm.start():line_end if line_end >= 0 else len(head)]
        tm = _TYPE_LINE_RE.match(ln.strip(" #*"))
        if tm and (ln.strip(" #*").isupper() or tm["rest"][:1].isupper() or not tm["rest"]):
            doc_type = _TYPE_BY_UPPER[" ".join(tm["tw"].split())]
            title = tm["rest"].strip(" *#") or None
            if not title:
                after = head[head.index(ln) + len(ln):].lstrip("\n")
                title = _title_lines(after)
            break
    vv = _ABOUT_LINE_RE.search(head) if doc_type is None else None
    if vv:
        doc_type, title = "Công văn", vv["t"].strip(" *")
    if doc_type is None and ref_type:
        doc_type = ref_type
    # An appendix that refers back to this document: its number and date when the header lacks them.
    # most documents have no appendix: two substring tests are cheaper than trying the pattern at each "("
    for am in _APPENDIX_RE.finditer(text) if "kèm" in text or "Kèm" in text else ():
        tw = " ".join(am["tw"].split())
        if doc_type and fold(tw) != fold(doc_type):
            continue
        rm = REF_RE.match(am["ref"])
        if rm and number is None:
            pr = parse_ref(rm)
            number, symbol = pr.number, pr.symbol
            span = (am.start("ref"), am.start("ref") + rm.end())
            dm = DATE_RE.search(am["date"] or "")
            if dm and date is None:
                date = match_date(dm)
        elif symbol is None:
            bm = BLANK_REF_RE.search(am["ref"] or "")
            if bm:
                symbol = bm["sym"]
        ym = _YEAR_RE.search(am["date"] or "")
        if ym and year is None:
            year = int(ym.group(0))
        break
    if date and year is None:
        year = int(date[:4])
    if year is None:
        years = [int(m["y"] or m["y2"]) for m in DATE_RE.finditer(text) if match_date(m)]
        year = max(years, key=lambda y: (years.count(y), y)) if years else None
        if years:
            year = max(years)
    # The issuer: the header's agency line, else the symbol's issuer code, else who "báo cáo".
    body: Body | None = None
    written = None
    prov_named: Province | None = None
    # The symbol's issuer code is the surest sign of who issued; then the header's agency lines,
    # where the issuer stands under its superior ("UBND TỈNH ĐỒNG THÁP / SỞ KHOA HỌC VÀ CÔNG NGHỆ").
    if symbol:
        parts = _SYMBOL_SPLIT_RE.split(symbol)
        code = parts[1] if len(parts) > 1 and g.type_of_code(parts[0]) else parts[0]
        body = g.body_by_code.get(fold(code))
    header_body, prov_named = _header_body(head.split("\n", 12)[:12])
    if body is None or (header_body is not None and header_body.code == body.code):
        body = header_body or body
    if body is None:
        rm2 = _REPORTING_RE.search(text[:3000])
        if rm2:
            words = rm2["who"].split()
            for k in range(len(words)):
                im = match_issuer(" ".join(words[k:]))
                if im:
                    body, prov_named = im[1], im[2]
                    break
    province = prov_named
    if province is None and place:
        province = g.province(place) or g.province(_CITY_PREFIX_RE.sub("", place))
    if province is None:
        # a scan of the whole text, needed only when neither the header nor the place names one
        counts = _provinces_in(text)
        if counts:
            province = counts.most_common(1)[0][0]
    if body is not None and not body.local:
        province = None  # a national body writes from Hà Nội; its documents belong to no province
    issuer = resolve_issuer(body, written, province if body and body.local else None)
    return Identity(doc_type, number, symbol, year, date, month, issuer, body, province, place, title, span)
