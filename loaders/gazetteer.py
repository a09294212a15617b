"""Data about Vietnamese public bodies, provinces and document types, loaded once.

The data lives in JSON files under `loaders/data/` so users extend it without code.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

# Folded output keeps ASCII letters (lowered) and digits; every other byte becomes a space.
_ASCII_FOLD = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))


# Names, header words and codes recur within a document and across documents: folding is
# called tens of times per document on the same few hundred strings.
@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d), collapse everything else to single spaces.

    >>> fold("Sở Thông tin và Truyền thông")
    'so thong tin va truyen thong'
    """
    # Đ/đ/Ð have no decomposition, so NFD alone would drop them.  NFD, the ASCII encoding and
    # a byte table do per character in C what a translate table with a dict lookup per
    # character did several times slower; the result is the same for every code point.
    t = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    b = t.encode() if t.isascii() else unicodedata.normalize("NFD", t).encode("ascii", "ignore")
    return b" ".join(b.translate(_ASCII_FOLD).split()).decode()


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def _load(name: str) -> dict:
    return json.loads(resources.files("loaders").joinpath("data", name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Province:
    name: str
    slug: str
    kind: str  # "tỉnh" | "thành phố"
    merged_into_2025: str | None

    @property
    def full(self) -> str:
        # a centrally-run city is written as a proper name: "Thành phố Hồ Chí Minh"
        return f"{'Thành phố' if self.kind == 'thành phố' else self.kind} {self.name}"


@dataclass(frozen=True)
class Body:
    name: str
    code: str
    level: str
    local: bool
    successor: str | None


@dataclass(frozen=True)
class Gazetteer:
    provinces: tuple[Province, ...]
    province_by_fold: dict[str, Province]
    bodies: tuple[Body, ...]
    body_by_fold: dict[str, Body]
    body_by_code: dict[str, Body]
    type_by_code: dict[str, str]
    code_by_type_word: dict[str, str | None]
    well_known: dict[str, dict]
    canon_code: dict[str, str]  # upper-case code -> its usual spelling (TTG -> TTg)

    def province(self, text: str) -> Province | None:
        """The province a (folded) name designates, or None."""
        return self.province_by_fold.get(fold(text))

    def body(self, name: str) -> Body | None:
        """The body a name designates, trying longest known alias prefixes."""
        f = fold(name)
        if f in self.body_by_fold:
            return self.body_by_fold[f]
        words = f.split()
        for n in range(len(words) - 1, 0, -1):
            b = self.body_by_fold.get(" ".join(words[:n]))
            if b is not None:
                return b
        return None

    def type_of_code(self, code: str) -> str | None:
        return self.type_by_code.get(code) or self.type_by_code.get(code.upper())


@cache
def gazetteer() -> Gazetteer:
    prov_data = _load("provinces.json")["provinces"]
    provinces = tuple(Province(p["name"], p["slug"], p["kind"], p["merged_into_2025"]) for p in prov_data)
    by_fold: dict[str, Province] = {}
    for p, raw in zip(provinces, prov_data, strict=True):
        for n in [p.name, *raw["aliases"]]:
            by_fold[fold(n)] = p
    ag = _load("agencies.json")
    bodies: list[Body] = []
    body_by_fold: dict[str, Body] = {}
    body_by_code: dict[str, Body] = {}
    for local, key in ((False, "national"), (True, "local")):
        for raw in ag[key]:
            b = Body(raw["name"], raw["code"], raw["level"], local, raw.get("successor"))
            bodies.append(b)
            for code in [b.code, *raw.get("codes", [])]:
                body_by_code.setdefault(fold(code), b)
            for n in [b.name, *raw["aliases"]]:
                body_by_fold.setdefault(fold(n), b)
    types = _load("doc_types.json")
    canon = {b.code.upper(): b.code for b in bodies}
    canon.update({"CTR": "CTr", "TTR": "TTr", "QYĐ": "QyĐ"})
    canon.update({k.upper(): k for k in types["codes"] if k.upper() not in canon})
    return Gazetteer(
        provinces=provinces,
        province_by_fold=by_fold,
        bodies=tuple(bodies),
        body_by_fold=body_by_fold,
        body_by_code=body_by_code,
        type_by_code={k.upper(): v for k, v in types["codes"].items()} | types["codes"],
        code_by_type_word={fold(k): v for k, v in types["words"].items()},
        well_known=_load("well_known.json")["aliases"],
        canon_code=canon,
    )
