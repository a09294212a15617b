"""Citations of documents in running text: type word, number and symbol, date, issuer, title.

Works on normalised text.  `find_citations` returns `Mention`s in text order; each
knows its span, the span of its tail (date, issuer, title) and whether it is written
inside another citation's title ("Kế hoạch số 154/KH-UBND … về thực hiện Quyết định
số 458/QĐ-TTg": the second is nested in the first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.dates import DATE_RE, match_date
from loaders.gazetteer import Body, Province, _load, fold, gazetteer
from loaders.patterns import alternation
from loaders.symbols import REF_RE, ParsedRef, parse_ref, type_from_symbol

TYPE_WORDS = [
    "Nghị quyết liên tịch", "Thông tư liên tịch", "Thông báo kết luận", "Chương trình hành động",
    "Kế hoạch hành động", "Báo cáo thẩm tra", "Nghị định", "Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế",
    "Quy định", "Thông cáo", "Thông báo", "Hướng dẫn", "Chương trình", "Kế hoạch", "Phương án", "Đề án",
    "Dự án", "Báo cáo", "Biên bản", "Tờ trình", "Công điện", "Thông tư", "Luật", "Pháp lệnh", "Kết luận",
    "Công văn", "văn bản",
]
_TW = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in TYPE_WORDS)
# The type word right before a number: "Quyết định số 458/…", "Thông tư 12/2022/…", "các Quyết định: số 862/…"
PRE_TYPE_RE = re.compile(rf"(?P<tw>{_TW})(?:\s+(?:số|Số|SỐ))?\s*:?\s*(?:số|Số|SỐ)?\s*:?\s*$", re.I)
# A later item of a list that shares the type word of the first: "…; số 906/QĐ-UBND"
PRE_LIST_RE = re.compile(r"(?:^|[;,]\s*(?:và\s+)?|\s+và\s+)(?:số|Số)\s*$")
# "Luật Tổ chức chính quyền địa phương số 72/2025/QH15": a named law or resolution before its number
_NAMED_TYPE_RE = re.compile(r"(?:^|(?<=[\s;,(]))(?P<tw>Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+quyết)\s+(?:[^;:.()\d]{2,140}?\s+)?số\s*$")
ALIAS_RE = re.compile(
    r"\(\s*(?:sau\s+đây\s+)?(?:gọi\s+tắt|viết\s+tắt)(?:\s+là)?\s*:?\s*(?P<alias>[^()]{2,80}?)\s*\)", re.I
)
_BOUNDARY_RE = re.compile(r";|\n|\.\s|\.$|:\s*\n")
ROLE_RE = re.compile(
    r"(?:(?:Phó\s+)?Thủ\s+trưởng|(?:Thứ|Bộ)\s+trưởng|(?:Phó\s+)?Chủ\s+tịch|(?:Phó\s+)?Trưởng|Giám\s+đốc|Chánh|"
    r"Chủ\s+nhiệm|Tổng\s+Giám\s+đốc|Thường\s+trực)(?:\s*,\s*(?:Chủ\s+nhiệm|Thủ\s+trưởng))?\s+",
    re.I,
)


@dataclass
class Mention:
    """One citation found in the text (offsets in the normalised text)."""

    start: int
    end: int  # end of the number and symbol
    tail_end: int  # end of the date / issuer written after it
    ref: ParsedRef | None  # None for a short mention ("Quyết định số 03") resolved later
    written: str
    type_word: str | None
    date: str | None
    issuer: str | None  # as resolved: canonical name, province completed
    issuer_body: Body | None
    issuer_written: str | None
    province: Province | None  # named in the issuer phrase
    title: str | None
    title_span: tuple[int, int]
    alias: str | None = None
    nested_in: int | None = None  # index of the citation whose title holds this one
    relation_verb: str | None = None  # the verb linking it to `nested_in`
    amends_back: int | None = None  # index of the citation this one amends, written passively before it

    @property
    def type_from_symbol(self) -> str | None:
        return type_from_symbol(self.ref) if self.ref else None


@cache
def _issuer_re() -> re.Pattern[str]:
    g = gazetteer()
    names: set[str] = set()
    data = _load("agencies.json")
    for key in ("national", "local"):
        for b in data[key]:
            names.update([b["name"], *b["aliases"]])
    names.discard("tỉnh")
    names.discard("Tỉnh")
    names.discard("Thành phố")
    alts = alternation(sorted(names, key=len, reverse=True))
    provs = sorted({n for p in g.provinces for n in [p.name]}, key=len, reverse=True)
    palts = alternation(provs)
    return re.compile(
        rf"(?:{ROLE_RE.pattern})?(?P<body>{alts})"
        rf"(?:\s+(?:tỉnh|Tỉnh|thành\s+phố|Thành\s+phố|TP\.?)?\s*(?P<prov>{palts}))?"
        rf"(?:\s+khóa\s+[IVXLC]+)?",
        re.I,
    )


_FALLBACK_ISSUER_RE = re.compile(
    r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠỦ][^,;.()“”\"\n\d]{1,90}?(?=\s+(?:về|ngày|V/v|ban\s+hành|phê\s+duyệt|quy\s+định|hướng\s+dẫn|thông\s+báo|"
    r"triển\s+khai|thực\s+hiện|sửa\s+đổi|tại|theo|đối\s+với|trên|đã|đề\s+nghị|giao)\b|\s*[,;.()“”\"\n]|$)"
)


def match_issuer(text: str, pos: int = 0) -> tuple[int, Body | None, Province | None] | None:
    """Match an issuing body's name at `pos`: (end, body, province named) or None."""
    m = _issuer_re().match(text, pos)
    if not m:
        return None
    body, prov = _named(m["body"], m["prov"])
    return m.end(), body, prov


