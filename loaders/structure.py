"""The layout of a normalised document: lines, numbered sections, tables, header and closing parts.

Tables arrive as tab-separated rows (the normaliser turns pipe and HTML tables into
that form).  A row whose first cell is empty continues the row before it (a table
cut by a page break).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

HEADING_RE = re.compile(
    r"^(?P<mark>(?:PHẦN|Phần|Chương|CHƯƠNG|Mục|MỤC)\s+[IVXLC\d]+\.?"
    r"|Điều\s+\d+\.?"
    r"|[IVXLC]+\.(?!\d)"
    r"|[A-Z]\.(?=\s)"
    r"|\d+(?:\.\d+){0,3}\.?(?=\s|$)"
    r"|[a-zđ]\)"
    r"|\*\."
    r"|\(\d+\))\s*"
)
BULLET_RE = re.compile(r"^(?P<mark>[-+•*–])\s+")


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Section:
    """A numbered part of the document: its heading line and the lines up to the next sibling."""

    mark: str
    level: int
    heading: str  # heading text without its mark
    start: int  # start of the heading line
    body_start: int
    end: int
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    start: int
    end: int


@dataclass
class Table:
    rows: list[Row]
    header: list[str]  # texts of the header row's cells ([] when none was found)
    header_index: int  # index of the header row, -1 when none
    start: int
    end: int
    caption: str  # the lines just before the table (title, "Đơn vị: triệu đồng" …)


@dataclass
class Closing:
    """The end of a document: who receives it ("Nơi nhận") and who signs it."""

    recipients: list[str]
    signer_role: str | None  # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "GIÁM ĐỐC"
    signer_name: str | None
    start: int  # where the closing part begins (len(text) when none was found)


@dataclass
class Layout:
    text: str
    lines: list[Line]
    sections: list[Section]
    tables: list[Table]
    footnotes: list[tuple[int, int]]
    closing: Closing | None = None
    _starts: list[int] | None = None

    def section_at(self, pos: int) -> Section | None:
        """The innermost section holding `pos`."""
        best = None
        for s in self.sections:
            if s.start <= pos < s.end and (best is None or s.start >= best.start):
                best = s
        return best

    def line_index(self, pos: int) -> int:
        if self._starts is None:
            self._starts = [ln.start for ln in self.lines]
        return max(bisect.bisect_right(self._starts, pos) - 1, 0)

    def line_at(self, pos: int) -> Line | None:
        return self.lines[self.line_index(pos)] if self.lines else None


@lru_cache(maxsize=1024)  # a few marks ("1.", "a)", "II.") head every section of every document
def _level(mark: str) -> int:
    m = mark.strip()
    if re.match(r"(?:PHẦN|Phần|Chương|CHƯƠNG|Mục|MỤC)\b", m):
        return 0
    if m.startswith("Điều"):
        return 1
    if re.fullmatch(r"[IVXLC]+\.", m):
        return 2  # "I." is the first part, not a letter heading
    if re.fullmatch(r"[A-Z]\.", m):
        return 1
    if re.fullmatch(r"\*\.", m):
        return 3
    if re.fullmatch(r"\d+\.?", m):
        return 4
    if re.fullmatch(r"\d+(?:\.\d+)+\.?", m):
        return 4 + m.rstrip(".").count(".")
    if re.fullmatch(r"[a-zđ]\)", m):
        return 8
    return 9


def split_lines(text: str) -> list[Line]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _tables(lines: list[Line]) -> list[Table]:
    tables: list[Table] = []
    # a table starts at a line with a tab: visit those lines only, not every line of the text
    tabbed = [k for k, ln in enumerate(lines) if "\t" in ln.text]
    has_tab = set(tabbed)
    j = 0
    for i in tabbed:
        if i < j:
            continue  # a row of the table before
        j = i
        rows: list[Row] = []
        # a blank line, or a one-cell group row ("I. HẠ TẦNG SỐ") between rows, does not end the table
        while j in has_tab or (j + 1 in has_tab and (not lines[j].text.strip() or (rows and len(lines[j].text) < 200))):
            ln = lines[j]
            if ln.text.strip():
                cells, pos = [], ln.start
                for part in ln.text.split("\t"):
                    lead = len(part) - len(part.lstrip())
                    cells.append(Cell(part.strip(), pos + lead, pos + lead + len(part.strip())))
                    pos += len(part) + 1
                rows.append(Row(cells, ln.start, ln.end))
            j += 1
        caption = "\n".join(ln.text for ln in lines[max(0, i - 4):i] if ln.text.strip())
        tables.append(_merge_continuations(Table(rows, [], -1, lines[i].start, lines[j - 1].end, caption)))
    return tables


_HEADER_WORDS = re.compile(
    r"\b(?:STT|TT|T\s*T|Nội dung|Nhiệm vụ|Tên|Đơn vị|Cơ quan|chủ trì|phối hợp|Thời gian|Kết quả|Ghi chú|Chỉ tiêu|Sản phẩm|Kinh phí|Địa phương)\b",
    re.I,
)


# The cells searched are the first rows of tables, most often the agency and motto of a document's
# header block, which recur from document to document; the case-insensitive search tries every
# position of a cell.
@lru_cache(maxsize=4096)
def _has_header_word(cell: str) -> bool:
    return _HEADER_WORDS.search(cell) is not None


def _merge_continuations(table: Table) -> Table:
    for k, row in enumerate(table.rows[:4]):
        hits = sum(1 for c in row.cells if c.text and _has_header_word(c.text))
        if hits >= 2:
            table.header_index = k
            table.header = [c.text for c in row.cells]
            break
    merged: list[Row] = []
    for k, row in enumerate(table.rows):
        first = row.cells[0].text if row.cells else ""
        if merged and k > table.header_index + 1 and not first and any(c.text for c in row.cells[1:]) \
                and len(row.cells) >= 2 and _is_numbered(merged[-1]):
            prev = merged[-1]
            for ci, c in enumerate(row.cells):
                if not c.text:
                    continue
                if ci < len(prev.cells):
                    pc = prev.cells[ci]
                    prev.cells[ci] = Cell((pc.text + " " + c.text).strip(), pc.start if pc.text else c.start, c.end)
                else:
                    prev.cells.append(c)
            prev.end = row.end
            continue
        merged.append(row)
    table.rows = merged
    return table


_ROW_NUMBER_RE = re.compile(r"[\dIVXLC]+(?:\.\d+)*\.?|[a-z]")


def _is_numbered(row: Row) -> bool:
    return bool(row.cells) and bool(_ROW_NUMBER_RE.fullmatch(row.cells[0].text))


def layout(text: str, footnotes: tuple[tuple[int, int], ...] = ()) -> Layout:
    """Lines, numbered sections and tables of a normalised text."""
    lines = split_lines(text)
    sections: list[Section] = []
    stack: list[Section] = []
    for ln in lines:
        s = ln.text.lstrip()
        if "\t" in ln.text or not s:
            continue
        m = HEADING_RE.match(s)
        if not m:
            continue
        mark = m["mark"].strip()
        heading = s[m.end():].strip()
        lead = len(ln.text) - len(s)
        body_start = ln.start + lead + m.end()
        if not heading:
            # "3." or "Điều 9." alone on its line: the heading is the next line
            nxt = text.find("\n", ln.end) + 1 if ln.end < len(text) else 0
            end = text.find("\n", nxt) if nxt else -1
            nline = text[nxt:end if end >= 0 else len(text)] if nxt else ""
            if nline.strip() and "\t" not in nline and not HEADING_RE.match(nline.strip()):
                heading, body_start = nline.strip(), nxt + (len(nline) - len(nline.lstrip()))
            elif not mark.startswith("Điều"):
                continue
        sec = Section(mark, _level(mark), heading, ln.start + lead, body_start, len(text))
        while stack and stack[-1].level >= sec.level:
            stack.pop().end = ln.start
        if stack:
            sec.parent = stack[-1]
            stack[-1].children.append(sec)
        stack.append(sec)
        sections.append(sec)
    for sec in stack:
        sec.end = len(text)
    return Layout(text, lines, sections, _tables(lines), list(footnotes), closing(text))


_RECIPIENTS_RE = re.compile(r"Nơi\s+nhận\s*:")
_SIGNER_ROLE_RE = re.compile(
    r"(?:(?:KT|TM|TL|TUQ|Q)\.\s*)?(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]+[ \t.,]*){1,8}$"
)

_LIST_END_RE = re.compile(r"\t|\n\s*\n(?!\s*-)")
_DASH_ITEM_RE = re.compile(r"(?:^|[;\n]|\s)-\s+")
_CELL_OR_LINE_RE = re.compile(r"[\t\n]")
_ROLE_AND_NAME_RE = re.compile(r"^(?P<role>(?:(?:KT|TM|TL|TUQ|Q)\.\s*)?[A-ZĐ][A-ZĐÀ-Ỹ .,]+?)\s+(?P<name>(?:[A-ZĐ][a-zà-ỹđ]+\s?){2,5})$")
_SIGNER_NAME_RE = re.compile(r"(?:[A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]*\s?){2,5}")


def closing(text: str) -> Closing:
    """The "Nơi nhận" list and the signature block beside or after it (the first such block: a decision's,
    not its annex's)."""
    m = _RECIPIENTS_RE.search(text)
    if m is None:
        return Closing([], None, None, len(text))
    rest = text[m.end():m.end() + 3000]
    # the list ends at the signature cell, or at a blank line after the items
    block = _LIST_END_RE.split(rest, maxsplit=1)[0]
    recipients = [item for r in _DASH_ITEM_RE.split(block) if (item := r.strip(" .;,\n"))]
    tail = [cell for ln in _CELL_OR_LINE_RE.split(rest[len(block):]) if (cell := ln.strip(" *"))]
    tail = [ln for ln in tail[:8] if not ln.startswith("PHỤ LỤC")][:6]
    role = name = None
    # the role and the name may share one line: "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Huỳnh Minh Tuấn"
    one = _ROLE_AND_NAME_RE.match(tail[0]) if tail else None
    if one:
        return Closing(recipients, one["role"].strip(), one["name"].strip(), m.start())
    roles: list[str] = []
    for ln in tail:
        if _SIGNER_ROLE_RE.fullmatch(ln):
            roles.append(ln)
        elif roles and _SIGNER_NAME_RE.fullmatch(ln):
            name = ln
            break
        else:
            break
    role = " ".join(roles) or None
    return Closing(recipients, role, name, m.start())
