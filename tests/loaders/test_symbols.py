"""Tests of loaders.symbols: finding document numbers and symbols, parsing them, comparing them.

Tables of `(text, expected)` cases taken from the corpus (tests/corpus) and from
shared/notes/vn-documents.md, then property tests over generated symbols.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.gazetteer import gazetteer
from loaders.symbols import REF_RE, ParsedRef, parse_ref, symbol_key, type_from_symbol


def ref(
    number: str,
    symbol: str,
    *,
    year: int | None = None,
    type_code: str | None = None,
    issuer: str | None = None,
    party: bool = False,
    malformed: bool = False,
) -> ParsedRef:
    """The ParsedRef expected for a reference."""
    return ParsedRef(number, symbol, year, type_code, issuer, party, malformed)


def refs_in(text: str) -> list[tuple[str, ParsedRef]]:
    """Every reference REF_RE finds in `text`, as written and parsed."""
    return [(m.group(0), parse_ref(m)) for m in REF_RE.finditer(text)]


# --- REF_RE + parse_ref on single references -------------------------------------------

PARSE_CASES = [
    # legal normative document: the year is part of the number
    ("85/2016/NĐ-CP", ref("85", "NĐ-CP", year=2016, type_code="NĐ", issuer="CP")),
    ("189/KH-UBND", ref("189", "KH-UBND", type_code="KH", issuer="UBND")),
    # "/" between the type and the issuer of a state document: malformed, canonical QĐ-TTg
    ("458/QĐ/TTg", ref("458", "QĐ-TTg", type_code="QĐ", issuer="TTg", malformed=True)),
    # a space and an en dash inside the symbol
    ("2820/BNV –CCVC", ref("2820", "BNV-CCVC", issuer="BNV", malformed=True)),
    # party documents: dash after the number, slash before the body
    ("19-CT/TU", ref("19", "CT/TU", type_code="CT", issuer="TU", party=True)),
    ("57-NQ/TW", ref("57", "NQ/TW", type_code="NQ", issuer="TW", party=True)),
    ("684-QĐ/TU", ref("684", "QĐ/TU", type_code="QĐ", issuer="TU", party=True)),
    # written in the party form, but the Chính phủ is a state body
    ("17-NQ/CP", ref("17", "NQ-CP", type_code="NQ", issuer="CP")),
    # a công văn: no type code, "&" inside the drafting unit
    ("1723/STTTT-BCVT&CNTT", ref("1723", "STTTT-BCVT&CNTT", issuer="STTTT")),
    ("05/BNV-VP", ref("5", "BNV-VP", issuer="BNV")),
    # a law: year in the number, the legislature as symbol
    ("72/2025/QH15", ref("72", "QH15", year=2025, issuer="QH15")),
    # "." between type and issuer
    ("01/1999/QĐ.UB", ref("1", "QĐ-UB", year=1999, type_code="QĐ", issuer="UB", malformed=True)),
    # a known code in the wrong case is written in its usual case
    ("06/QĐ-TTG", ref("6", "QĐ-TTg", type_code="QĐ", issuer="TTg")),
    ("164/TTr- SKHCN", ref("164", "TTr-SKHCN", type_code="TTr", issuer="SKHCN", malformed=True)),
    ("34/2023/QĐ-UBND", ref("34", "QĐ-UBND", year=2023, type_code="QĐ", issuer="UBND")),
]


@pytest.mark.parametrize("text,expected", PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse_ref(text: str, expected: ParsedRef) -> None:
    assert refs_in(text) == [(text, expected)]


TYPE_CASES = [
    ("85/2016/NĐ-CP", "Nghị định"),
    ("189/KH-UBND", "Kế hoạch"),
    ("458/QĐ/TTg", "Quyết định"),
    ("19-CT/TU", "Chỉ thị"),
    ("17-NQ/CP", "Nghị quyết"),
    ("1723/STTTT-BCVT&CNTT", "Công văn"),
    ("2820/BNV –CCVC", "Công văn"),
    # a type word that contradicts the symbol: the symbol says công văn
    ("2323/BTTTT-THH", "Công văn"),
    ("45/TTr-SNV", "Tờ trình"),
    ("12/2022/TT-BTTTT", "Thông tư"),
    # a law's symbol names no type
    ("72/2025/QH15", None),
]


@pytest.mark.parametrize("text,expected", TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_type_from_symbol(text: str, expected: str | None) -> None:
    (_, parsed), = refs_in(text)
    assert type_from_symbol(parsed) == expected


IN_SENTENCE_CASES = [
    (
        "Công văn số 2820/BNV –CCVC ngày 12/6/2023 của Bộ Nội vụ về triển khai Thông tư số 06/2023/TT-BNV.",
        ["2820/BNV –CCVC", "06/2023/TT-BNV"],
    ),
    (
        "b) Kiểm tra, đánh giá về an toàn thông tin theo quy định tại Thông tư 12/2022/TT-BTTTT ngày 12/8/2022:",
        ["12/2022/TT-BTTTT"],
    ),
    (
        "Thực hiện Chỉ thị số 02/CT-TTg ngày 26/4/2022 của Thủ tướng Chính phủ về phát triển Chính phủ điện tử "
        "hướng tới Chính phủ số và Chỉ thị số 19-CT/TU ngày 18/5/2022 của Ban Thường vụ Tỉnh ủy nêu trên",
        ["02/CT-TTg", "19-CT/TU"],
    ),
    (
        "Theo đề nghị của Sở Thông tin và Truyền thông tại Kế hoạch số 1690/KH-STTTT ngày 06/9/2023 về kiểm tra "
        "và Công văn số 1723/STTTT-BCVT&CNTT ngày 11/9/2023 về việc đề nghị gửi báo cáo",
        ["1690/KH-STTTT", "1723/STTTT-BCVT&CNTT"],
    ),
    ("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 17-NQ/CP NGÀY 07/3/2019 CỦA CHÍNH PHỦ", ["17-NQ/CP"]),
    # things that look like numbers with slashes or dashes but are no references
    ("đến nay, ngày 30-9-2022, Sở đã hoàn thành", []),
    ("Kế hoạch số 61/KH-UBND ngày 10/4/2019 của UBND tỉnh", ["61/KH-UBND"]),
    ("giai đoạn 2021-2025, định hướng đến năm 2030", []),
    ("giai đoạn 2022 – 2025", []),
    ("chứng thư thẩm định giá số 0223/0822A/PSD-CTTĐ ngày 23/8/2023", []),
    ("100% các xã, phường, thị trấn trong toàn tỉnh đã được phủ sóng di động 2G/3G/4G;", []),
    ("tháng 10/2022", []),
]


@pytest.mark.parametrize("text,expected", IN_SENTENCE_CASES, ids=[c[0][:40] for c in IN_SENTENCE_CASES])
def test_ref_re_in_sentences(text: str, expected: list[str]) -> None:
    assert [w for w, _ in refs_in(text)] == expected


def test_number_inside_a_reference_is_not_a_second_match() -> None:
    text = "theo quy định tại Thông tư 12/2022/TT-BTTTT ngày 12/8/2022"
    found = refs_in(text)
    assert [w for w, _ in found] == ["12/2022/TT-BTTTT"]
    assert found[0][1].year == 2022 and found[0][1].number == "12"


SYMBOL_KEY_CASES = [
    ("QĐ-TTg", "QĐ-TTG"),
    ("QĐ/TTg", "QĐ-TTG"),
    ("qđ - ttg", "QĐ-TTG"),
    ("QĐ.UB", "QĐ-UB"),
    ("BNV –CCVC", "BNV-CCVC"),
    ("NÐ-CP", "NĐ-CP"),  # U+00D0 written for Đ
    ("CT/TU", "CT-TU"),
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize("symbol,expected", SYMBOL_KEY_CASES)
def test_symbol_key(symbol: str | None, expected: str) -> None:
    assert symbol_key(symbol) == expected


@pytest.mark.parametrize("a,b", [("458/QĐ/TTg", "458/QĐ-TTg"), ("06/QĐ-TTG", "6/QĐ-TTg"), ("19-CT/TU", "19 - CT/TU")])
def test_two_writings_of_one_reference_have_one_key(a: str, b: str) -> None:
    (_, pa), = refs_in(a)
    (_, pb), = refs_in(b)
    assert (pa.number, symbol_key(pa.symbol)) == (pb.number, symbol_key(pb.symbol))


# --- properties -----------------------------------------------------------------------

_TYPE_CODES = sorted({c for c in gazetteer().type_by_code if c == gazetteer().canon_code.get(c.upper(), c)})
_BODY_CODES = sorted({b.code for b in gazetteer().bodies if "&" not in b.code})

numbers = st.from_regex(r"[0-9]{1,5}", fullmatch=True)
years = st.integers(1900, 2099)
type_codes = st.sampled_from(_TYPE_CODES)
issuer_codes = st.one_of(
    st.sampled_from(_BODY_CODES),
    st.from_regex(r"[A-ZĐ][A-ZĐa-z0-9]{0,6}", fullmatch=True),
)
# a drafting unit after the issuer in a công văn or a state document ("UBND-VX")
units = st.one_of(st.none(), st.from_regex(r"[A-ZĐ][A-ZĐ0-9]{0,5}", fullmatch=True))


def _issuer(code: str, unit: str | None) -> str:
    return code if unit is None else f"{code}-{unit}"


@settings(max_examples=300)
@given(number=numbers, year=years, type_code=type_codes, issuer=issuer_codes, unit=units)
def test_year_form_parses_back(number: str, year: int, type_code: str, issuer: str, unit: str | None) -> None:
    symbol = f"{type_code}-{_issuer(issuer, unit)}"
    written = f"{number}/{year}/{symbol}"
    found = refs_in(f"theo Nghị định số {written} ngày 05/3/2025 của Chính phủ")
    assert [w for w, _ in found] == [written]
    parsed = found[0][1]
    assert parsed.number == (number.lstrip("0") or "0")
    assert parsed.year == year
    assert symbol_key(parsed.symbol) == symbol_key(symbol)


@settings(max_examples=300)
@given(number=numbers, type_code=type_codes, issuer=issuer_codes, unit=units)
def test_state_form_parses_back(number: str, type_code: str, issuer: str, unit: str | None) -> None:
    symbol = f"{type_code}-{_issuer(issuer, unit)}"
    written = f"{number}/{symbol}"
    found = refs_in(f"Thực hiện Kế hoạch số {written}, Sở Nội vụ báo cáo")
    assert [w for w, _ in found] == [written]
    parsed = found[0][1]
    assert parsed.number == (number.lstrip("0") or "0")
    assert parsed.year is None
    assert symbol_key(parsed.symbol) == symbol_key(symbol)


@settings(max_examples=300)
@given(number=numbers, type_code=type_codes, issuer=issuer_codes)
def test_party_form_parses_back(number: str, type_code: str, issuer: str) -> None:
    symbol = f"{type_code}/{issuer}"
    written = f"{number}-{symbol}"
    found = refs_in(f"quán triệt Nghị quyết số {written} của Tỉnh ủy")
    assert [w for w, _ in found] == [written]
    parsed = found[0][1]
    assert parsed.number == (number.lstrip("0") or "0")
    assert parsed.year is None
    assert symbol_key(parsed.symbol) == symbol_key(symbol)


@given(st.text())
def test_ref_re_and_parse_ref_never_raise(text: str) -> None:
    for m in REF_RE.finditer(text):
        parsed = parse_ref(m)
        assert parsed.number.isdigit() or parsed.number == "0"
        type_from_symbol(parsed)
        assert isinstance(symbol_key(parsed.symbol), str)