@lru_cache(maxsize=1024)  # a few hundred names, written the same way in document after document
def _named(body: str, province: str | None) -> tuple[Body | None, Province | None]:
    g = gazetteer()
    return g.body(body), g.province(province) if province else None


def resolve_issuer(body: Body | None, written: str | None, province: Province | None) -> str | None:
    """The issuer's name as output: canonical body name, completed with the province if local."""
    if body is None:
        return written.strip(" ,") if written else None
    if body.local:
        return f"{body.name} {province.full}" if province else body.name
    return body.name


@lru_cache(maxsize=1024)  # a handful of type words, written the same way over and over
def _type_word(raw: str | None) -> str | None:
    if not raw:
        return None
    w = " ".join(raw.split())
    if w.lower() == "bộ luật":
        return "Luật"
    for tw in TYPE_WORDS:
        if w.lower() == tw.lower():
            return None if tw == "văn bản" else tw
    return None


_TAIL_DATE_RE = re.compile(r"\s*,?\s*(?:\(\s*)?(?:ban\s+hành\s+)?(?:ngày|Ngày|NGÀY)\s*")
_TAIL_ISSUER_RE = re.compile(r"\s*,?\s*(?:của|do|Của)\s+")


def _parse_tail(text: str, pos: int, limit: int) -> tuple[str | None, int, tuple[int, int, Body | None, Province | None] | None]:
    """Date and issuer written right after a reference, in either order."""
    date = None
    issuer = None
    end = pos
    for _ in range(2):
        m = _TAIL_DATE_RE.match(text, end, limit) if date is None else None
        if m:
            dm = DATE_RE.match(text, m.end(), limit)
            if dm:
                date = match_date(dm)
                end = dm.end()
                continue
        m = _TAIL_ISSUER_RE.match(text, end, limit) if issuer is None else None
        if m:
            im = match_issuer(text, m.end())
            if im:
                issuer = (m.end(), im[0], im[1], im[2])
                end = im[0]
                continue
            fm = _FALLBACK_ISSUER_RE.match(text, m.end(), limit)
            if fm and fm.end() > m.end() + 2:
                issuer = (m.end(), fm.end(), None, None)
                end = fm.end()
                continue
        break
    return date, end, issuer


# A type word and what may stand between it and the number ("số", ":") make at most this many
# words: no match of PRE_TYPE_RE starts before the last ones.
_PRE_TYPE_WORDS = max(len(w.split()) for w in TYPE_WORDS) + 4


@lru_cache(maxsize=8192)  # the words before a number repeat ("Căn cứ Nghị định số")
def _pre_type(words: str) -> tuple[int, str] | None:
    """Where the type word that `words` end with starts, and the type word as written."""
    pm = PRE_TYPE_RE.search(words)
    return (pm.start(), pm["tw"]) if pm else None


_ISSUED_BY_BEFORE_RE = re.compile(r"(?:^|[,.;:]\s*|\s)([^,.;:]{3,100}?)\s+(?:đã\s+)?(?:ban\s+hành|xây\s+dựng)\s*$")
_ABOUT_RE = re.compile(r"^\s*[,)]?\s*(?:về\s+việc|V/v|về)\s+")


