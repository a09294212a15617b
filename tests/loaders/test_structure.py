"""Tests of loaders.structure.layout: numbered sections and tab-separated tables."""
from __future__ import annotations

import pytest

from loaders.normalize import normalize
from loaders.structure import Layout, Section, layout

REPORT = """BÁO CÁO
I. Kết quả thực hiện
1. Việc quản lý, sử dụng kinh phí
a) Kết quả thực hiện việc quản lý, sử dụng kinh phí
2. Khó khăn, kiến nghị
2.1. Căn cứ áp dụng: Công văn số 639/BNV-VP ngày 21/2/2023 của Bộ Nội vụ.
2.2. Kinh phí và nguồn vốn: 90 triệu đồng; nguồn ngân sách tỉnh (NST).
II. Khó khăn, kiến nghị
1. Tại Quyết định số 03/QĐ-BCĐ
III. Định hướng năm 2024
"""


def tree(lay: Layout) -> list[tuple[str, int, str | None]]:
    """(mark, level, parent's mark) of every section, in order."""
    return [(s.mark, s.level, s.parent.mark if s.parent else None) for s in lay.sections]


def by_heading(lay: Layout, heading: str) -> Section:
    (sec,) = [s for s in lay.sections if s.heading.startswith(heading)]
    return sec


def test_numbered_sections_nest() -> None:
    lay = layout(REPORT)
    parents = [(mark, parent) for mark, _, parent in tree(lay) if mark not in ("I.", "II.", "III.")]
    assert parents == [("1.", "I."), ("a)", "1."), ("2.", "I."), ("2.1.", "2."), ("2.2.", "2."), ("1.", "II.")]
    money = by_heading(lay, "Kinh phí và nguồn vốn")
    assert money.parent is not None and money.parent.heading == "Khó khăn, kiến nghị"
    assert [c.mark for c in money.parent.children] == ["2.1.", "2.2."]
    levels = {mark: level for mark, level, _ in tree(lay)}
    assert levels["II."] < levels["1."] < levels["2.1."] < levels["a)"]


def test_section_spans() -> None:
    lay = layout(REPORT)
    basis = by_heading(lay, "Căn cứ áp dụng")
    assert REPORT[basis.start:basis.end].startswith("2.1. Căn cứ áp dụng")
    assert REPORT[basis.body_start:].startswith("Căn cứ áp dụng")
    assert basis.end == by_heading(lay, "Kinh phí và nguồn vốn").start
    pos = REPORT.index("639/BNV-VP")
    assert lay.section_at(pos) is basis
    line = lay.line_at(pos)
    assert line is not None and line.text.startswith("2.1. Căn cứ áp dụng")


def test_roman_parts_are_siblings() -> None:
    lay = layout(REPORT)
    parts = [(mark, level, parent) for mark, level, parent in tree(lay) if mark in ("I.", "II.", "III.")]
    assert parts == [("I.", 2, None), ("II.", 2, None), ("III.", 2, None)]


def test_articles_are_siblings() -> None:
    text = "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Giao Sở Nội vụ chủ trì.\nĐiều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành.\n"
    lay = layout(text)
    assert tree(lay) == [("Điều 1.", 1, None), ("Điều 2.", 1, None), ("Điều 3.", 1, None)]
    assert by_heading(lay, "Giao Sở Nội vụ").heading == "Giao Sở Nội vụ chủ trì."


def test_heading_on_the_next_line_of_a_roman_mark() -> None:
    # extra/03: "**I.\nNÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY**"
    text = normalize("**I.\nNÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY**\n\n1. Tuyên truyền\n").text
    lay = layout(text)
    assert [(s.mark, s.heading) for s in lay.sections][:2] == [("I.", "NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"), ("1.", "Tuyên truyền")]


def test_heading_on_the_next_line_of_an_arabic_mark() -> None:
    text = normalize("II. NỘI DUNG\n\n3.\nTổ chức thực hiện các nhiệm vụ\n\n4. Khác\n").text
    lay = layout(text)
    assert [(s.mark, s.heading) for s in lay.sections] == [("II.", "NỘI DUNG"), ("3.", "Tổ chức thực hiện các nhiệm vụ"), ("4.", "Khác")]


TABLE = """II. NHIỆM VỤ CỤ THỂ
Đơn vị: triệu đồng
STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian
I\tHạ tầng số
1\tNâng cấp phòng họp trực tuyến\tVăn phòng Sở\tCác phòng thuộc Sở\tQuý II/2024
\tvà hội nghị truyền hình của Sở\t\t\t
2\tSố hóa hồ sơ, kết quả giải quyết thủ tục hành chính\t\t\tNăm 2024

III. TỔ CHỨC THỰC HIỆN
"""


def test_table_header_rows_and_caption() -> None:
    lay = layout(TABLE)
    (table,) = lay.tables
    assert table.header == ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
    assert table.header_index == 0
    assert "Đơn vị: triệu đồng" in table.caption
    rows = [[c.text for c in r.cells] for r in table.rows]
    # the group row stays; the row cut by a page break joins the row before it
    assert rows[1] == ["I", "Hạ tầng số"]
    assert rows[2] == ["1", "Nâng cấp phòng họp trực tuyến và hội nghị truyền hình của Sở", "Văn phòng Sở", "Các phòng thuộc Sở", "Quý II/2024"]
    assert rows[3] == ["2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "", "", "Năm 2024"]
    assert len(rows) == 4


def test_table_cells_point_into_the_text() -> None:
    lay = layout(TABLE)
    (table,) = lay.tables
    for row in table.rows:
        for cell in row.cells:
            if cell.text and "\n" not in TABLE[cell.start:cell.end]:
                assert TABLE[cell.start:cell.end] == cell.text
    first = table.rows[2].cells[2]
    assert TABLE[first.start:first.end] == "Văn phòng Sở"


def test_text_without_tables_or_sections() -> None:
    lay = layout("Sở Nội vụ báo cáo như sau:\nKết quả tốt.")
    assert (lay.sections, lay.tables) == ([], [])
    assert [ln.text for ln in lay.lines] == ["Sở Nội vụ báo cáo như sau:", "Kết quả tốt."]


CLOSINGS = [
    ("Trên đây là báo cáo./.\n\nNơi nhận:\n\n- Sở Thông tin và Truyền thông;\n- Lưu: VT, VP.\n\nGIÁM ĐỐC\n\nTạ Công Dũng\n",
     ["Sở Thông tin và Truyền thông", "Lưu: VT, VP"], "GIÁM ĐỐC", "Tạ Công Dũng"),
    ("…/.\n\nNơi nhận: - Bộ Khoa học và Công nghệ; - CT, các PCT UBND Tỉnh; - Lưu: VT.\tTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Huỳnh Minh Tuấn\n",
     ["Bộ Khoa học và Công nghệ", "CT, các PCT UBND Tỉnh", "Lưu: VT"], "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Huỳnh Minh Tuấn"),
    ("Không có phần kết.", [], None, None),
]


@pytest.mark.parametrize("text,recipients,role,name", CLOSINGS)
def test_closing_reads_recipients_and_signer(text, recipients, role, name):
    c = layout(text).closing
    assert (c.recipients, c.signer_role, c.signer_name) == (recipients, role, name)
