"""Agency names as written in a document, resolved to the names cancu outputs.

"Văn phòng Sở" in a plan of the Sở Nội vụ of Bắc Giang is the "Văn phòng Sở Nội vụ tỉnh
Bắc Giang"; "Các phòng thuộc Sở" and "Phòng, đơn vị thuộc Sở" are one group;
"Phòng Cải cách chính hành" is the known sub-unit "Phòng Cải cách hành chính" with
two words swapped.  Local bodies get the province of the document.
"""
from __future__ import annotations

import re
from functools import cache

from loaders.gazetteer import Body, Province, _load, fold, gazetteer

# Words that start the name of a body: a cell or phrase starting with one names an agency.
HEAD_RE = re.compile(
    r"^(?:Sở|Bộ|Ban|Văn phòng|Công an|Đài|Trung tâm|Phòng|Cục|Chi cục|Kho bạc|Ngân hàng|Bảo hiểm|Liên minh|Hội|"
    r"Tỉnh đoàn|Thành đoàn|Viện|Trường|Báo|Thanh tra|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Hiệp hội|Tổng công ty|Tập đoàn|"
    r"Các|các|Cơ quan|cơ quan|Đơn vị|đơn vị|Bộ Chỉ huy|Mặt trận|Đoàn|Liên đoàn|Chính phủ|Thủ tướng|Tòa án|Viện kiểm sát|"
    r"Kiểm toán|Quốc hội|Đảng ủy|Tỉnh ủy|Thành ủy|Doanh nghiệp|Viettel|VNPT|Bưu điện|Trung ương|Văn phòng)\b"
)
_SPECIFIC_HEADS = (
    r"Sở|Bộ|Ban|Văn phòng|Công an|Đài|Trung tâm|Phòng|Cục|Chi cục|Kho bạc|Ngân hàng|Bảo hiểm|Liên minh|Hội|"
    r"Tỉnh đoàn|Thành đoàn|Viện|Trường|Báo|Thanh tra|UBND|Ủy ban|Uỷ ban|HĐND|Hiệp hội|Tổng công ty|Tập đoàn|Bộ Chỉ huy|"
    r"Viettel|VNPT|Bưu điện|Mặt trận|Thông tấn xã|Thuế|Kiểm toán|Hải quan|Chi cục|Tòa án|Viện kiểm sát|Ủy ban Mặt trận"
)
_GROUP_HEADS = r"các\s+(?:bộ|sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|tỉnh)"
_GROUP_SUBUNITS_RE = re.compile(r"^(?:các\s+)?phòng\s*,?\s*(?:ban\s*,?\s*)?(?:đơn\s+vị\s+)?(?:chuyên\s+môn\s+)?(?:thuộc|trực\s+thuộc)\s+Sở$", re.I)


