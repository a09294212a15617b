"""Tests of loaders.citations.find_citations on real sentences of the corpus.

Each case is a sentence (normalised as the extractor does) and the citations expected in
it, each given by the fields that matter for that case: type word, date, issuer, title,
the citation it is nested in and the verb that links them, its alias.
"""
from __future__ import annotations

from typing import Any

import pytest

from loaders.citations import Mention, find_citations
from loaders.gazetteer import Province, gazetteer
from loaders.normalize import normalize

QUANG_NGAI = gazetteer().province("Quảng Ngãi")


def cites(text: str, province: Province | None = None) -> list[Mention]:
    return find_citations(normalize(text).text, province=province)


def cite(written: str, **fields: Any) -> dict[str, Any]:
    """An expected citation: its number and symbol as written, and the fields to check."""
    return {"written": written, **fields}


def seen(m: Mention, expected: dict[str, Any]) -> dict[str, Any]:
    """The fields of `m` that `expected` names, for a readable comparison."""
    out: dict[str, Any] = {}
    for k, v in expected.items():
        got = getattr(m, k)
        if k == "title" and isinstance(v, tuple):  # ("startswith", text) / ("contains", text)
            how, text = v
            ok = got is not None and (got.startswith(text) if how == "startswith" else text in got)
            out[k] = v if ok else got
        else:
            out[k] = got
    return out


def check(text: str, province: Province | None, expected: list[dict[str, Any]]) -> list[Mention]:
    found = cites(text, province)
    assert [m.written for m in found] == [e["written"] for e in expected]
    for m, e in zip(found, expected, strict=True):
        assert seen(m, e) == e
    return found


# --- type word, date, issuer, title ---------------------------------------------------

BASIC_CASES = [
    (
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số "
        "quốc gia đến năm 2025, định hướng đến năm 2030;",
        None,
        [cite("749/QĐ-TTg", type_word="Quyết định", date="2020-06-03", issuer="Thủ tướng Chính phủ",
              title="phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030",
              nested_in=None)],
    ),
    (
        # a comma before "ngày", a worded date
        "Căn cứ Quyết định số 749/QĐ-TTg, ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt Chương trình;",
        None,
        [cite("749/QĐ-TTg", type_word="Quyết định", date="2020-06-03", issuer="Thủ tướng Chính phủ",
              title="phê duyệt Chương trình")],
    ),
    (
        "Thông tư 12/2022/TT-BTTTT ngày 12/8/2022:",
        None,
        [cite("12/2022/TT-BTTTT", type_word="Thông tư", date="2022-08-12", issuer="Bộ Thông tin và Truyền thông")],
    ),
    (
        # a local issuer gets the province named in the sentence, the title drops "về việc"
        "Quyết định số 1077/QĐ-UBND ngày 10/10/2021 của UBND tỉnh Quảng Ngãi ban hành Kế hoạch xây dựng Hệ thống "
        "quản lý tài liệu lưu trữ điện tử.",
        None,
        [cite("1077/QĐ-UBND", type_word="Quyết định", date="2021-10-10", issuer="UBND tỉnh Quảng Ngãi",
              province=QUANG_NGAI, title="ban hành Kế hoạch xây dựng Hệ thống quản lý tài liệu lưu trữ điện tử")],
    ),
    (
        "Theo Công văn số 1762/STTTT-BCVT&CNTT ngày 29/11/2022 của Sở Thông tin và Truyền thông về việc báo cáo "
        "kết quả thực hiện năm 2022;",
        QUANG_NGAI,
        [cite("1762/STTTT-BCVT&CNTT", type_word="Công văn", date="2022-11-29",
              issuer="Sở Thông tin và Truyền thông tỉnh Quảng Ngãi", title="báo cáo kết quả thực hiện năm 2022")],
    ),
    (
        # the issuer written before: "… ban hành Chỉ thị số 19-CT/TU"
        "- Ngày 18/5/2022, Ban Thường vụ Tỉnh ủy Quảng Ngãi ban hành Chỉ thị số 19-CT/TU về tăng cường sự lãnh đạo, "
        "chỉ đạo của Đảng đối với chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030.",
        None,
        [cite("19-CT/TU", type_word="Chỉ thị", issuer="Ban Thường vụ Tỉnh ủy tỉnh Quảng Ngãi",
              title=("startswith", "tăng cường sự lãnh đạo"))],
    ),
    (
        "Công văn số 2820/BNV –CCVC ngày 12/6/2023 của Bộ Nội vụ về triển khai Thông tư số 06/2023/TT-BNV.",
        None,
        [cite("2820/BNV-CCVC", type_word="Công văn", date="2023-06-12", issuer="Bộ Nội vụ",
              title="triển khai Thông tư số 06/2023/TT-BNV"),
         cite("06/2023/TT-BNV", type_word="Thông tư", issuer="Bộ Nội vụ", nested_in=0, relation_verb="implements")],
    ),
    (
        # the type word says Quyết định, the symbol says công văn: both are kept
        "Quyết định số 2323/BTTTT-THH ngày 31/12/2019 của Bộ Thông tin và Truyền thông",
        None,
        [cite("2323/BTTTT-THH", type_word="Quyết định", type_from_symbol="Công văn", date="2019-12-31",
              issuer="Bộ Thông tin và Truyền thông")],
    ),
    (
        "Luật số 72/2025/QH15 ngày 26/6/2025 của Quốc hội",
        None,
        [cite("72/2025/QH15", type_word="Luật", date="2025-06-26", issuer="Quốc hội")],
    ),
]


