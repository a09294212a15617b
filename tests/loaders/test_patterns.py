"""Tests of loaders.patterns: the fast scans find what the plain ones find."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from loaders.patterns import alternation, finditer_at, name_pattern

# texts of the letters and words the patterns below look for, so that matches are frequent
TEXTS = st.lists(st.sampled_from(["Giao", "giao", "GIAO", "iao", "G", " ", "\n", "Sở", "Kinh", "KINH", "kinh", "phí", "İ", "1"]),
                 max_size=30).map("".join)

GIAO_RE = re.compile(r"[Gg]iao\s+\w+")
KINH_RE = re.compile(r"kinh\s*phí", re.I)


@given(TEXTS)
def test_finditer_at_finds_what_finditer_finds(text: str) -> None:
    assert [m.span() for m in finditer_at(GIAO_RE, text, ("iao",), 1)] == [m.span() for m in GIAO_RE.finditer(text)]


@given(TEXTS)
def test_finditer_at_on_a_lowered_text_finds_what_a_case_insensitive_finditer_finds(text: str) -> None:
    found = finditer_at(KINH_RE, text, ("kinh",), lowered=text.lower())
    assert [m.span() for m in found] == [m.span() for m in KINH_RE.finditer(text)]


NAMES = st.lists(st.text(st.sampled_from("BbộộNnộiYy tếà"), min_size=1, max_size=6), min_size=1, max_size=8, unique=True)


@given(NAMES, st.text(st.sampled_from("BbộNnộiYy tếà \n"), max_size=12))
def test_alternation_matches_as_the_flat_list_does(names: list[str], text: str) -> None:
    names = sorted(names, key=len, reverse=True)
    flat = re.compile("|".join(name_pattern(n) for n in names), re.I)
    trie = re.compile(alternation(names), re.I)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
