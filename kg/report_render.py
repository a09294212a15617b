"""The budget report written out: html (printable), md, csv, xlsx and docx.

`render(report, fmt)` gives bytes for every format; `TEXT_FORMATS` are the ones that can go to
a terminal.  Every format carries the same rows, checks, totals and header, in Vietnamese: a
reviewer at a department or a ministry reads them as they are.

* html: one self-contained page; print CSS for A4 landscape with the table header repeated on
  every page; every string from the store passes through `html.escape`.
* csv: UTF-8 with a byte-order mark, so that Excel shows the diacritics; amounts as integers.
* xlsx: a sheet of items, one of bases, one of totals and one saying where the data came from;
  frozen header rows, filters, amounts as numbers formatted `#,##0 "đ"` (Excel groups the
  digits as the reader's locale does: 1.240.000.000 đ on a Vietnamese system).
* docx: A4 landscape, Times New Roman, a title, the table with a header row repeated on each page.
"""
from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kg.budget_report import INFO, OK, WARNING, Basis, BudgetReport, BudgetRow, Check, format_date, format_vnd

__all__ = ["FORMATS", "MEDIA_TYPES", "TEXT_FORMATS", "render"]

TITLE = "BÁO CÁO CĂN CỨ PHÁP LÝ CÁC KHOẢN KINH PHÍ"
COLUMNS = ["STT", "Đơn vị", "Nhiệm vụ", "Loại", "Kinh phí (đồng)", "Theo năm", "Nguồn vốn",
           "Văn bản phân bổ", "Căn cứ pháp lý", "Kiểm tra"]
BASIS_COLUMNS = ["STT", "Nhiệm vụ", "Đơn vị", "Căn cứ", "Loại văn bản", "Số, ký hiệu", "Ngày", "Cơ quan ban hành",
                 "Trích yếu", "Toàn văn", "Chuỗi căn cứ"]
TOTAL_NAMES = {"agency": "Đơn vị", "year": "Năm", "fund": "Nguồn vốn"}
LEVEL_WORDS = {WARNING: "Cảnh báo", INFO: "Lưu ý", OK: "Đạt"}
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = tuple(MEDIA_TYPES)
TEXT_FORMATS = ("html", "md", "csv")
XLSX_MONEY = '#,##0 "đ"'

# Characters XML 1.0 cannot hold: openpyxl and python-docx refuse them with an exception, and
# they reach the report from a visitor's `agency` filter or from a document's own text.
_NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Word writes a manual line break as a vertical tab and a page break as a form feed.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def xml_text(text: str) -> str:
    """`text` with what an xlsx or docx cannot hold dropped; Word's line and page breaks become newlines.

    >>> xml_text("Sở\\x00 Nội\\x0bvụ\\x1f")
    'Sở Nội\\nvụ'
    """
    return _NOT_XML.sub("", text.translate(_BREAKS))


def _xml_cell(value: object) -> object:
    return xml_text(value) if isinstance(value, str) else value


# --------------------------------------------------------------------------- shared wording


def check_text(c: Check) -> str:
    return f"{LEVEL_WORDS[c.level]}: {c.text}"


def basis_text(b: Basis) -> str:
    """A basis cited as documents cite it: "Quyết định 673/QĐ-UBND ngày 17/7/2023 của UBND tỉnh Quảng Ngãi"."""
    text = b.label + (" (trung ương)" if b.national else "")
    if b.date:
        text += f" ngày {format_date(b.date)}"
    if b.issuer:
        text += f" của {b.issuer}"
    return text


def years_text(row: BudgetRow) -> str:
    return "; ".join(f"{y}: {format_vnd(a)}" if a is not None else str(y) for y, a in row.years.items())


