"""Read one input file (txt, md, docx, pdf, html) into a `Source`.

The text is kept as close to the file as possible: no Unicode normalisation, no
markup stripping for plain text; the only change every format gets is that
"\\r\\n" and "\\r" become "\\n".  Everything else (NFC, spaces, footnote markers) is
the normaliser's job.  Whatever reading had to guess or skip goes into `Source.notes`.

Every failure is a `ReadError` whose message reads
"<path>: expected <what>, found <what>".
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import charset_normalizer
import docx
import pdfplumber
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from lxml import etree
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from selectolax.lexbor import LexborHTMLParser, LexborNode

from loaders.legacy import from_bytes, repair
from loaders.model import ReadError, Source

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "iter_paths", "read_source"]

DEFAULT_MAX_BYTES = 32 * 1024 * 1024

_FORMAT_BY_SUFFIX = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMAT_BY_SUFFIX)

# Word XML compresses well (python-docx's own blank template unzips 20x), so a docx
# legitimately expands many times; past 20 x max_bytes, capped at 200 MiB, it is more
# likely a decompression bomb.  The floor keeps a small max_bytes from refusing
# ordinary documents: inflating 16 MiB is harmless.
_UNZIP_RATIO = 20
_UNZIP_FLOOR = 16 * 1024 * 1024
_UNZIP_CAP = 200 * 1024 * 1024

_MIB = 1024 * 1024


def read_source(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read the file at `path` into a `Source`, choosing the reader by its extension.

    .txt and .md, and any extension not in `SUPPORTED_SUFFIXES`, are read as plain
    text; .docx, .pdf (text layer only) and .html/.htm are converted to text.
    Raises `ReadError` naming the file, what was expected and what was found, when
    the file is missing, not a regular file, empty or blank, larger than `max_bytes`,
    binary, undecodable, corrupt, encrypted, a PDF without a text layer, or a docx
    that would unzip to more than 20 x `max_bytes` (at least 16 MiB, at most 200 MiB).
    """
    where = os.fspath(path)
    file = Path(path)
    data = _read_bytes(where, file, max_bytes)
    suffix = file.suffix.lower()
    fmt = _FORMAT_BY_SUFFIX.get(suffix, "txt")
    notes: list[str] = []
    if suffix not in _FORMAT_BY_SUFFIX:
        notes.append(f"unknown extension {suffix or '(none)'!r}: read as plain text")
    try:
        text, encoding = _convert(where, fmt, data, max_bytes, notes)
    except RecursionError as exc:  # the converters recurse into nested tables and tags
        raise _error(
            where, f"{fmt} content of ordinary nesting depth", "elements nested too deeply to convert"
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if encoding not in _LEGACY:
        # a .docx or PDF in a .Vn*/VNI font, or a legacy text once saved as UTF-8
        mojibake = repair(text)
        if mojibake is not None:
            text = mojibake.text
            notes.append(mojibake.note)
    if not text.strip():
        raise _error(
            where, "document text", f"only whitespace after reading it as {fmt} ({_size(len(data))})"
        )
    return Source(path=where, name=file.name, text=text, format=fmt, encoding=encoding, notes=tuple(notes))


def _convert(where: str, fmt: str, data: bytes, max_bytes: int, notes: list[str]) -> tuple[str, str | None]:
    """Return (text, encoding) of `data` read as `fmt`; encoding is None for docx and pdf."""
    if fmt == "docx":
        return _docx_text(where, data, max_bytes), None
    if fmt == "pdf":
        return _pdf_text(where, data, notes), None
    if fmt == "html":
        markup, encoding = _decode(where, data, notes, declared=_declared_charset(data))
        return _html_text(markup), encoding
    found = _sniff(data)
    if found:
        raise _error(where, "plain text", found)
    return _decode(where, data, notes)


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the files to read: each given file as is, each folder expanded recursively.

    Inside folders, entries are visited in sorted order and hidden names, Word lock
    files ("~$…") and extensions outside `SUPPORTED_SUFFIXES` are skipped.  A path
    given explicitly is always yielded, even with an unknown extension or when it
    does not exist, so that `read_source` reports what is wrong with it.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, seen)
        else:
            yield path


def _walk(folder: Path, seen: set[Path]) -> Iterator[Path]:
    real = folder.resolve()
    if real in seen:  # a symlink loop or the same folder given twice
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        raise _error(str(folder), "a folder that can be listed", f"an error: {exc.strerror}") from exc
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
            yield entry


# --- errors -------------------------------------------------------------------------


