"""Agency names as written in a document, resolved to the names cancu outputs.

"Văn phòng Sở" in a plan of the Sở Nội vụ of Bắc Giang is the "Văn phòng Sở Nội vụ tỉnh
Bắc Giang"; "Các phòng thuộc Sở" and "Phòng, đơn vị thuộc Sở" are one group;
"Phòng Cải cách chính hành" is the known sub-unit "Phòng Cải cách hành chính" with
two words swapped.  Local bodies get the province of the document.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from loaders.gazetteer import Body, Province, _load, fold, gazetteer

# Words that start the name of a body: a cell or phrase starting with one names an agency.
HEAD_WORDS = (
    r"(?:Sở|Bộ|Ban|Văn phòng|Công an|Đài|Trung tâm|Phòng|Cục|Chi cục|Kho bạc|Ngân hàng|Bảo hiểm|Liên minh|Hội|"
    r"Tỉnh đoàn|Thành đoàn|Viện|Trường|Báo|Thanh tra|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Hiệp hội|Tổng công ty|Tập đoàn|"
    r"Các|các|Cơ quan|cơ quan|Đơn vị|đơn vị|Bộ Chỉ huy|Mặt trận|Đoàn|Liên đoàn|Chính phủ|Thủ tướng|Tòa án|Viện kiểm sát|"
    r"Kiểm toán|Quốc hội|Đảng ủy|Tỉnh ủy|Thành ủy|Doanh nghiệp|Viettel|VNPT|Bưu điện|Trung ương)"
)
HEAD_RE = re.compile("^" + HEAD_WORDS + r"\b")
# How a text starts when any prefix of it passes HEAD_RE (no word boundary asked): a cheap test first
HEAD_START_RE = re.compile(HEAD_WORDS)
_SPECIFIC_HEADS = (
    r"Sở|Bộ|Ban|Văn phòng|Công an|Đài|Trung tâm|Phòng|Cục|Chi cục|Kho bạc|Ngân hàng|Bảo hiểm|Liên minh|Hội|"
    r"Tỉnh đoàn|Thành đoàn|Viện|Trường|Báo|Thanh tra|UBND|Ủy ban|Uỷ ban|HĐND|Hiệp hội|Tổng công ty|Tập đoàn|Bộ Chỉ huy|"
    r"Viettel|VNPT|Bưu điện|Mặt trận|Thông tấn xã|Thuế|Kiểm toán|Hải quan|Chi cục|Tòa án|Viện kiểm sát|Ủy ban Mặt trận"
)
_GROUP_HEADS = r"các\s+(?:bộ|sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|tỉnh|tổ\s+chức|đoàn\s+thể|doanh\s+nghiệp|hội)"
_GROUP_SUBUNITS_RE = re.compile(r"^(?:các\s+)?phòng\s*,?\s*(?:ban\s*,?\s*)?(?:đơn\s+vị\s+)?(?:chuyên\s+môn\s+)?(?:thuộc|trực\s+thuộc)\s+Sở$", re.I)


@cache
def _province_re() -> re.Pattern[str]:
    names = sorted((p.name for p in gazetteer().provinces), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


_LEVEL_WORD_END_RE = re.compile(r"(?:tỉnh|thành\s+phố)$", re.I)


def place_end(text: str, name_end: int) -> int:
    """Where a name ending in "tỉnh" or "thành phố" ends with the province written after it
    ("Công an thành phố| Hà Nội"): the gazetteer's names end at the level word."""
    if not _LEVEL_WORD_END_RE.search(text, max(0, name_end - 10), name_end):
        return name_end
    m = _province_re().match(text, name_end + 1) if text[name_end:name_end + 1] == " " else None
    return m.end() if m else name_end


_UNIT_WORD = r"([Pp]hòng|[Bb]an)\s+"
_UNIT_WORD_RE = re.compile(_UNIT_WORD)


@cache
def _unit_abbreviations() -> list[tuple[re.Pattern[str], str]]:
    """Patterns for sub-units written with an abbreviation ("phòng CCVC Sở"), and the full names."""
    return [(re.compile(rf"^{_UNIT_WORD}{re.escape(short)}\b"), long)
            for short, long in _load("agencies.json").get("unit_abbreviations", {}).items()]