@pytest.mark.parametrize("text,province,expected", BASIC_CASES, ids=[c[0][:40] for c in BASIC_CASES])
def test_type_date_issuer_title(text: str, province: Province | None, expected: list[dict[str, Any]]) -> None:
    check(text, province, expected)


ISSUER_PROVINCE_CASES = [
    # "UBND tỉnh" alone: the province of the document completes it when given
    ("Kế hoạch số 50/KH-UBND ngày 08/3/2023 của UBND tỉnh truyền thông về chuyển đổi số", QUANG_NGAI, "UBND tỉnh Quảng Ngãi"),
    ("Kế hoạch số 50/KH-UBND ngày 08/3/2023 của UBND tỉnh truyền thông về chuyển đổi số", None, "UBND"),
    ("Công văn số 404/SNV-VP ngày 20/3/2023 của Sở Nội vụ", QUANG_NGAI, "Sở Nội vụ tỉnh Quảng Ngãi"),
    # the province named in the sentence wins over the one passed
    ("Kế hoạch số 199/KH-UBND ngày 11/12/2023 của UBND tỉnh Bắc Giang về việc ban hành kế hoạch", QUANG_NGAI,
     "UBND tỉnh Bắc Giang"),
    # a national body gets no province
    ("Quyết định số 28/2018/QĐ-TTg ngày 12/7/2018 của Thủ tướng Chính phủ về việc gửi, nhận văn bản điện tử", QUANG_NGAI,
     "Thủ tướng Chính phủ"),
    ("Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;", QUANG_NGAI, "Chính phủ"),
    # the Chủ tịch signs for the UBND
    ("Kế hoạch số 154/KH-UBND ngày 24/12/2020 của Chủ tịch UBND tỉnh Quảng Ngãi về lưu trữ", None, "UBND tỉnh Quảng Ngãi"),
    # no issuer written: the symbol's issuer code gives it
    ("Công văn số 1723/STTTT-BCVT&CNTT ngày 11/9/2023 về việc đề nghị gửi báo cáo", QUANG_NGAI,
     "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"),
]


@pytest.mark.parametrize("text,province,issuer", ISSUER_PROVINCE_CASES, ids=[c[0][:30] + (" +prov" if c[1] else "") for c in ISSUER_PROVINCE_CASES])
def test_issuer_and_province(text: str, province: Province | None, issuer: str) -> None:
    first = cites(text, province)[0]
    assert first.issuer == issuer


# --- nesting and relation verbs -------------------------------------------------------

