"""Amounts of money in Vietnamese writing: `.` groups thousands, `,` marks decimals.

`1.240 triệu đồng` is 1,240,000,000 đồng; `3,402 triệu đồng` is 3,402,000 đồng.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNITS = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# The number's first digit comes first and the look-behind (no digit, "." or "," before the number)
# after it, so that `re` scans for digits instead of trying the pattern at every position.
_NUM_FROM_2ND_DIGIT = r"\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?"  # _NUM less its first digit
AMOUNT_RE = re.compile(
    rf"(?P<num>\d(?<![\d.,]\d)(?:{_NUM_FROM_2ND_DIGIT}))\s*(?P<unit>nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?:đồng|đ\b|VNĐ|VND)",
    re.I,
)


def parse_number(text: str) -> Decimal | None:
    """A Vietnamese-written number: dots group thousands, a comma marks decimals.

    >>> parse_number("1.240")
    Decimal('1240')
    >>> parse_number("3,402")
    Decimal('3.402')
    """
    t = text.strip().replace(" ", "")
    if not re.fullmatch(_NUM, t):
        return None
    try:
        return Decimal(t.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def to_dong(number: Decimal, unit: str | None) -> int:
    return int(number * UNITS.get((unit or "").lower(), 1))


def parse_amount(text: str) -> int | None:
    """The first amount of money in `text`, in đồng.

    >>> parse_amount("dự kiến năm 2024: 2.600 triệu đồng")
    2600000000
    >>> parse_amount("198.671.000 đồng")
    198671000
    """
    m = AMOUNT_RE.search(text)
    if not m:
        return None
    n = parse_number(m["num"])
    return None if n is None else to_dong(n, m["unit"])