def _header_lines(report: BudgetReport) -> list[str]:
    when = report.generated_at
    lines = [f"Lập lúc {when:%H:%M} ngày {format_date(when.date().isoformat())} ({when.tzname() or 'giờ máy'}), "
             f"từ {len(report.sources)} tệp: " + "; ".join(s.label if s.file in s.label else f"{s.file} ({s.label})"
                                                         for s in report.sources) + "."]
    scope = []
    if report.agency:
        scope.append(f"đơn vị “{report.agency}”")
    if report.year is not None:
        scope.append(f"năm {report.year} (kinh phí trong các bảng tổng hợp là phần của năm {report.year})")
    lines.append("Phạm vi: " + (", ".join(scope) if scope else "mọi đơn vị, mọi năm") + ".")
    lines.append(f"{len(report.rows)} khoản kinh phí, {report.warnings()} cảnh báo.")
    return lines


def _cells(i: int, row: BudgetRow) -> list[str]:
    """The items table's cells as text; lists are lines of one cell."""
    bases = "\n".join(basis_text(b) + "".join(f"\n  ↑ {c}" for c in b.above()) for b in row.bases)
    return [str(i), row.agency, row.title, row.kind_label, format_vnd(row.amount, unit=False), years_text(row),
            row.funding_source or "", row.allocated_by or "", bases, "\n".join(check_text(c) for c in row.checks)]


def _basis_rows(report: BudgetReport) -> list[list[str]]:
    return [[str(i), row.title, row.agency, b.label, b.type or "", b.ref or "", ", ".join(format_date(d) for d in b.dates),
             b.issuer or "", b.title or "", "đã đọc" if b.seen else "chỉ trích dẫn", "\n".join(b.chain_texts())]
            for i, row in enumerate(report.rows, 1) for b in row.bases]


def _total_rows(report: BudgetReport, by: str) -> list[list[str]]:
    return [[t.key, format_vnd(t.requested), format_vnd(t.allocated), str(t.items)] for t in report.totals_by(by)]


def _total_header(by: str) -> list[str]:
    return [TOTAL_NAMES[by], "Đề xuất", "Phân bổ", "Số khoản"]


# --------------------------------------------------------------------------- markdown


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return out


def to_md(report: BudgetReport) -> str:
    lines = [f"# {TITLE}", "", *_header_lines(report), ""]
    lines += _md_table(COLUMNS, [_cells(i, r) for i, r in enumerate(report.rows, 1)])
    for by in TOTAL_NAMES:
        lines += ["", f"## Tổng hợp theo {TOTAL_NAMES[by].lower()}", ""]
        lines += _md_table(_total_header(by), _total_rows(report, by))
    lines += ["", "## Căn cứ pháp lý", ""]
    lines += _md_table(BASIS_COLUMNS, _basis_rows(report))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- csv


def to_csv(report: BudgetReport) -> str:
    """One line per item; amounts as integers, the split by year one column per year."""
    years = sorted({y for r in report.rows for y in r.years})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["STT", "Đơn vị", "Nhiệm vụ", "Loại", "Kinh phí (đồng)", *(f"Năm {y} (đồng)" for y in years), "Nguồn vốn",
                "Văn bản phân bổ", "Căn cứ pháp lý", "Chuỗi căn cứ", "Kiểm tra", "Tệp"])
    for i, r in enumerate(report.rows, 1):
        w.writerow([i, r.agency, r.title, r.kind_label, "" if r.amount is None else r.amount,
                    *("" if r.years.get(y) is None else r.years[y] for y in years), r.funding_source or "",
                    r.allocated_by or "", "\n".join(basis_text(b) for b in r.bases),
                    "\n".join(c for b in r.bases for c in b.chain_texts()),
                    "\n".join(check_text(c) for c in r.checks), r.file or ""])
    return buf.getvalue()


# --------------------------------------------------------------------------- html

