"""Fuzzing the loaders: any input gives a result whose offsets lie inside the text, or a
`ReadError`/`CancuError` — never another exception.

The other test modules already feed `st.text()` to `normalize`, `parse_ref`, `parse_date`
and `parse_amount`; random Unicode rarely looks like a date, an amount or a document
number, so here the same functions get text built from the pieces those parsers look
for.  Then the legacy-encoding converter, and real corpus files mutated the ways damaged
archives are (bytes flipped, cut short, NULs, BOMs and control characters inserted, saved
in another encoding) through `read_source` and `extract_source`.  Bounded: the whole
module runs in well under 30 s.
"""
from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_legacy import cp1258, tcvn3, vni  # the chart encoders (tests/loaders is on sys.path)

from loaders import extract_source, normalize, read_source
from loaders.amounts import AMOUNT_RE, parse_amount
from loaders.dates import DATE_RE, PARTIAL_DATE_RE, match_date, parse_date
from loaders.legacy import from_bytes, repair
from loaders.model import CancuError, Evidence, Extraction
from loaders.symbols import REF_RE, parse_ref, symbol_key

HERE = Path(__file__).resolve().parents[1]
# the smaller files: each example extracts a whole document
CORPUS = sorted((HERE / "corpus").glob("*/*.txt"), key=lambda p: p.stat().st_size)[:6]
FORMATS = sorted((HERE / "data" / "formats").glob("*.*[lfx]"))  # docx, pdf, html

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

# --- text shaped like what the parsers look for ------------------------------------------

PIECES = [
    "ngày", " tháng ", " năm ", "Số:", "số ", "/", "-", ".", ",", " ", "\n", "\t", "QĐ", "KH", "UBND", "NĐ-CP",
    "TTg", "BNV", "&", "triệu", " tỷ", " đồng", "nghìn", "VNĐ", "Đ", "đ", "Ð", "hoá", "uỷ", "<sup>1</sup>",
    "|", "**", "#", "\u0301", "\u00a0", "\u200b", "\ufeff", "\x00", "\r\n",
]  # fmt: skip
shaped = st.lists(
    st.sampled_from(PIECES) | st.integers(0, 99999).map(str) | st.text(max_size=4), max_size=40
).map("".join)


@FAST
@given(shaped)
def test_normalize_maps_every_offset_back_inside(text: str) -> None:
    n = normalize(text)
    for i in range(0, len(n.text) + 1, max(1, len(n.text) // 50)):
        assert 0 <= n.to_original(i) <= len(text)
    a, b = n.span_to_original(0, len(n.text))
    assert 0 <= a <= b <= len(text)


@FAST
@given(shaped)
def test_parsers_never_raise_on_shaped_text(text: str) -> None:
    for m in REF_RE.finditer(text):
        assert isinstance(symbol_key(parse_ref(m).symbol), str)
    for pattern in (DATE_RE, PARTIAL_DATE_RE):
        for m in pattern.finditer(text):
            out = match_date(m)
            assert out is None or dt.date.fromisoformat(out).isoformat() == out
    out = parse_date(text)
    assert out is None or dt.date.fromisoformat(out).isoformat() == out
    for m in AMOUNT_RE.finditer(text):
        assert parse_amount(m.group()) is None or isinstance(parse_amount(m.group()), int)


# --- the legacy converter -------------------------------------------------------------------

# Runs of at least six words of real corpus lines: a few words alone can read as both TCVN3
# and VNI ("chuû öu" is "chuỷ ửu" in one, "chủ ưu" in the other), a sentence cannot.
_LINES = [unicodedata.normalize("NFC", line).split() for path in CORPUS for line in path.read_text(encoding="utf-8").splitlines()
          if sum(not w.isascii() for w in line.split()) >= 6]  # fmt: skip


@st.composite
def vietnamese(draw: st.DrawFn) -> str:
    words = draw(st.sampled_from(_LINES))
    start = draw(st.integers(0, len(words) - 6))
    return " ".join(words[start : start + draw(st.integers(6, 30))])


@FAST
@given(st.text())
def test_repair_never_raises_and_gives_nfc(text: str) -> None:
    fixed = repair(text)
    assert fixed is None or unicodedata.is_normalized("NFC", fixed.text) or fixed.encoding == "vni"


@FAST
@given(st.binary(max_size=2000))
def test_from_bytes_never_raises(data: bytes) -> None:
    fixed = from_bytes(data)
    assert fixed is None or fixed.encoding in ("tcvn3", "vni")


@FAST
@given(vietnamese())
def test_vietnamese_is_left_alone_and_its_legacy_forms_come_back(text: str) -> None:
    assert repair(text) is None
    for encode, lossless in ((vni, True), (tcvn3, False)):
        fixed = repair(encode(text))
        if fixed is not None:  # six words without a diacritic read as nothing in particular
            assert fixed.text == text if lossless else fixed.text.lower() == text.lower()
    assert unicodedata.normalize("NFC", cp1258(text).decode("cp1258")) == text


# --- damaged files through the loaders --------------------------------------------------------


def _evidence(obj: object) -> list[Evidence]:
    if isinstance(obj, Evidence):
        return [obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [e for f in dataclasses.fields(obj) if f.name != "source" for e in _evidence(getattr(obj, f.name))]
    if isinstance(obj, list | tuple):
        return [e for item in obj for e in _evidence(item)]
    return []


def _load(path: Path) -> Extraction | None:
    """Read and extract; None when the loaders refuse the file with one of cancu's errors."""
    try:
        ex = extract_source(read_source(path))
    except CancuError:  # ReadError included: a clear refusal is a correct answer
        return None
    text = ex.source.text
    for ev in _evidence(ex):
        assert 0 <= ev.start <= ev.end <= len(text), ev
    return ex


ENCODINGS = ["utf-16", "utf-16-le", "utf-32", "cp1258", "latin-1", "tcvn3", "vni", "tcvn3-mojibake"]


def _reencode(text: str, encoding: str) -> bytes:
    """`text` saved in `encoding` (a legacy one by the chart encoders), losing what it cannot hold."""
    if encoding == "tcvn3-mojibake":
        return tcvn3(text).encode("utf-8")
    if encoding in ("tcvn3", "vni"):
        return (tcvn3 if encoding == "tcvn3" else vni)(text).encode("cp1252", errors="replace")
    return text.encode(encoding, errors="replace")


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of a corpus or format file damaged one or more ways."""
    path = draw(st.sampled_from(CORPUS + FORMATS))
    data = path.read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "encode"]))
        if how == "flip" and data:
            for _ in range(draw(st.integers(1, 20))):
                i = draw(st.integers(0, len(data) - 1))
                data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]
        elif how == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif how == "insert":
            junk = draw(st.sampled_from([b"\x00", b"\x00" * 9, codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x1b[0m",
                                         b"\x07\x08\x0b\x0c", b"\xff\xfe\x00\x00", b"\r", b"\xc3", b"\xe2\x80"]))
            i = draw(st.integers(0, len(data)))
            data = data[:i] + junk * draw(st.integers(1, 5)) + data[i:]
        elif how == "encode" and path.suffix == ".txt":
            data = _reencode(data.decode("utf-8", errors="replace"), draw(st.sampled_from(ENCODINGS)))
    return path.suffix, data


@SLOW
@given(damaged())
def test_damaged_files_give_facts_inside_the_text_or_a_clear_error(tmp_path: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(data)
    _load(path)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:20])
def test_the_undamaged_files_load(path: Path) -> None:
    ex = _load(path)
    assert ex is not None and ex.source.notes == ()