@cache
def _province_re() -> re.Pattern[str]:
    names = sorted((p.name for p in gazetteer().provinces), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


@cache
def _unit_abbreviations() -> dict[str, str]:
    return _load("agencies.json").get("unit_abbreviations", {})


@cache
def _subunits() -> dict[tuple[str, ...], str]:
    """Known sub-units by the sorted bag of their folded words, to mend swapped words."""
    out = {}
    for name in _load("agencies.json").get("subunits", []):
        out[tuple(sorted(fold(name).split()))] = name
    return out


def split_agencies(cell: str) -> list[tuple[str, str]]:
    """Split a cell or phrase that names several agencies: [(name, role hint)].

    Role hint "support" for names after "phối hợp với", else "".
    >>> split_agencies("Sở Thông tin và Truyền thông; Văn phòng UBND tỉnh")
    [('Sở Thông tin và Truyền thông', ''), ('Văn phòng UBND tỉnh', '')]
    >>> split_agencies("Phòng Cải cách hành chính phối hợp với các phòng thuộc Sở")
    [('Phòng Cải cách hành chính', ''), ('các phòng thuộc Sở', 'support')]
    """
    out: list[tuple[str, str]] = []
    m = re.search(r"\s*,?\s*(?:chủ\s+trì\s*,?\s*)?phối\s+hợp(?:\s+với)?\s+", cell)
    if m and m.start() > 0:
        out += split_agencies(cell[:m.start()])
        out += [(n, "support") for n, _ in split_agencies(cell[m.end():])]
        return out
    for piece in re.split(r"\s*[;\n]\s*|\s*\.\s+(?=[A-ZĐ])", cell):
        piece = piece.strip(" .,:;-+*")
        piece = re.sub(r"\s*\([^)]*\)\s*$", "", piece).strip()
        if not piece:
            continue
        known = [p.strip() for p in re.split(r"\s*,\s*", piece)]
        if len(known) > 1 and all(gazetteer().body_by_fold.get(fold(k)) for k in known):
            subs = known  # "VTV, VOV, TTXVN": every piece a known body
        elif re.match(r"^(?:Các|các|UBND các|Ủy ban nhân dân các)\b", piece):
            # a group keeps its commas ("Các sở, ban, ngành"); "và" before another body still splits it
            subs = re.split(r"\s+và\s+(?=(?:" + _SPECIFIC_HEADS + r"|" + _GROUP_HEADS + r")\b)", piece)
        else:
            subs = re.split(r"\s*(?:,|\svà)\s*(?=(?:" + _SPECIFIC_HEADS + r"|" + _GROUP_HEADS + r")\b)", piece)
            # "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ": a separator lost between two bodies
            subs = [x for sub in subs for x in re.split(r"\s+(?=(?:Bộ|Sở)\s+[A-ZĐ])", sub)]
        out += [(s.strip(" .,"), "") for s in subs if s.strip(" .,")]
    return out


def complete(name: str, province: Province | None, own: Body | None, own_name: str | None) -> str:
    """The output name of an agency written in a document of `province` issued by `own`."""
    n = " ".join(name.split()).strip(" .,;:")
    n = re.sub(r"^(?:giao\s+cho|giao|cho|đề\s+nghị\s*:?)\s+", "", n, flags=re.I)
    n = re.sub(r"^(?:Bộ\s+trưởng|Thủ\s+trưởng|Chủ\s+tịch|Giám\s+đốc|Trưởng|Chánh|Người\s+đứng\s+đầu)\s+(?=[A-ZĐ])", "", n)
    g = gazetteer()
    # a sub-unit written with an abbreviation ("phòng CCVC Sở") or with swapped words
    for short, long in _unit_abbreviations().items():
        n = re.sub(rf"^([Pp]hòng|[Bb]an)\s+{re.escape(short)}\b", lambda m, long=long: f"{m.group(1).capitalize()} {long}", n)
    key = tuple(sorted(fold(re.sub(r"\s+Sở$", "", n)).split())) if re.search(r"\s+Sở$", n) else tuple(sorted(fold(n).split()))
    subunit = key in _subunits()
    if subunit:
        n = _subunits()[key]
    if own is not None and own_name and own.level == "department":
        parent = own.name
        if subunit and not n.endswith(" Sở"):
            n = f"{n} - {parent}"
        elif subunit:
            n = n[: -len(" Sở")] + " " + parent
        if _GROUP_SUBUNITS_RE.match(n):
            n = f"Các phòng, đơn vị thuộc {parent}"
        else:
            n = re.sub(r"\b(Sở|Ban)$", lambda m: parent if parent.startswith(m.group(1)) else m.group(1), n)
    exact = g.body_by_fold.get(fold(n))
    if exact is not None and exact.level != "province" and (len(n) <= len(exact.name) or fold(n) == fold(exact.name)):
        n = exact.name  # an abbreviation or a variant spelling of a known body: "Sở KH&CN", "VPUB", "Bộ Công An"
    if re.fullmatch(r"(?:tỉnh|Tỉnh|thành phố|Thành phố)(?:\s+.+)?", n):
        n = "UBND " + n
    pm = _province_re().search(n)
    named = g.province(pm.group(0)) if pm else None
    if named or province is None:
        return n
    body = g.body(n)
    local = body.local if body is not None else not re.match(
        r"^(?:Bộ|Chính phủ|Thủ tướng|Quốc hội|Đài Tiếng nói|Đài Truyền hình Việt Nam|Thông tấn|Ngân hàng Nhà nước|Ủy ban Dân tộc|"
        r"Ủy ban Quốc gia|Văn phòng Chính phủ|Kiểm toán|Tòa án|Viện kiểm sát|Ban Chỉ đạo Trung ương|các bộ|Các bộ)", n
    )
    if body is not None and body.name == n and not body.local:
        return n
    if not local:
        return n
    if re.search(r"(?:\btỉnh|\bTỉnh|\bThành phố)$", n):
        return f"{n} {province.name}"
    return f"{n} {province.full}"