@cache
def _subunits() -> dict[tuple[str, ...], str]:
    """Known sub-units by the sorted bag of their folded words, to mend swapped words."""
    out = {}
    for name in _load("agencies.json").get("subunits", []):
        out[tuple(sorted(fold(name).split()))] = name
    return out


_SUPPORT_SPLIT_RE = re.compile(r"\s*,?\s*(?:chủ\s+trì\s*,?\s*)?phối\s+hợp(?:\s+với)?\s+")
_PIECE_SPLIT_RE = re.compile(r"\s*[;\n]\s*|\s*\.\s+(?=[A-ZĐ])")
_TRAILING_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*$")
_COMMA_SPLIT_RE = re.compile(r"\s*,\s*")
_GROUP_START_RE = re.compile(r"^(?:Các|các|UBND các|Ủy ban nhân dân các)\b")
_AND_BEFORE_BODY_RE = re.compile(r"\s+và\s+(?=(?:" + _SPECIFIC_HEADS + r"|" + _GROUP_HEADS + r")\b)")
_SEP_BEFORE_BODY_RE = re.compile(r"\s*(?:,|\svà)\s*(?=(?:" + _SPECIFIC_HEADS + r"|" + _GROUP_HEADS + r")\b)")
_LOST_SEP_RE = re.compile(r"\s+(?=(?:Bộ|Sở)\s+[A-ZĐ])")


def split_agencies(cell: str) -> list[tuple[str, str]]:
    """Split a cell or phrase that names several agencies: [(name, role hint)].

    Role hint "support" for names after "phối hợp với", else "".
    >>> split_agencies("Sở Thông tin và Truyền thông; Văn phòng UBND tỉnh")
    [('Sở Thông tin và Truyền thông', ''), ('Văn phòng UBND tỉnh', '')]
    >>> split_agencies("Phòng Cải cách hành chính phối hợp với các phòng thuộc Sở")
    [('Phòng Cải cách hành chính', ''), ('các phòng thuộc Sở', 'support')]
    """
    return list(_split_agencies(cell))


