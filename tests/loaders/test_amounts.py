"""Tests of loaders.amounts: "." groups thousands, "," marks decimals, units scale to đồng."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.amounts import AMOUNT_RE, parse_amount, parse_number, to_dong

AMOUNT_CASES = [
    ("1.240 triệu đồng", 1_240_000_000),
    ("3,402 triệu đồng", 3_402_000),
    ("198.671.000 đồng", 198_671_000),
    ("2.615 tỷ đồng", 2_615_000_000_000),
    ("0,162 triệu đồng", 162_000),
    ("90 triệu đồng", 90_000_000),
    ("12,5 tỉ đồng", 12_500_000_000),
    ("300 ngàn đồng", 300_000),
    ("5 nghìn đồng", 5_000),
    ("2.600 Triệu Đồng", 2_600_000_000),
    ("100 VNĐ", 100),
    # in running text: the first amount is the one given
    ("Kinh phí và nguồn vốn: 90 triệu đồng; nguồn ngân sách tỉnh (NST).", 90_000_000),
    ("5.2. Kinh phí và nguồn vốn: Kinh phí thực hiện năm 2024: 198.671.000 đồng; nguồn chi thường xuyên", 198_671_000),
    (
        "số tiền cần thực hiện: 1.500 triệu đồng (*Năm 2024: 300 triệu đồng, Năm 2025: 600 triệu đồng*)",
        1_500_000_000,
    ),
    ("Dự kiến 900.000.000 đồng (Chín trăm triệu đồng), đã trừ 10% tiết kiệm", 900_000_000),
    # no currency, no amount
    ("Ước tính khối lượng cần thực hiện số hóa là 45 mét tài liệu, tương ứng 577.600 trang A4", None),
    ("năm 2024", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", AMOUNT_CASES, ids=[c[0][:40] for c in AMOUNT_CASES])
def test_parse_amount(text: str, expected: int | None) -> None:
    assert parse_amount(text) == expected


NUMBER_CASES = [
    ("1.240", Decimal("1240")),
    ("3,402", Decimal("3.402")),
    ("198.671.000", Decimal("198671000")),
    ("0,162", Decimal("0.162")),
    ("90", Decimal("90")),
    ("1.234.567,89", Decimal("1234567.89")),
    (" 1.240 ", Decimal("1240")),
    # groups of three only, one decimal comma only
    ("1.24", None),
    ("1.2345", None),
    ("1,240,000", None),
    ("12.", None),
    ("abc", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", NUMBER_CASES)
def test_parse_number(text: str, expected: Decimal | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "number,unit,expected",
    [
        (Decimal("1240"), "triệu", 1_240_000_000),
        (Decimal("3.402"), "triệu", 3_402_000),
        (Decimal("2.615"), "tỷ", 2_615_000_000),
        (Decimal("2.615"), "TỶ", 2_615_000_000),
        (Decimal("5"), "nghìn", 5_000),
        (Decimal("198671000"), None, 198_671_000),
        (Decimal("7"), "", 7),
    ],
)
def test_to_dong(number: Decimal, unit: str | None, expected: int) -> None:
    assert to_dong(number, unit) == expected


def test_amount_re_finds_each_year_of_a_split() -> None:
    text = "1.500 triệu đồng (Năm 2024: 300 triệu đồng, Năm 2025: 600 triệu đồng; Năm 2026: 600 triệu đồng)"
    assert [m["num"] for m in AMOUNT_RE.finditer(text)] == ["1.500", "300", "600", "600"]


# --- properties -----------------------------------------------------------------------


def vn_number(n: int, cents: int | None) -> str:
    """`n` written the Vietnamese way: "." between groups of three, "," before two decimals."""
    s = f"{n:,}".replace(",", ".")
    return s if cents is None else f"{s},{cents:02d}"


integers = st.integers(min_value=0, max_value=10**15)
cents = st.one_of(st.none(), st.integers(min_value=0, max_value=99))


@given(integers, cents)
def test_parse_number_round_trip(n: int, c: int | None) -> None:
    expected = Decimal(n) + (Decimal(c) / 100 if c is not None else 0)
    assert parse_number(vn_number(n, c)) == expected


@given(integers, cents, st.sampled_from([("triệu", 10**6), ("tỷ", 10**9), ("nghìn", 10**3), ("", 1)]))
def test_parse_amount_round_trip(n: int, c: int | None, unit: tuple[str, int]) -> None:
    word, scale = unit
    text = f"Kinh phí thực hiện năm 2024: {vn_number(n, c)} {word} đồng; nguồn ngân sách tỉnh (NST)."
    expected = n * scale + ((c or 0) * scale) // 100
    assert parse_amount(text) == expected


@given(st.text())
def test_parse_amount_and_parse_number_never_raise(text: str) -> None:
    out = parse_amount(text)
    assert out is None or isinstance(out, int)
    n = parse_number(text)
    assert n is None or isinstance(n, Decimal)