_CSS = """
@page { size: A4 landscape; margin: 15mm 12mm 15mm 15mm; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 11pt; color: #000; margin: 1em; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 .5em; }
h2 { font-size: 12pt; margin: 1.2em 0 .4em; break-after: avoid; }
p.meta { margin: .15em 0; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #444; padding: 3px 4px; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
td.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.cell-lines { white-space: pre-line; }
.chain { color: #333; font-size: 9.5pt; }
.warning { color: #a00; }
.ok { color: #060; }
.info { color: #444; }
@media print {
  body { margin: 0; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_table(header: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _html_row(i: int, row: BudgetRow) -> str:
    bases = "".join(
        f"<div>{_e(basis_text(b))}" + "".join(f"<div class=\"chain\">↑ {_e(c)}</div>" for c in b.above()) + "</div>"
        for b in row.bases)
    checks = "".join(f"<div class=\"{_e(c.level)}\">{_e(check_text(c))}</div>" for c in row.checks)
    cells = [_e(i), _e(row.agency), _e(row.title), _e(row.kind_label)]
    return ("<tr>" + "".join(f"<td>{c}</td>" for c in cells)
            + f"<td class=\"num\">{_e(format_vnd(row.amount, unit=False))}</td>"
            + f"<td class=\"cell-lines\">{_e(years_text(row).replace('; ', chr(10)))}</td>"
            + f"<td>{_e(row.funding_source or '')}</td><td>{_e(row.allocated_by or '')}</td>"
            + f"<td>{bases}</td><td>{checks}</td></tr>")


def to_html(report: BudgetReport) -> str:
    parts = ["<!DOCTYPE html>", "<html lang=\"vi\"><head><meta charset=\"utf-8\">",
             f"<title>{_e(TITLE)}</title><style>{_CSS}</style></head><body>", f"<h1>{_e(TITLE)}</h1>"]
    parts += [f"<p class=\"meta\">{_e(line)}</p>" for line in _header_lines(report)]
    parts.append(_html_table(COLUMNS, [_html_row(i, r) for i, r in enumerate(report.rows, 1)]))
    for by in TOTAL_NAMES:
        parts.append(f"<h2>Tổng hợp theo {_e(TOTAL_NAMES[by].lower())}</h2>")
        rows = ["<tr>" + f"<td>{_e(t[0])}</td>" + "".join(f"<td class=\"num\">{_e(c)}</td>" for c in t[1:]) + "</tr>"
                for t in _total_rows(report, by)]
        parts.append(_html_table(_total_header(by), rows))
    parts.append("<h2>Căn cứ pháp lý</h2>")
    parts.append(_html_table(BASIS_COLUMNS, ["<tr>" + "".join(f"<td class=\"cell-lines\">{_e(c)}</td>" for c in r) + "</tr>"
                                             for r in _basis_rows(report)]))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- xlsx

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(ws: Worksheet, header: list[str], rows: list[list[object]], widths: list[int],
           money: set[int] | frozenset[int] = frozenset()) -> None:
    """A table from A1: bold header, frozen below it, filters on, wrapped text, money columns formatted."""
    ws.append(header)
    for c in ws[1]:
        c.font, c.fill, c.alignment = _BOLD, _HEAD_FILL, _WRAP
    for r in rows:
        ws.append([_xml_cell(v) for v in r])
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = _WRAP
            if c.column - 1 in money:
                c.number_format = XLSX_MONEY
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def to_xlsx(report: BudgetReport) -> bytes:
    wb = Workbook()
    items = wb.active
    items.title = "Khoản kinh phí"
    years = sorted({y for r in report.rows for y in r.years})
    header = ["STT", "Đơn vị", "Nhiệm vụ", "Loại", "Kinh phí (đồng)", *(f"Năm {y}" for y in years), "Nguồn vốn",
              "Văn bản phân bổ", "Căn cứ pháp lý", "Kiểm tra", "Tệp"]
    rows: list[list[object]] = [
        [i, r.agency, r.title, r.kind_label, r.amount, *(r.years.get(y) for y in years), r.funding_source,
         r.allocated_by, "\n".join(basis_text(b) for b in r.bases), "\n".join(check_text(c) for c in r.checks), r.file]
        for i, r in enumerate(report.rows, 1)]
    _sheet(items, header, rows, [5, 28, 45, 10, 17, *(15 for _ in years), 10, 22, 50, 60, 24],
           money=set(range(4, 5 + len(years))))
    _sheet(wb.create_sheet("Căn cứ"), BASIS_COLUMNS, [[int(r[0]), *r[1:]] for r in _basis_rows(report)],
           [5, 40, 26, 26, 12, 16, 12, 24, 50, 12, 60])
    totals = [[TOTAL_NAMES[t.by], t.key, t.requested, t.allocated, t.items] for t in report.totals]
    _sheet(wb.create_sheet("Tổng hợp"), ["Theo", "Giá trị", "Đề xuất", "Phân bổ", "Số khoản"], totals,
           [12, 36, 20, 20, 10], money={2, 3})
    info = wb.create_sheet("Nguồn dữ liệu")
    info.append([TITLE])
    info["A1"].font = Font(bold=True, size=13)
    for line in _header_lines(report):
        info.append([xml_text(line)])
    info.append([])
    _sources = [["Tệp", "Văn bản", "Đưa vào kho lúc"], *([s.file, s.label, s.built or ""] for s in report.sources)]
    for r in _sources:
        info.append([_xml_cell(v) for v in r])
    info.column_dimensions["A"].width = 40
    info.column_dimensions["B"].width = 40
    info.column_dimensions["C"].width = 34
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- docx

FONT = "Times New Roman"


def _font(run_or_style: object, size: float | None = None, bold: bool | None = None) -> None:
    """Times New Roman for every script: Word takes East Asian and complex-script text from other slots."""
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _run(paragraph: object, text: str, size: float | None = None, bold: bool | None = None) -> None:
    """A run of `text` in Times New Roman; every text of the docx goes through here, made XML-safe."""
    _font(paragraph.add_run(xml_text(text)), size, bold)  # type: ignore[attr-defined]


def _cell(cell: object, text: str, *, size: float = 10, bold: bool = False, right: bool = False) -> None:
    paragraphs = text.split("\n") or [""]
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for n, line in enumerate(paragraphs):
        p = first if n == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        p.paragraph_format.space_after = Pt(0)
        if right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, line, size, bold)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _docx_table(doc: object, header: list[str], rows: list[list[str]], widths_mm: list[float],
                right: set[int] | frozenset[int] = frozenset()) -> None:
    table = doc.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, h in zip(table.rows[0].cells, header, strict=True):
        _cell(c, h, bold=True)
    _repeat_header(table.rows[0])
    for r in rows:
        cells = table.add_row().cells
        for i, (c, text) in enumerate(zip(cells, r, strict=True)):
            _cell(c, text, right=i in right)
    for i, w in enumerate(widths_mm):
        for c in table.columns[i].cells:
            c.width = Mm(w)


def to_docx(report: BudgetReport) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    _font(doc.styles["Normal"], 13)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, TITLE, 14, True)
    for line in _header_lines(report):
        _run(doc.add_paragraph(), line, 11)
    _docx_table(doc, COLUMNS, [_cells(i, r) for i, r in enumerate(report.rows, 1)],
                [8, 24, 38, 14, 22, 24, 12, 22, 50, 48], right={4})
    for by in TOTAL_NAMES:
        p = doc.add_paragraph()
        _run(p, f"Tổng hợp theo {TOTAL_NAMES[by].lower()}", 13, True)
        _docx_table(doc, _total_header(by), _total_rows(report, by), [90, 45, 45, 20], right={1, 2, 3})
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- entry

_TEXT: dict[str, Callable[[BudgetReport], str]] = {"html": to_html, "md": to_md, "csv": to_csv}
_BINARY: dict[str, Callable[[BudgetReport], bytes]] = {"xlsx": to_xlsx, "docx": to_docx}


def render(report: BudgetReport, fmt: str) -> bytes:
    """The report in `fmt` (one of `FORMATS`) as bytes; text formats in UTF-8, csv with a byte-order mark.

    :raises ValueError: for a format cancu does not write.
    """
    if fmt in _TEXT:
        return _TEXT[fmt](report).encode("utf-8-sig" if fmt == "csv" else "utf-8")
    if fmt in _BINARY:
        return _BINARY[fmt](report)
    raise ValueError(f"report format: expected one of {', '.join(FORMATS)}, found {fmt!r}")