def find_citations(text: str, province: Province | None = None) -> list[Mention]:
    """Every citation of a numbered document in `text`, in order."""
    mentions: list[Mention] = []
    last_type: str | None = None
    last_end = 0
    for m in REF_RE.finditer(text):
        ref = parse_ref(m)
        ref_start, ref_end = m.span()
        before = text[max(0, ref_start - 60):ref_start]
        kept = before.rsplit(None, _PRE_TYPE_WORDS)
        cut = len(kept[0]) if len(kept) > _PRE_TYPE_WORDS else 0
        pm = _pre_type(before[cut:])
        start = ref_start
        type_word = None
        if pm:
            tw = pm[1]
            type_word = _type_word(tw) if tw.lower() != "văn bản" else None
            start = ref_start - len(before) + cut + pm[0]
            if tw.lower() == "văn bản":
                type_word = None
        elif last_type and PRE_LIST_RE.search(text[last_end:ref_start] if ref_start - last_end < 400 else ""):
            type_word = last_type
        if type_word is None and ref.type_code is None:
            lm = _NAMED_TYPE_RE.search(text, max(last_end, ref_start - 160), ref_start)
            if lm:
                type_word = _type_word(lm["tw"])
                start = lm.start()
        limit = min(len(text), ref_end + 400)
        date, tail_end, iss = _parse_tail(text, ref_end, limit)
        issuer_body = iss[2] if iss else None
        issuer_written = text[iss[0]:iss[1]] if iss else None
        prov = iss[3] if iss else None
        if iss is None:
            # "Ban Thường vụ Tỉnh ủy … ban hành Chỉ thị số 19-CT/TU": the issuer written before.
            pre = text[max(0, start - 120):start]
            # the pattern backtracks over the whole window: try it only when the verb ends it
            bm = _ISSUED_BY_BEFORE_RE.search(pre) if pre.rstrip().endswith(("hành", "dựng")) else None
            if bm:
                cand = bm.group(1)
                for k in range(len(cand)):
                    if k == 0 or cand[k - 1] == " ":
                        im = match_issuer(cand, k)
                        if im and im[0] >= len(cand.rstrip()) - 1:
                            issuer_body, prov = im[1], im[2]
                            issuer_written = cand[k:].strip()
                            break
        if issuer_body is None and ref is not None:
            issuer_body = gazetteer().body_by_code.get(fold(ref.issuer_code or ""))
        issuer = resolve_issuer(issuer_body, issuer_written, prov or (province if issuer_body and issuer_body.local else None))
        title_start = tail_end
        title_end = _title_end(text, title_start, min(len(text), title_start + 600))
        raw_title = text[title_start:title_end]
        if "(" in raw_title:  # "(gọi tắt Quyết định 03)" names the document; it is not its subject
            raw_title = ALIAS_RE.sub("", raw_title)
        about = _ABOUT_RE.match(raw_title)  # anchored: it can only match at the start
        title = (raw_title[about.end():] if about else raw_title).strip(" ,;:()*“”\"") or None
        mention = Mention(
            start=start, end=ref_end, tail_end=tail_end, ref=ref, written=m.group(0), type_word=type_word,
            date=date, issuer=issuer, issuer_body=issuer_body, issuer_written=issuer_written, province=prov,
            title=title[:300] if title else None, title_span=(title_start, title_end),
        )
        mentions.append(mention)
        last_type = type_word or last_type
        last_end = tail_end
    _attach_aliases(text, mentions)
    _mark_nesting(text, mentions)
    return mentions


def _title_end(text: str, start: int, limit: int) -> int:
    """Where a title ends: ";", a line break or a sentence end outside quotation marks."""
    pos = start
    while True:
        bm = _BOUNDARY_RE.search(text, pos, limit)
        if bm is None:
            return limit
        # most titles quote nothing: look for an opening mark before counting them
        opened = text.find("“", start, bm.start()) >= 0 and text.count("“", start, bm.start()) > text.count("”", start, bm.start())
        if opened and text[bm.start()] != "\n":
            close = text.find("”", bm.start(), limit)
            if close > 0:
                pos = close + 1
                continue
        return bm.start()


def _attach_aliases(text: str, mentions: list[Mention]) -> None:
    for am in ALIAS_RE.finditer(text):
        owner = None
        for mt in mentions:
            if mt.end <= am.start() and not _BOUNDARY_RE.search(text, mt.tail_end, am.start()):
                owner = mt
            elif mt.end > am.start():
                break
        if owner is not None:
            owner.alias = " ".join(am["alias"].split())