NESTING_CASES = [
    (
        "Kế hoạch số 154/KH-UBND ngày 24/12/2020 của Chủ tịch UBND tỉnh Quảng Ngãi về thực hiện Quyết định số "
        "458/QĐ/TTg ngày 03/4/2020 của Thủ tướng Chính phủ phê duyệt Đề án “Lưu trữ tài liệu điện tử của các cơ "
        "quan nhà nước giai đoạn 2020 - 2025”; Quyết định số 1077/QĐ-UBND ngày 10/10/2021 của UBND tỉnh Quảng "
        "Ngãi ban hành Kế hoạch xây dựng Hệ thống quản lý tài liệu lưu trữ điện tử.",
        [
            cite("154/KH-UBND", type_word="Kế hoạch", date="2020-12-24", issuer="UBND tỉnh Quảng Ngãi",
                 title=("startswith", "thực hiện Quyết định số 458/QĐ/TTg"), nested_in=None),
            cite("458/QĐ/TTg", type_word="Quyết định", date="2020-04-03", issuer="Thủ tướng Chính phủ",
                 nested_in=0, relation_verb="implements"),
            # after the ";" a new citation starts at top level
            cite("1077/QĐ-UBND", nested_in=None, relation_verb=None),
        ],
    ),
    (
        "Nghị định số 107/2021/NĐ-CP ngày 06/2/2021 của Chính phủ sửa đổi, bổ sung một số điều của nghị định số "
        "61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải "
        "quyết thủ tục hành chính, UBND tỉnh đã chỉ đạo Sở Thông tin và Truyền thông",
        [
            cite("107/2021/NĐ-CP", type_word="Nghị định", date="2021-02-06", nested_in=None),
            cite("61/2018/NĐ-CP", type_word="Nghị định", date="2018-04-23", issuer="Chính phủ",
                 nested_in=0, relation_verb="amends"),
        ],
    ),
    (
        # the title holds a ";" inside “…”: the citation after it is still in the title
        "4.1. Căn cứ áp dụng: Quyết định số 673/QĐ-UBND ngày 17/7/2023 của UBND tỉnh phê duyệt Đề án “Xác định "
        "Chỉ số cải cách hành chính của các sở, ban ngành cấp tỉnh; UBND các huyện, thị xã, thành phố và UBND các "
        "xã, phường, thị trấn trên địa bàn tỉnh Quảng Ngãi” giai đoạn 2023-2030 thay thế Quyết định số "
        "733/QĐ-UBND ngày 06/7/2022 của UBND tỉnh.",
        [
            cite("673/QĐ-UBND", date="2023-07-17", title=("contains", "thay thế Quyết định số 733/QĐ-UBND"),
                 nested_in=None),
            cite("733/QĐ-UBND", type_word="Quyết định", date="2022-07-06", nested_in=0, relation_verb="replaces"),
        ],
    ),
    (
        "Quyết định số 673/QĐ-UBND ngày 17/7/2023 của UBND tỉnh phê duyệt Đề án giai đoạn 2023-2030 thay thế "
        "Quyết định số 733/QĐ-UBND ngày 06/7/2022 của UBND tỉnh.",
        [cite("673/QĐ-UBND", nested_in=None), cite("733/QĐ-UBND", nested_in=0, relation_verb="replaces")],
    ),
    (
        # coordination: the second decision shares the verb of the first
        "Kế hoạch số 103/KH-UBND ngày 23/6/2022 của UBND tỉnh Kế hoạch triển khai thực hiện Quyết định số "
        "1907/QĐ-TTg ngày 23/11/2020 và Quyết định số 21/QĐ-TTg ngày 06/01/2021 của Thủ tướng Chính phủ trên địa "
        "bàn tỉnh Quảng Ngãi.",
        [
            cite("103/KH-UBND", date="2022-06-23", nested_in=None),
            cite("1907/QĐ-TTg", date="2020-11-23", nested_in=0, relation_verb="implements"),
            cite("21/QĐ-TTg", date="2021-01-06", issuer="Thủ tướng Chính phủ", nested_in=0, relation_verb="implements"),
        ],
    ),
    (
        "Thông tư 12/2022/TT-BTTTT ngày 12/8/2022 về việc quy định chi tiết và hướng dẫn một số điều của Nghị "
        "định số 85/2016/NĐ-CP ngày 01/7/2016 của Chính phủ về bảo đảm an toàn hệ thống thông tin theo cấp độ",
        [
            cite("12/2022/TT-BTTTT", nested_in=None),
            cite("85/2016/NĐ-CP", date="2016-07-01", nested_in=0, relation_verb="implements"),
        ],
    ),
    (
        # a report's title: "kết quả thực hiện" is what is reported on, not a relation
        "Theo Công văn số 1762/STTTT-BCVT&CNTT ngày 29/11/2022 của Sở Thông tin và Truyền thông về việc báo cáo "
        "kết quả thực hiện Kế hoạch số 61/KH-UBND ngày 10/4/2019 của UBND tỉnh, năm 2022; Văn phòng UBND tỉnh "
        "báo cáo",
        [
            cite("1762/STTTT-BCVT&CNTT", nested_in=None),
            cite("61/KH-UBND", date="2019-04-10", nested_in=None, relation_verb=None),
        ],
    ),
    (
        "Kết quả thực hiện Kế hoạch số 61/KH-UBND ngày 10/4/2019 của UBND tỉnh trong năm 2022 và định hướng nhiệm "
        "vụ, giải pháp năm 2023",
        [cite("61/KH-UBND", type_word="Kế hoạch", date="2019-04-10", nested_in=None, relation_verb=None)],
    ),
    (
        # two citations in one list, separated by ";": neither is in the other's title
        "Nghị định số 01/2013/NĐ-CP ngày 03/01/2013 của Chính phủ quy định chi tiết thi hành một số điều của Luật "
        "Lưu trữ; Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ về quản lý, kết nối và chia sẻ dữ liệu "
        "số của cơ quan nhà nước;",
        [cite("01/2013/NĐ-CP", nested_in=None), cite("47/2020/NĐ-CP", nested_in=None, relation_verb=None)],
    ),
]