def _error(where: str, expected: str, found: str) -> ReadError:
    return ReadError(f"{where}: expected {expected}, found {found}")


def _size(n: int) -> str:
    return f"{n / _MIB:.1f} MiB ({n} bytes)" if n >= _MIB else f"{n} bytes"


_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (a .docx, .xlsx or .odt?)"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy Office file (.doc/.xls), which is not supported: save it as .docx",
    ),
    (b"{\\rtf", "an RTF document, which is not supported: save it as .docx"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)


def _sniff(data: bytes) -> str | None:
    """Name the kind of file `data` starts like, to say what was found instead of text."""
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)


def _read_bytes(where: str, file: Path, max_bytes: int) -> bytes:
    try:
        info = file.stat()
    except FileNotFoundError as exc:
        raise _error(where, "a document file", "nothing at that path (no such file or directory)") from exc
    except OSError as exc:
        raise _error(where, "a readable file", f"an error: {exc.strerror}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise _error(where, "a file", "a directory (iter_paths expands folders)")
    if not stat.S_ISREG(info.st_mode):
        raise _error(where, "a regular file", "a device, pipe or socket")
    too_large = f"a file within the max_bytes limit of {_size(max_bytes)}"
    if info.st_size > max_bytes:
        raise _error(where, too_large, f"a file of {_size(info.st_size)}; raise max_bytes to read it")
    if info.st_size == 0:
        raise _error(where, "document text", "an empty file (0 bytes)")
    try:
        with file.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _error(where, "a readable file", f"an error: {exc.strerror}") from exc
    if len(data) > max_bytes:
        raise _error(where, too_large, "a file that grew past that while being read")
    return data


# --- plain text -----------------------------------------------------------------------

# UTF-32 first: its LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
# C0/C1 controls other than tab, newline, VT, FF, CR.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Source.encoding of text converted from TCVN3 or VNI bytes (no Python codec has them)
_LEGACY = frozenset({"tcvn3", "vni"})
_CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"
_CP1258_DISTINCT = _CP1258_TONES + "ăđơưĂĐƠƯ"
_CP1258_VIETNAMESE = frozenset(_CP1258_DISTINCT + "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


def _decode(where: str, data: bytes, notes: list[str], declared: str | None = None) -> tuple[str, str]:
    """Decode `data`, returning (text, encoding) and appending what was guessed to `notes`.

    Order: byte order mark, UTF-16 without BOM, strict UTF-8, the charset the file
    declares (HTML), TCVN3 or VNI (`loaders.legacy`), Vietnamese Windows-1258,
    charset-normalizer's guess, and Windows-1258 again as the last resort.
    """
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            text = _strict(where, data[len(bom) :], encoding, f"{label} text after its byte order mark")
            notes.append(f"{label} BOM removed")
            return _not_binary(where, text), encoding
    encoding = _utf16_without_bom(data)
    if encoding:
        text = _strict(where, data, encoding, f"{encoding.upper()} text (guessed from its NUL bytes)")
        notes.append(f"no BOM; encoding guessed as {encoding} from the NUL-byte pattern")
        return _not_binary(where, text), encoding
    if b"\x00" in data:
        raise _error(where, "text", f"binary data (NUL bytes){_found_as(data)}")
    try:
        return _not_binary(where, data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            notes.append(f"declared charset {declared!r} does not decode the file; ignored")
        else:
            return _not_binary(where, text), codecs.lookup(declared).name
    # TCVN3 and VNI bytes also decode as Windows-1258, into nonsense: they are tried
    # first, and taken only when they read as Vietnamese far better than 1258 does.
    legacy = from_bytes(data)
    if legacy is not None:
        notes.append(legacy.note)
        return _not_binary(where, legacy.text), legacy.encoding
    # charset-normalizer is unreliable on short files and picks any code page that
    # fits; the corpus is Vietnamese, so Windows-1258 with its tone marks wins first.
    text = _cp1258_if_vietnamese(data)
    if text is not None:
        notes.append("encoding guessed as cp1258 (Vietnamese Windows)")
        return _not_binary(where, text), "cp1258"
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        notes.append(f"encoding guessed as {best.encoding} by charset-normalizer")
        return _not_binary(where, str(best)), best.encoding
    text = _strict(where, data, "cp1258", "text in UTF-8, UTF-16 or a detectable legacy encoding")
    notes.append("encoding guessed as cp1258 (Vietnamese Windows) as a last resort")
    return _not_binary(where, text), "cp1258"


def _strict(where: str, data: bytes, encoding: str, expected: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise _error(where, expected, f"undecodable bytes {bad} at offset {exc.start}") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII letters in UTF-16 have a NUL high byte: NULs on odd offsets mean LE, on
    # even offsets BE.  Vietnamese text is mostly ASCII letters, so the pattern is strong.
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _cp1258_if_vietnamese(data: bytes) -> str | None:
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127]
    distinct = sum(ch in _CP1258_DISTINCT for ch in non_ascii)
    vietnamese = sum(ch in _CP1258_VIETNAMESE for ch in non_ascii)
    if non_ascii and distinct >= 0.3 * len(non_ascii) and vietnamese >= 0.8 * len(non_ascii):
        return text
    return None


def _not_binary(where: str, text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > 0.05 * len(text):
        raise _error(where, "text", f"binary data ({controls} control characters in {len(text)})")
    return text


def _found_as(data: bytes) -> str:
    kind = _sniff(data)
    return f"; it looks like {kind}" if kind else ""


# --- docx -----------------------------------------------------------------------------


def _docx_text(where: str, data: bytes, max_bytes: int) -> str:
    expected = "a .docx file (a Word zip package)"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # The directory's sizes bound what zipfile will inflate, so checking them
            # before python-docx opens the parts is enough to stop a zip bomb.
            declared = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _error(where, expected, _sniff(data) or f"data that is not a zip archive ({exc})") from exc
    limit = max(_UNZIP_FLOOR, min(_UNZIP_RATIO * max_bytes, _UNZIP_CAP))
    if declared > limit:
        raise _error(
            where,
            f"a .docx that unzips to at most {_size(limit)}",
            f"a zip declaring {_size(declared)} of content (a zip bomb?)",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise _error(where, expected, f"a broken Word package ({exc})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _error(where, expected, f"a corrupt zip archive ({exc})") from exc
    return "\n".join(_docx_lines(document.element.body))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_lines(container: etree._Element) -> Iterator[str]:
    """Paragraphs and table rows of a body or cell, in document order, one per line."""
    for child in container.iterchildren():
        if isinstance(child, CT_P):
            yield child.text
        elif isinstance(child, CT_Tbl):
            for row in child.iterchildren(f"{_W}tr"):
                # Iterating w:tc (not python-docx's grid cells) gives a gridSpan cell once.
                yield "\t".join(_docx_cell(cell) for cell in row.iterchildren(f"{_W}tc"))
        elif child.tag == f"{_W}sdt":  # content control: its content is ordinary body
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _docx_lines(content)


def _docx_cell(cell: CT_Tc) -> str:
    if cell.vMerge == "continue":  # the merged text belongs to the first row of the merge
        return ""
    return _one_line(_docx_lines(cell))


def _one_line(lines: Iterable[str]) -> str:
    """Flatten cell content (paragraphs, nested rows) to one line without tabs."""
    return " ".join(part.strip() for line in lines for part in re.split(r"[\t\n]", line) if part.strip())


# --- pdf ------------------------------------------------------------------------------


def _pdf_text(where: str, data: bytes, notes: list[str]) -> str:
    try:
        pages = _pdfplumber_pages(data, notes)
    # pdfplumber wraps pdfminer's errors; a font name it cannot decode is raised as is, and
    # a damaged page tree as whatever its code hits (a missing MediaBox is a TypeError).
    except (PdfminerException, MalformedPDFException, UnicodeDecodeError, TypeError, KeyError, ValueError,
            AttributeError, IndexError) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise _encrypted(where) from exc
        pages = _pypdf_pages(where, data, exc)
        notes.append(f"pdfminer could not read the file ({cause}); text extracted with pypdf")
    if not pages:
        raise _error(where, "a PDF with pages of text", "a PDF with no pages")
    empty = sum(not page.strip() for page in pages)
    if empty == len(pages):
        raise _error(
            where,
            "a PDF with a text layer",
            f"{len(pages)} page(s) without text: no text layer (scanned?); OCR is not supported",
        )
    if empty:
        notes.append(f"{empty} of {len(pages)} pages had no text")
    return "\n\n".join(pages)


def _encrypted(where: str) -> ReadError:
    return _error(where, "an unencrypted PDF", "a password-protected (encrypted) PDF")


def _pdfplumber_pages(data: bytes, notes: list[str]) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if pdf.doc.encryption is not None:
            notes.append("PDF is encrypted without a user password; read anyway")
        pages = []
        for page in pdf.pages:
            pages.append(page.extract_text() or "")
            page.close()  # drop the parsed layout: long PDFs would keep every page in memory
        return pages


def _pypdf_pages(where: str, data: bytes, first: Exception) -> list[str]:
    found = _sniff(data) if not data.startswith(b"%PDF-") else None
    try:
        # pypdf is optional (not a declared dependency): only a second chance for PDFs
        # that pdfminer rejects.
        import pypdf
    except ImportError:
        raise _error(where, "a readable PDF", found or f"a corrupt PDF ({first})") from first
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = [] if locked else [page.extract_text() or "" for page in reader.pages]
    # Broad on purpose: both parsers have failed by now and pypdf signals malformed
    # input with whatever built-in exception its code hits (ValueError, KeyError,
    # TypeError, RecursionError…); all of them mean "corrupt PDF" here.
    except Exception as exc:
        raise _error(
            where, "a readable PDF", found or f"a corrupt PDF (pdfminer: {first}; pypdf: {exc})"
        ) from exc
    if locked:
        raise _encrypted(where)
    return pages


# --- html -----------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "ul",
})  # fmt: skip
_DROPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "svg"})
_SPACES = re.compile(r"[ \t\n\r\f]+")
_SPACE_RUNS = re.compile("[ \xa0]{2,}")


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _html_text(markup: str) -> str:
    out = _Lines()
    _html_walk(LexborHTMLParser(markup).root, out)
    return "\n".join(out.finish())


class _Lines:
    """Collects text into lines: blocks end a line only if it has text, <br> always."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, text: str) -> None:
        self.current.append(text)

    def end_line(self, *, force: bool = False) -> None:
        # Runs of spaces and &nbsp; are layout; a single &nbsp; is kept for the normaliser.
        line = _SPACE_RUNS.sub(" ", "".join(self.current)).strip(" ")
        self.current = []
        if line.strip() or force:
            self.lines.append(line if line.strip() else "")

    def finish(self) -> list[str]:
        self.end_line()
        kept: list[str] = []
        for line in self.lines:
            if line or (kept and kept[-1]):  # at most one blank line in a row
                kept.append(line)
        while kept and not kept[-1]:
            kept.pop()
        return kept


def _html_walk(node: LexborNode, out: _Lines) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.add(_SPACES.sub(" ", child.text_content or ""))
        elif tag.startswith("-") or tag in _DROPPED_TAGS:  # comments, doctype
            continue
        elif tag == "br":
            out.end_line(force=True)
        elif tag == "sup":
            # Kept literally: the normaliser reads "<sup>1</sup>" as a footnote marker.
            marker = _html_inline(child)
            if marker:
                out.add(f"<sup>{marker}</sup>")
        elif tag == "table":
            out.end_line()
            for row in _html_rows(child, out):
                out.add(row)
                out.end_line(force=True)
        elif tag in _BLOCK_TAGS:
            out.end_line()
            _html_walk(child, out)
            out.end_line()
        else:
            _html_walk(child, out)


def _html_inline(node: LexborNode) -> str:
    inner = _Lines()
    _html_walk(node, inner)
    return _one_line(inner.finish())


def _html_rows(table: LexborNode, out: _Lines) -> Iterator[str]:
    """Each row of `table` as tab-joined cells; a cell covered by a rowspan from above is "".

    HTML omits covered cells, so without the "" the later cells of the row would shift
    left into the wrong columns (e.g. "Đơn vị phối hợp" under "Đơn vị chủ trì").
    """
    covered: dict[int, tuple[int, int]] = {}  # grid column -> (rows still covered, colspan)
    for row in _html_table_rows(table, out):
        cells: list[str] = []
        below: dict[int, tuple[int, int]] = {}
        column = 0
        for cell in [*(node for node in row.iter() if node.tag in ("td", "th")), None]:
            while column in covered:
                rows, span = covered[column]
                cells.append("")
                if rows > 1:
                    below[column] = (rows - 1, span)
                column += span
            if cell is None:
                break
            cells.append(_html_inline(cell))
            span, rows = _span(cell, "colspan"), _span(cell, "rowspan")
            if rows > 1:
                below[column] = (rows - 1, span)
            column += span
        covered = below
        yield "\t".join(cells)


def _html_table_rows(table: LexborNode, out: _Lines) -> Iterator[LexborNode]:
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child.iter() if row.tag == "tr")
        else:  # caption: a line of its own
            _html_walk(child, out)
            out.end_line()


def _span(cell: LexborNode, name: str) -> int:
    value = (cell.attributes.get(name) or "").strip()
    return max(1, int(value)) if value.isdigit() else 1