# The same unit cells and phrases recur on every row of a table and in every document of a
# province; a fresh list for each caller, since callers may extend it.
# The patterns below open with optional spaces, so `re` tries them at every character: each
# is tried only on a text that holds the word or mark it cannot match without.
@lru_cache(maxsize=4096)
def _split_agencies(cell: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    m = _SUPPORT_SPLIT_RE.search(cell) if "phối" in cell else None
    if m and m.start() > 0:
        out += _split_agencies(cell[:m.start()])
        out += [(n, "support") for n, _ in _split_agencies(cell[m.end():])]
        return tuple(out)
    for piece in _PIECE_SPLIT_RE.split(cell) if ";" in cell or "\n" in cell or "." in cell else [cell]:
        piece = piece.strip(" .,:;-+*")
        if ")" in piece:
            piece = _TRAILING_PAREN_RE.sub("", piece)
        piece = piece.strip()
        if not piece:
            continue
        known = [p.strip() for p in _COMMA_SPLIT_RE.split(piece)] if "," in piece else []
        if len(known) > 1 and all(gazetteer().body_by_fold.get(fold(k)) for k in known):
            subs = known  # "VTV, VOV, TTXVN": every piece a known body
        elif _GROUP_START_RE.match(piece):
            # a group keeps its commas ("Các sở, ban, ngành"); "và" before another body still splits it
            subs = _AND_BEFORE_BODY_RE.split(piece) if "và" in piece else [piece]
        else:
            subs = _SEP_BEFORE_BODY_RE.split(piece) if "," in piece or "và" in piece else [piece]
            # "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ": a separator lost between two bodies
            subs = [x for sub in subs for x in (_LOST_SEP_RE.split(sub) if "Bộ" in sub or "Sở" in sub else [sub])]
        out += [(s.strip(" .,"), "") for s in subs if s.strip(" .,")]
    return tuple(out)


_GIVE_TO_RE = re.compile(r"^(?:giao\s+cho|giao|cho|đề\s+nghị\s*:?)\s+", re.I)
_HEAD_OF_RE = re.compile(r"^(?:Bộ\s+trưởng|Thủ\s+trưởng|Chủ\s+tịch|Giám\s+đốc|Trưởng|Chánh|Người\s+đứng\s+đầu)\s+(?=[A-ZĐ])")
_OF_THE_SO_RE = re.compile(r"\s+Sở$")
_ENDS_SO_BAN_RE = re.compile(r"\b(Sở|Ban)$")
_PROVINCE_WORD_RE = re.compile(r"(?:tỉnh|Tỉnh|thành phố|Thành phố)(?:\s+.+)?")
_NATIONAL_RE = re.compile(
    r"^(?:Bộ|Chính phủ|Thủ tướng|Quốc hội|Đài Tiếng nói|Đài Truyền hình Việt Nam|Thông tấn|Ngân hàng Nhà nước|Ủy ban Dân tộc|"
    r"Ủy ban Quốc gia|Văn phòng Chính phủ|Kiểm toán|Tòa án|Viện kiểm sát|Ban Chỉ đạo Trung ương|các bộ|Các bộ)"
)
_ENDS_PROVINCE_WORD_RE = re.compile(r"(?:\btỉnh|\bTỉnh|\bThành phố)$")


def complete(name: str, province: Province | None, own: Body | None, own_name: str | None) -> str:
    """The output name of an agency written in a document of `province` issued by `own`."""
    n, subunit = _as_written(name)
    if own is not None and own_name and own.level == "department":
        parent = own.name
        if subunit and not n.endswith(" Sở"):
            n = f"{n} - {parent}"
        elif subunit:
            n = n[: -len(" Sở")] + " " + parent
        if _GROUP_SUBUNITS_RE.match(n):
            n = f"Các phòng, đơn vị thuộc {parent}"
        else:
            n = _ENDS_SO_BAN_RE.sub(lambda m: parent if parent.startswith(m.group(1)) else m.group(1), n)
    n, place = _province_place(n)
    if place is None or province is None:
        return n
    named = place == "name" or place == "city" and province.full.startswith("Thành phố")
    return f"{n} {province.name if named else province.full}"


# The steps of `complete` that read the name alone, kept apart: the same names recur in the
# documents of every province and every issuer.
@lru_cache(maxsize=4096)
def _as_written(name: str) -> tuple[str, bool]:
    """The name without "giao cho" or a head's title, a sub-unit's in full; and whether it is a sub-unit."""
    n = " ".join(name.split()).strip(" .,;:")
    n = _GIVE_TO_RE.sub("", n)
    n = _HEAD_OF_RE.sub("", n)
    # a sub-unit written with an abbreviation ("phòng CCVC Sở") or with swapped words
    if _UNIT_WORD_RE.match(n):  # what every abbreviation pattern starts with
        for abbr, long in _unit_abbreviations():
            n = abbr.sub(lambda m, long=long: f"{m.group(1).capitalize()} {long}", n)
    key = tuple(sorted(fold(_OF_THE_SO_RE.sub("", n)).split())) if _OF_THE_SO_RE.search(n) else tuple(sorted(fold(n).split()))
    subunit = key in _subunits()
    if subunit:
        n = _subunits()[key]
    return n, subunit


@lru_cache(maxsize=4096)
def _province_place(n: str) -> tuple[str, str | None]:
    """The name as output, and the form of the document's province after it: "name", "full",
    "city" (the name where the province is a city, else full) or None (none).

    "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố" closes with the level word of a city; in a
    province, "thành phố" closing "UBND các huyện, thị xã, thành phố" is a group of its towns.
    """
    g = gazetteer()
    exact = g.body_by_fold.get(fold(n))
    if exact is not None and exact.level != "province" and (len(n) <= len(exact.name) or fold(n) == fold(exact.name)):
        n = exact.name  # an abbreviation or a variant spelling of a known body: "Sở KH&CN", "VPUB", "Bộ Công An"
    if _PROVINCE_WORD_RE.fullmatch(n):
        n = "UBND " + n
    pm = _province_re().search(n)
    if pm and g.province(pm.group(0)):
        return n, None
    body = g.body(n)
    local = body.local if body is not None else not _NATIONAL_RE.match(n)
    if body is not None and body.name == n and not body.local:
        return n, None
    if not local:
        return n, None
    if _ENDS_PROVINCE_WORD_RE.search(n):
        return n, "name"
    return n, "city" if n.endswith(" thành phố") and "," not in n else "full"