RELATION_VERBS = [
    ("amends", r"sửa\s+đổi,?\s*bổ\s+sung(?:\s+một\s+số\s+điều)?(?:\s+của)?"),
    ("replaces", r"thay\s+thế"),
    ("implements", r"(?:triển\s+khai,?\s*)?(?:thi\s+hành|thực\s+hiện|triển\s+khai)(?:\s+theo)?"),
    ("implements", r"(?:quy\s+định\s+chi\s+tiết(?:\s+và)?\s*)?hướng\s+dẫn(?:\s+thi\s+hành)?(?:\s+một\s+số\s+điều)?(?:\s+của)?"),
    ("implements", r"quy\s+định\s+chi\s+tiết(?:\s+thi\s+hành)?(?:\s+một\s+số\s+điều)?(?:\s+của)?"),
]
_VERB_RE = re.compile(
    r"(?P<verb>" + "|".join(f"(?P<v{i}>{p})" for i, (_, p) in enumerate(RELATION_VERBS)) + r")"
    r"(?:\s+(?:các|nội\s+dung|tinh\s+thần|nhiệm\s+vụ|được\s+giao|tại|những|theo))*\s*$",
    re.I,
)
_RESULT_RE = re.compile(r"(?:kết\s+quả|tình\s+hình)\s+(?:triển\s+khai\s+)?(?:thực\s+hiện|triển\s+khai)\s*(?:\S+\s*)?$", re.I)
_PASSIVE_RE = re.compile(r"được\s+sửa\s+đổi,?\s*(?:bổ\s+sung)?", re.I)
_OF_RE = re.compile(r"\bcủa\b")
_AND_LAW_RE = re.compile(r"\s*(?:,|và|,\s*và)\s*(?:Luật\s+số\s*|Luật\s+)?")
_AND_RE = re.compile(r"\s*(?:,|và|,\s*và)\s*(?:các\s+)?")
_INNER_TYPE_RE = re.compile(
    r"(?P<issue>(?:ban\s+hành|phê\s+duyệt)\s+)?\b(?P<tw>Chương\s+trình|Kế\s+hoạch|Đề\s+án|Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị|Thông\s+tư|Nghị\s+định|Quy\s+chế|Chiến\s+lược)\b(?!\s+số)"
)


def _mark_nesting(text: str, mentions: list[Mention]) -> None:
    """Mark citations written in another citation's title and the verb that links them.

    "Kế hoạch số 103/… triển khai thực hiện Quyết định số 1907/… và Quyết định số 21/…":
    1907 follows a linking verb inside 103's title; 21 is coordinated with 1907.
    """
    for i in range(1, len(mentions)):
        mt, prev = mentions[i], mentions[i - 1]
        if prev.title_span[1] < mt.start or prev.tail_end > mt.start:
            continue  # a boundary (";", end of sentence or line) lies between them
        # "X, được sửa đổi, bổ sung …": X is what is amended, not the actor
        seg = text[prev.tail_end:mt.end - len(mt.written)]
        pm = _PASSIVE_RE.search(seg)
        if pm:
            # "X, được sửa đổi, bổ sung tại Luật sửa đổi … của Luật X số …, Luật Y số …": the numbers after
            # "của" name the amended laws when the first is X itself; otherwise the number is the amending law's
            if _OF_RE.search(seg[pm.end():]) and mt.ref and prev.ref and mt.ref.number == prev.ref.number:
                mt.nested_in = i - 1
            else:
                # "… bởi Luật số Y": Y amends X (X being the document whose title this is), and stands on its own
                mt.amends_back = prev.nested_in if prev.nested_in is not None else i - 1
            continue
        window = text[max(prev.tail_end, mt.start - 160):mt.start]
        vm = _VERB_RE.search(window)
        if prev.amends_back is not None and _AND_LAW_RE.fullmatch(text[prev.tail_end:mt.start]):
            mt.amends_back = prev.amends_back
            continue
        inner = _INNER_TYPE_RE.search(window[:vm.start()]) if vm else None
        if inner and _type_word(inner["tw"]) not in (prev.type_from_symbol, None) and not inner["issue"]:
            # "công văn … về Chương trình hành động … thực hiện Nghị quyết 57": the programme implements it
            mt.nested_in = i - 1
            continue
        if vm and not _RESULT_RE.search(text[max(0, mt.start - 80):mt.start]):
            mt.nested_in = i - 1
            mt.relation_verb = next(RELATION_VERBS[k][0] for k in range(len(RELATION_VERBS)) if vm[f"v{k}"])
        elif prev.nested_in is not None and _AND_RE.fullmatch(text[prev.tail_end:mt.start]):
            mt.nested_in, mt.relation_verb = prev.nested_in, prev.relation_verb
