"""Tests of loaders.dates: dates as Vietnamese documents write them."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.dates import DATE_RE, make_date, match_date, parse_date

PARSE_CASES = [
    ("ngày 03/6/2020", "2020-06-03"),
    ("03 tháng 6 năm 2020", "2020-06-03"),
    ("ngày 03 tháng 6 năm 2020", "2020-06-03"),
    ("ngày 09 tháng 12 năm 2022", "2022-12-09"),
    ("Ngày 03 Tháng 6 Năm 2020", "2020-06-03"),
    ("ngày 30-9-2022", "2022-09-30"),
    ("30-9-2022", "2022-09-30"),
    ("03.6.2020", "2020-06-03"),
    ("ngày 03 / 6 / 2020", "2020-06-03"),
    ("Nghị định số 107/2021/NĐ-CP ngày 06/2/2021 của Chính phủ", "2021-02-06"),
    ("*Đồng Tháp,\nngày 01 tháng 12 năm 2025*", "2025-12-01"),
    ("Kế hoạch số 61/KH-UBND ngày 10/4/2019 của UBND tỉnh", "2019-04-10"),
    # 29 February only in a leap year
    ("ngày 29/2/2024", "2024-02-29"),
    ("ngày 29/2/2023", None),
    # no such day or month
    ("31/2/2020", None),
    ("ngày 1/13/2020", None),
    ("ngày 00/6/2020", None),
    # the first *real* date wins
    ("31/2/2020 và 01/3/2020", "2020-03-01"),
    # a draft leaves the day blank; a month or a span of years is no date
    ("Bắc Giang, ngày   tháng 02 năm 2024", None),
    ("tổ chức họp vào tháng 10/2022", None),
    ("giai đoạn 2021-2025", None),
    ("năm 2023", None),
    # the number and year of a legal document are no date
    ("Thông tư 12/2022/TT-BTTTT", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", PARSE_CASES, ids=[c[0][:40] for c in PARSE_CASES])
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


MAKE_CASES = [
    (("3", "6", "2020"), "2020-06-03"),
    ((3, 6, 2020), "2020-06-03"),
    (("03", "06", "2020"), "2020-06-03"),
    ((31, 2, 2020), None),
    ((0, 1, 2020), None),
    ((1, 0, 2020), None),
    (("", "6", "2020"), None),
]


@pytest.mark.parametrize("parts,expected", MAKE_CASES)
def test_make_date(parts: tuple, expected: str | None) -> None:
    assert make_date(*parts) == expected


def test_date_re_finds_every_date_of_a_sentence() -> None:
    text = (
        "Ngày 18/5/2022, Ban Thường vụ Tỉnh ủy Quảng Ngãi ban hành Chỉ thị số 19-CT/TU; thực hiện Chỉ thị số "
        "02/CT-TTg ngày 26/4/2022 của Thủ tướng Chính phủ và Công văn số 3044/UBND-KGVX ngày 23 tháng 6 năm 2022"
    )
    assert [match_date(m) for m in DATE_RE.finditer(text)] == ["2022-05-18", "2022-04-26", "2022-06-23"]


# --- properties -----------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


def _numeric(d: dt.date, sep: str, pad: bool) -> str:
    day, month = (f"{d.day:02d}", f"{d.month:02d}") if pad else (str(d.day), str(d.month))
    return f"{day}{sep}{month}{sep}{d.year}"


@given(dates, st.sampled_from(["/", "-", "."]), st.booleans())
def test_numeric_dates_round_trip(d: dt.date, sep: str, pad: bool) -> None:
    assert parse_date(f"ban hành ngày {_numeric(d, sep, pad)} của UBND tỉnh") == d.isoformat()


@given(dates, st.booleans())
def test_worded_dates_round_trip(d: dt.date, pad: bool) -> None:
    day, month = (f"{d.day:02d}", f"{d.month:02d}") if pad else (str(d.day), str(d.month))
    assert parse_date(f"Quảng Ngãi, ngày {day} tháng {month} năm {d.year}") == d.isoformat()


@given(st.text())
def test_parse_date_never_raises_and_gives_a_real_date(text: str) -> None:
    out = parse_date(text)
    assert out is None or dt.date.fromisoformat(out).isoformat() == out
