"""Dates as Vietnamese documents write them: `03/6/2020`, `30-9-2022`, `03 tháng 6 năm 2020`."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_SEP = r"\s*[/.\-]\s*"
DATE_RE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*)?năm\s+(?P<y2>(?:19|20)\d\d)(?!\d)",
    re.I,
)
# "ngày … tháng 02 năm 2024" with the day (and perhaps the month) left blank in a draft.
PARTIAL_DATE_RE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*(?:tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>(?:19|20)\d\d)"
    r"|[/.\-]?\s*(?P<m2>\d{1,2})?\s*/\s*(?P<y2>(?:19|20)\d\d))",
    re.I,
)


@lru_cache(maxsize=4096)  # the same dates are written again and again: of the document, of national acts
def make_date(day: int | str, month: int | str, year: int | str) -> str | None:
    """An ISO date, or None when the parts are no real date.

    >>> make_date("3", "6", "2020")
    '2020-06-03'
    >>> make_date(31, 2, 2020) is None
    True
    """
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first full date in `text` as ISO, or None.

    >>> parse_date("ngày 09 tháng 12 năm 2022")
    '2022-12-09'
    >>> parse_date("ngày 30-9-2022")
    '2022-09-30'
    """
    for m in DATE_RE.finditer(text):
        d = make_date(m["d"] or m["d2"], m["m"] or m["m2"], m["y"] or m["y2"])
        if d:
            return d
    return None


def match_date(m: re.Match[str]) -> str | None:
    d, d2, mo, mo2, y, y2 = m.group("d", "d2", "m", "m2", "y", "y2")
    return make_date(d or d2, mo or mo2, y or y2)
