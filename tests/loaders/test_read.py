"""Tests of loaders.read: every format, every encoding, every refusal."""

from __future__ import annotations

import codecs
import io
import os
import random
import time
import unicodedata
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import read
from loaders.model import CancuError, ReadError
from loaders.read import SUPPORTED_SUFFIXES, iter_paths, read_source

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
PLAN_DOCX = FORMATS / "plan_with_task_table.docx"
DECISION_PDF = FORMATS / "decision.pdf"
NOTICE_HTML = FORMATS / "notice.html"

VIETNAMESE = (
    "QUYẾT ĐỊNH\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
    "Điều 2. Giao Sở Nội vụ chủ trì, phối hợp với Công an tỉnh thực hiện.\n"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in nfc(text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = nfc("".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


def refused(path: Path, **kwargs: int) -> str:
    with pytest.raises(ReadError) as info:
        read_source(path, **kwargs)
    message = str(info.value)
    assert str(path) in message, "the message must name the file"
    return message


# --- docx -----------------------------------------------------------------------------


def test_docx_fixture_reads_paragraphs_in_document_order() -> None:
    source = read_source(PLAN_DOCX)
    assert (source.name, source.path, source.format) == (PLAN_DOCX.name, str(PLAN_DOCX), "docx")
    assert source.encoding is None and source.notes == ()
    lines = source.text.split("\n")
    assert "Số: 12/KH-SKHCN\tĐồng Tháp, ngày 05 tháng 3 năm 2025" in lines
    # Cell paragraphs become one line joined by a space.
    assert lines[0] == (
        "UBND TỈNH ĐỒNG THÁP SỞ KHOA HỌC VÀ CÔNG NGHỆ\t"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    )
    can_cu = [line for line in lines if line.startswith("Căn cứ ")]
    assert len(can_cu) == 2 and all(line.endswith(";") for line in can_cu)
    order = ["KẾ HOẠCH", "Căn cứ Quyết định số 749/QĐ-TTg", "I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ CỤ THỂ",
             "STT\tNội dung nhiệm vụ", "III. TỔ CHỨC THỰC HIỆN", "PHÓ GIÁM ĐỐC"]  # fmt: skip
    positions = [source.text.index(fragment) for fragment in order]
    assert positions == sorted(positions)
    # One paragraph per line; the one empty paragraph is the only blank line.
    assert source.text.count("\n\n") == 1
    assert "hoàn thành.\n\nII. NHIỆM VỤ CỤ THỂ" in source.text
    assert "không được đọc" not in source.text  # header and footer skipped


def test_docx_task_table_rows_are_tab_separated_with_merged_cells_once() -> None:
    # The fixture really has the merges: python-docx repeats the spanned cell.
    table = docx.Document(str(PLAN_DOCX)).tables[1]
    assert [cell.text for cell in table.rows[1].cells] == ["I"] + ["Hạ tầng số"] * 4
    assert table.cell(3, 2).text == "Văn phòng Sở"

    lines = read_source(PLAN_DOCX).text.split("\n")
    start = lines.index("II. NHIỆM VỤ CỤ THỂ") + 1
    assert lines[start : start + 5] == [
        "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện",
        "I\tHạ tầng số",
        "1\tNâng cấp hệ thống hội nghị truyền hình trực tuyến của Sở\tVăn phòng Sở\t"
        "Viễn thông Đồng Tháp\tQuý II/2025",
        "2\tSố hóa hồ sơ, kết quả giải quyết thủ tục hành chính\t\t"
        "Trung tâm Phục vụ hành chính công tỉnh\tTháng 6/2025",
        "3\tXây dựng cơ sở dữ liệu nhiệm vụ khoa học và công nghệ cấp tỉnh\tPhòng Quản lý khoa học\t"
        "Sở Nội vụ; Sở Tài chính\tNăm 2025",
    ]
    assert lines[start + 5] == "III. TỔ CHỨC THỰC HIỆN"


def test_docx_vertical_merge_continuation_is_empty_even_with_stale_text(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for r, values in enumerate([["1", "Việc A", "Sở Nội vụ"], ["2", "Việc B", ""]]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(0, 2).merge(table.cell(1, 2))
    table.cell(0, 2).text = "Sở Nội vụ"
    # Some editors leave text in the continuation cell; Word does not show it.
    continuation = table._tbl.tr_lst[1].tc_lst[2]
    assert continuation.vMerge == "continue"
    continuation.p_lst[0].add_r().text = "chữ thừa"
    path = tmp_path / "vmerge.docx"
    document.save(str(path))

    assert read_source(path).text == "1\tViệc A\tSở Nội vụ\n2\tViệc B\t"


def test_docx_content_control_paragraphs_are_read_in_place(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("Kính gửi:")
    wrapped = document.add_paragraph("Sở Nội vụ tỉnh Đồng Tháp")._p
    document.add_paragraph("Nội dung như sau.")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped.addprevious(sdt)
    sdt.append(content)
    content.append(wrapped)  # moves the paragraph into the content control
    path = tmp_path / "sdt.docx"
    document.save(str(path))

    assert read_source(path).text == "Kính gửi:\nSở Nội vụ tỉnh Đồng Tháp\nNội dung như sau."


def test_docx_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Phụ lục")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "1"
    cell = outer.cell(0, 1)
    cell.text = "Phân công:"
    inner = cell.add_table(rows=2, cols=2)
    for r, (role, agency) in enumerate([("Chủ trì", "Sở Nội vụ"), ("Phối hợp", "Công an\ttỉnh")]):
        inner.cell(r, 0).text = role
        inner.cell(r, 1).text = agency
    document.add_paragraph("Hết.")
    path = tmp_path / "nested.docx"
    document.save(str(path))

    assert read_source(path).text == ("Phụ lục\n1\tPhân công: Chủ trì Sở Nội vụ Phối hợp Công an tỉnh\nHết.")


# --- pdf ------------------------------------------------------------------------------


def test_pdf_fixture_reads_text_layer_pages_joined_by_blank_line() -> None:
    source = read_source(DECISION_PDF)
    assert (source.format, source.encoding, source.notes) == ("pdf", None, ())
    text = nfc(source.text)
    assert "Số: 356/QĐ-UBND" in text
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;" in text
    assert "Điều 2. Giao Sở Nội vụ chủ trì, phối hợp với" in text
    # Two pages: exactly one page break, right before Điều 3 (first line of page 2).
    assert text.count("\n\n") == 1
    assert "\n\nĐiều 3. Chánh Văn phòng" in text


def _pdf_bytes(writer: pypdf.PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_with_some_empty_pages_gets_a_note(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=str(DECISION_PDF))
    writer.add_blank_page(595, 842)
    source = read_source(write(tmp_path, "with_blank.pdf", _pdf_bytes(writer)))
    assert "Điều 2." in nfc(source.text)
    assert source.notes == ("1 of 3 pages had no text",)


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    message = refused(write(tmp_path, "scan.pdf", _pdf_bytes(writer)))
    assert "2 page(s) without text: no text layer (scanned?); OCR is not supported" in message


def _locked_pdf(tmp_path: Path) -> Path:
    writer = pypdf.PdfWriter(clone_from=str(DECISION_PDF))
    writer.encrypt(user_password="matkhau", owner_password="chu-so-huu")
    return write(tmp_path, "locked.pdf", _pdf_bytes(writer))


def test_encrypted_pdf_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fallback(*args: object) -> list[str]:
        raise AssertionError("pdfminer's password error must not fall back to pypdf")

    monkeypatch.setattr(read, "_pypdf_pages", no_fallback)
    message = refused(_locked_pdf(tmp_path))
    assert "expected an unencrypted PDF, found a password-protected (encrypted) PDF" in message


def test_encrypted_pdf_is_refused_by_the_pypdf_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pdfminer_fails(data: bytes, notes: list[str]) -> list[str]:
        raise read.PdfminerException(ValueError("unsupported"))

    monkeypatch.setattr(read, "_pdfplumber_pages", pdfminer_fails)
    assert "found a password-protected (encrypted) PDF" in refused(_locked_pdf(tmp_path))


def test_pdf_encrypted_without_user_password_is_read_with_a_note(tmp_path: Path) -> None:
    # Common for official PDFs: "protected" against editing, but readable by anyone.
    writer = pypdf.PdfWriter(clone_from=str(DECISION_PDF))
    writer.encrypt(user_password="", owner_password="chu-so-huu")
    source = read_source(write(tmp_path, "protected.pdf", _pdf_bytes(writer)))
    assert "Điều 2. Giao Sở Nội vụ" in nfc(source.text)
    assert any("encrypted" in note for note in source.notes)


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4000)
    message = refused(write(tmp_path, "broken.pdf", data))
    assert "expected a readable PDF, found a corrupt PDF" in message
    assert "pdfminer:" in message and "pypdf:" in message


def test_truncated_pdf_header_only_is_refused(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "cut.pdf", DECISION_PDF.read_bytes()[:600]))
    assert "expected a readable PDF, found a corrupt PDF (pdfminer: " in message


def test_pdf_falls_back_to_pypdf_when_pdfminer_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def pdfminer_fails(data: bytes, notes: list[str]) -> list[str]:
        raise read.PdfminerException(ValueError("boom"))

    monkeypatch.setattr(read, "_pdfplumber_pages", pdfminer_fails)
    source = read_source(DECISION_PDF)
    assert "Điều 2. Giao Sở Nội vụ" in nfc(source.text)
    assert source.notes == ("pdfminer could not read the file (boom); text extracted with pypdf",)


# --- html -----------------------------------------------------------------------------


def test_html_fixture_reads_visible_text_by_blocks() -> None:
    source = read_source(NOTICE_HTML)
    assert (source.format, source.encoding, source.notes) == ("html", "utf-8", ())
    lines = source.text.split("\n")
    assert lines[:3] == [
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
        "Số: 89/TB-VPUBND Đồng Tháp, ngày 21 tháng 3 năm 2025",  # &nbsp; run collapsed
        "THÔNG BÁO",
    ]
    assert "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về tiến độ chuyển đổi số" in lines
    assert "Kế hoạch số 45/KH-UBND<sup>1</sup> của Ủy ban nhân dân tỉnh." in source.text
    assert (
        lines[-1]
        == "<sup>1</sup> Kế hoạch số 45/KH-UBND ngày 20 tháng 02 năm 2025 về chuyển đổi số năm 2025."
    )
    for hidden in ("dataLayer", "không được đọc", "Cổng thông tin", "border", "footer"):
        assert hidden not in source.text
    assert "\n\n" not in source.text and "  " not in source.text


def test_html_table_rows_are_tab_separated() -> None:
    lines = read_source(NOTICE_HTML).text.split("\n")
    start = lines.index("STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn")
    assert lines[start + 1 : start + 3] == [
        "1\tHoàn thành kết nối Hệ thống thông tin giải quyết thủ tục hành chính với Cơ sở dữ liệu "
        "quốc gia về dân cư\tSở Khoa học và Công nghệ\t30/4/2025",
        "2\tRà soát, cắt giảm thủ tục hành chính & giấy tờ công dân\tSở Nội vụ\t31/5/2025",
    ]


def test_html_spans_breaks_and_blank_lines(tmp_path: Path) -> None:
    html = """<html><body>
    <p>Dòng một<br>Dòng hai<br><br><br><br>Dòng ba</p>
    <table>
      <tr><th>STT</th><th>Nội dung</th><th>Chủ trì</th><th>Phối hợp</th></tr>
      <tr><td>I</td><td colspan="3"><i>Nhóm</i> nhiệm vụ</td></tr>
      <tr><td>1</td><td>Việc A</td><td rowspan="2">Sở Nội vụ</td><td>Công an tỉnh</td></tr>
      <tr><td>2</td><td>Việc B</td><td>Sở Tài chính</td></tr>
      <tr><td rowspan="2" colspan="2">Gộp</td><td>X</td><td>Y</td></tr>
      <tr><td>Z</td><td>W</td></tr>
      <tr><td colspan="2">Nhóm II</td><td rowspan="2">Sở Y tế</td><td>C</td></tr>
      <tr><td>3</td><td>Việc C</td><td>Sở Tài chính</td></tr>
    </table>
    <ul><li>một</li><li>hai <span>ba</span></li></ul>
    </body></html>"""
    text = read_source(write(tmp_path, "page.htm", html.encode("utf-8"))).text
    assert text.split("\n") == [
        "Dòng một",
        "Dòng hai",
        "",
        "Dòng ba",
        "STT\tNội dung\tChủ trì\tPhối hợp",
        "I\tNhóm nhiệm vụ",
        "1\tViệc A\tSở Nội vụ\tCông an tỉnh",
        "2\tViệc B\t\tSở Tài chính",  # covered by the rowspan: empty, columns stay aligned
        "Gộp\tX\tY",
        "\tZ\tW",  # one empty cell for the 2-column rowspan, as docx gives one w:tc
        "Nhóm II\tSở Y tế\tC",
        "3\tViệc C\t\tSở Tài chính",  # the colspan shifts the covered column to the third
        "một",
        "hai ba",
    ]


def test_html_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    html = (
        "<table><tr><td>1</td><td>Giao:<table><tr><td>Chủ trì</td><td>Sở Nội vụ</td></tr>"
        "<tr><td>Phối hợp</td><td>Sở Tài chính</td></tr></table></td></tr>"
        "<tr><td>2</td><td>Báo cáo</td></tr></table>"
    )
    source = read_source(write(tmp_path, "nested.html", html.encode()))
    assert source.text == "1\tGiao: Chủ trì Sở Nội vụ Phối hợp Sở Tài chính\n2\tBáo cáo"


def test_html_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    html = "<div>" * 5000 + "Sâu" + "</div>" * 5000
    message = refused(write(tmp_path, "deep.html", html.encode()))
    assert "expected html content of ordinary nesting depth, found elements nested too deeply" in message


def test_html_declared_charset_wins_over_detection(tmp_path: Path) -> None:
    data = '<meta charset="windows-1252"><p>Café crème brûlée, élevé à Hà Nội?</p>'
    source = read_source(write(tmp_path, "fr.html", data.replace("ộ", "o").encode("cp1252")))
    assert (source.encoding, source.notes) == ("cp1252", ())
    assert source.text == "Café crème brûlée, élevé à Hà Noi?"


def test_html_wrong_declared_charset_is_ignored_with_a_note(tmp_path: Path) -> None:
    data = b'<meta charset="utf-8"><p>' + to_cp1258("Điều 2. Giao Sở Nội vụ chủ trì") + b"</p>"
    source = read_source(write(tmp_path, "wrong.html", data))
    assert source.encoding == "cp1258"
    assert nfc(source.text) == "Điều 2. Giao Sở Nội vụ chủ trì"
    assert source.notes[0] == "declared charset 'utf-8' does not decode the file; ignored"


def test_html_declared_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    body = "<p>Điều 2. Giao Sở Nội vụ chủ trì</p>"
    data = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    data += b"</head><body>" + to_cp1258(body) + b"</body></html>"
    source = read_source(write(tmp_path, "legacy.html", data))
    assert source.encoding == "cp1258"
    assert nfc(source.text) == "Điều 2. Giao Sở Nội vụ chủ trì"


# --- plain text and encodings ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "note"),
    [
        (VIETNAMESE.encode("utf-8"), "utf-8", None),
        (codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8"), "utf-8", "UTF-8 BOM removed"),
        (codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le"), "utf-16-le", "UTF-16 LE BOM removed"),
        (codecs.BOM_UTF16_BE + VIETNAMESE.encode("utf-16-be"), "utf-16-be", "UTF-16 BE BOM removed"),
        (VIETNAMESE.encode("utf-16-le"), "utf-16-le", "NUL-byte pattern"),
        (VIETNAMESE.encode("utf-16-be"), "utf-16-be", "NUL-byte pattern"),
        (to_cp1258(VIETNAMESE), "cp1258", "cp1258"),
        (to_cp1258("Đồng Tháp"), "cp1258", "cp1258"),  # too short for charset-normalizer
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1258", "cp1258-short"],
)
def test_text_encodings(tmp_path: Path, data: bytes, encoding: str, note: str | None) -> None:
    source = read_source(write(tmp_path, "vb.txt", data))
    expected = VIETNAMESE if len(data) > 40 else "Đồng Tháp"
    assert (source.format, source.encoding) == ("txt", encoding)
    assert nfc(source.text) == expected
    assert not source.text.startswith("\ufeff")
    if note is None:
        assert source.notes == ()
    else:
        assert len(source.notes) == 1 and note in source.notes[0]


def test_cp1258_text_is_kept_decomposed(tmp_path: Path) -> None:
    # No normalisation: Windows-1258 tone marks stay combining characters.
    text = read_source(write(tmp_path, "cu.txt", to_cp1258("Nội vụ"))).text
    assert text == "N\u00f4\u0323i vu\u0323" and text != nfc(text)


def test_other_legacy_encoding_is_left_to_charset_normalizer(tmp_path: Path) -> None:
    russian = "Постановление правительства о порядке исполнения бюджета на текущий год. " * 3
    source = read_source(write(tmp_path, "ru.txt", russian.encode("cp1251")))
    assert source.text == russian
    assert source.notes == ("encoding guessed as cp1251 by charset-normalizer",)


def test_text_is_kept_verbatim_except_line_endings(tmp_path: Path) -> None:
    raw = "# Tiêu đề\r\n<b>Điều 1.</b>  Giao &amp; e\u0301\rHết\n"
    source = read_source(write(tmp_path, "note.md", raw.encode("utf-8")))
    assert source.format == "md"
    assert source.text == "# Tiêu đề\n<b>Điều 1.</b>  Giao &amp; e\u0301\nHết\n"


def test_unknown_extension_is_read_as_text_with_a_note(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "cong_van.log", "Kính gửi: Sở Nội vụ".encode()))
    assert (source.format, source.text) == ("txt", "Kính gửi: Sở Nội vụ")
    assert source.notes == ("unknown extension '.log': read as plain text",)


TEXT_ALPHABET = st.characters(categories=("L", "M", "N", "P", "Zs"), exclude_characters="\ufeff")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.one_of(TEXT_ALPHABET, st.sampled_from("\n\r")), min_size=1).filter(str.strip),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_unicode_round_trip(tmp_path: Path, text: str, encoding: str) -> None:
    source = read_source(write(tmp_path, "rt.txt", text.encode(encoding)))
    assert source.text == text.replace("\r\n", "\n").replace("\r", "\n")


# --- refusals -------------------------------------------------------------------------


def test_read_error_is_a_cancu_error() -> None:
    assert issubclass(ReadError, CancuError)


def test_missing_file(tmp_path: Path) -> None:
    assert "nothing at that path (no such file or directory)" in refused(tmp_path / "khong-co.docx")


def test_directory(tmp_path: Path) -> None:
    assert "expected a file, found a directory" in refused(tmp_path)


def test_device_file() -> None:
    assert "found a device, pipe or socket" in refused(Path(os.devnull))


def test_empty_file(tmp_path: Path) -> None:
    assert "expected document text, found an empty file (0 bytes)" in refused(write(tmp_path, "e.txt", b""))


@pytest.mark.parametrize(
    ("name", "data"),
    [("blank.txt", b" \r\n\t \n"), ("blank16.txt", " \n \n".encode("utf-16")), ("blank.html", b"<p> </p>")],
)
def test_whitespace_only_file(tmp_path: Path, name: str, data: bytes) -> None:
    assert "expected document text, found only whitespace" in refused(write(tmp_path, name, data))


def test_empty_docx(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert "only whitespace after reading it as docx" in refused(path)


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    data = random.Random(1).randbytes(3000) + b"\x00\x00"
    assert "expected text, found binary data (NUL bytes)" in refused(write(tmp_path, "data.txt", data))


def test_binary_file_of_control_characters(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 50
    assert "control characters" in refused(write(tmp_path, "ctl.txt", data))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (DECISION_PDF.read_bytes(), "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "a legacy Office file (.doc/.xls)"),
        (b"{\\rtf1\\ansi Quyet dinh}", "an RTF document"),
    ],
    ids=["pdf", "doc", "rtf"],
)
def test_other_format_with_text_extension_is_named(tmp_path: Path, data: bytes, kind: str) -> None:
    assert kind in refused(write(tmp_path, "renamed.txt", data))


def test_undecodable_text(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + to_cp1258("Điều 1. Phạm vi")
    message = refused(write(tmp_path, "mixed.txt", data))
    assert "expected UTF-8 text after its byte order mark, found undecodable bytes" in message


def test_file_over_max_bytes(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "big.txt", b"a" * 101), max_bytes=100)
    assert "expected a file within the max_bytes limit of 100 bytes, found a file of 101 bytes" in message
    assert read_source(tmp_path / "big.txt", max_bytes=101).text == "a" * 101


def test_50_mb_file_is_refused_by_the_default_limit_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    started = time.perf_counter()
    message = refused(path)
    assert time.perf_counter() - started < 1.0
    assert "limit of 32.0 MiB (33554432 bytes), found a file of 50.0 MiB (52428800 bytes)" in message


def test_corrupt_docx(tmp_path: Path) -> None:
    data = random.Random(3).randbytes(5000)
    message = refused(write(tmp_path, "hong.docx", data))
    assert "expected a .docx file (a Word zip package), found data that is not a zip archive" in message


def test_legacy_doc_renamed_docx(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    assert "a legacy Office file (.doc/.xls)" in refused(write(tmp_path, "cu.docx", data))


def test_zip_that_is_not_a_word_package(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bao_cao.txt", "Báo cáo")
    message = refused(write(tmp_path, "zip.docx", buffer.getvalue()))
    assert "found a broken Word package" in message


def test_zip_bomb_docx_is_refused_before_opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.docx"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(chunk)
    assert path.stat().st_size < 5 * 1024 * 1024

    def must_not_open(*args: object) -> None:
        raise AssertionError("python-docx opened a zip bomb")

    monkeypatch.setattr(read.docx, "Document", must_not_open)
    message = refused(path)
    assert "expected a .docx that unzips to at most 200.0 MiB" in message
    assert "found a zip declaring 300.0 MiB" in message and "zip bomb" in message


def test_zip_limit_follows_max_bytes(tmp_path: Path) -> None:
    # A real docx unzips to several times its size and still passes at the tightest limit.
    assert read_source(PLAN_DOCX, max_bytes=PLAN_DOCX.stat().st_size).format == "docx"
    path = tmp_path / "padded.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/padding.bin", bytes(20 * 1024 * 1024))
    assert "at most 16.0 MiB" in refused(path, max_bytes=50_000)  # the floor
    assert "zip bomb" not in refused(path, max_bytes=2 * 1024 * 1024)  # 40 MiB: opened, not Word


# --- iter_paths -----------------------------------------------------------------------


def test_iter_paths_expands_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for relative in [
        "b.txt", "a.md", "z.PDF", "notes.xlsx", ".hidden.txt", "~$lock.docx",
        "sub/c.docx", "sub/d.html", "sub/e.htm", "sub/deeper/f.txt", "sub/image.png", ".git/g.txt",
    ]:  # fmt: skip
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (root / "sub" / "loop").symlink_to(root)  # must not recurse forever
    explicit = write(tmp_path, "given.xyz", b"x")
    missing = tmp_path / "missing.docx"

    found = list(iter_paths([root, str(explicit), missing]))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "corpus/a.md",
        "corpus/b.txt",
        "corpus/sub/c.docx",
        "corpus/sub/d.html",
        "corpus/sub/deeper/f.txt",
        "corpus/sub/e.htm",
        "corpus/z.PDF",
        "given.xyz",
        "missing.docx",
    ]
    assert all(isinstance(p, Path) for p in found)


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".docx", ".pdf", ".html", ".htm"} == SUPPORTED_SUFFIXES