@pytest.mark.parametrize("text,expected", NESTING_CASES, ids=[c[0][:40] for c in NESTING_CASES])
def test_nesting_and_relation_verbs(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, QUANG_NGAI, expected)


# --- lists and aliases ----------------------------------------------------------------


def test_list_items_inherit_the_type_word() -> None:
    text = (
        "2. UBND tỉnh đã ban hành các Quyết định: số 862/QĐ-UBND ngày 04/7/2022 về danh mục cơ sở dữ liệu dùng "
        "chung tỉnh Quảng Ngãi; số 906/QĐ-UBND ngày 11/7/2022 về Kế hoạch thực hiện Chiến lược quốc gia phát "
        "triển kinh tế số và xã hội số giai đoạn 2022 - 2025 trên địa bàn tỉnh Quảng Ngãi; Kế hoạch số "
        "117/KH-UBND ngày 01/8/2022 về thông tin cơ sở."
    )
    check(text, QUANG_NGAI, [
        cite("862/QĐ-UBND", type_word="Quyết định", date="2022-07-04", issuer="UBND tỉnh Quảng Ngãi",
             title="danh mục cơ sở dữ liệu dùng chung tỉnh Quảng Ngãi", nested_in=None),
        cite("906/QĐ-UBND", type_word="Quyết định", date="2022-07-11", nested_in=None),
        cite("117/KH-UBND", type_word="Kế hoạch", date="2022-08-01", nested_in=None),
    ])


ALIAS_CASES = [
    (
        "Thực hiện Quyết định số 03/QĐ-BCĐ ngày 07/6/2023 của Ban chỉ đạo chuyển đổi số tỉnh về ban hành Kế hoạch "
        "thực hiện năm dữ liệu số, tạo lập và khai thác dữ liệu để tạo ra giá trị mới năm 2023 tỉnh Quảng Ngãi "
        "(gọi tắt Quyết định 03):",
        "03/QĐ-BCĐ",
        "Quyết định 03",
    ),
    (
        "Quyết định số 765/QĐ-UBND ngày 01/8/2022 của UBND tỉnh Quảng Ngãi (sau đây viết tắt là Quyết định số 765) "
        "về việc ban hành kế hoạch.",
        "765/QĐ-UBND",
        "Quyết định số 765",
    ),
]


@pytest.mark.parametrize("text,written,alias", ALIAS_CASES, ids=["gọi tắt", "sau đây viết tắt là"])
def test_alias(text: str, written: str, alias: str) -> None:
    found = cites(text, QUANG_NGAI)
    assert [(m.written, m.alias) for m in found] == [(written, alias)]


def test_issuer_of_an_aliased_citation() -> None:
    (m,) = cites(ALIAS_CASES[0][0], QUANG_NGAI)
    assert (m.type_word, m.date, m.issuer) == ("Quyết định", "2023-06-07", "Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Ngãi")


@pytest.mark.parametrize("text,written,alias", ALIAS_CASES, ids=["gọi tắt", "sau đây viết tắt là"])
def test_alias_is_not_part_of_the_title(text: str, written: str, alias: str) -> None:
    (m,) = cites(text, QUANG_NGAI)
    assert m.title is not None and alias not in m.title and "tắt" not in m.title


def test_spans_point_at_the_citation() -> None:
    text = normalize("Thực hiện Kế hoạch số 199/KH-UBND ngày 11/12/2023 của UBND tỉnh Bắc Giang về chuyển đổi số.").text
    (m,) = find_citations(text)
    assert text[m.start:m.end] == "Kế hoạch số 199/KH-UBND"
    assert text[m.start:m.tail_end] == "Kế hoạch số 199/KH-UBND ngày 11/12/2023 của UBND tỉnh Bắc Giang"
    assert text[slice(*m.title_span)].strip().startswith("về chuyển đổi số")


def test_text_without_citations() -> None:
    assert cites("Ngày 11/7/2022, tổ chức họp trực báo chuyển đổi số giai đoạn 2021-2025; phủ sóng 2G/3G/4G.") == []
