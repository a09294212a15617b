"""Building and running regular expressions the way the extractors need them fast.

`re` skips quickly only to a literal first character.  A pattern that opens with a class or
alternatives, or runs under re.I, is tried at every character of every document, and a flat
alternation of many names tries them one after another.  These helpers keep the patterns
as written and find the same matches.
"""
from __future__ import annotations

import re
from collections.abc import Iterator


def finditer_at(pattern: re.Pattern[str], text: str, words: tuple[str, ...], offset: int = 0, *,
                lowered: str | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match (never empty) holds one of
    `words` at `offset` from its start.

    `str.find` jumps to the few places where a word stands, and the pattern is tried only
    there.  For a re.I pattern, `lowered` is `text.lower()` and `words` are lower case; when
    lowering changed the length ("İ"), positions differ and the plain scan runs.

    >>> [m.group() for m in finditer_at(re.compile(r"[Gg]iao \\w+"), "Giao Sở A; giao Sở B", ("iao",), 1)]
    ['Giao Sở', 'giao Sở']
    """
    haystack = text if lowered is None else lowered
    if len(haystack) != len(text):
        yield from pattern.finditer(text)
        return
    starts = set()
    for word in words:
        i = haystack.find(word, offset)
        while i >= 0:
            starts.add(i - offset)
            i = haystack.find(word, i + 1)
    end = 0
    for i in sorted(starts):
        if i < end:
            continue  # inside the match before, as finditer goes on from its end
        m = pattern.match(text, i)
        if m:
            end = m.end()
            yield m


def name_pattern(name: str) -> str:
    """A literal name as a pattern, a space matching any run of whitespace."""
    return re.escape(name).replace(r"\ ", r"\s+")


def alternation(names: list[str]) -> str:
    """The case-insensitive pattern `name1|name2|…` of `names`, longest first, a space matching
    any whitespace, written as a trie: `B(?:ộ(?:\\s+(?:Y\\s+tế|Nội\\s+vụ))|an)`.

    `re` tries the branches of a flat alternation one after another; over hundreds of names,
    that was most of the time of matching an issuer.  The trie tries each character once and
    finds the same name: in the flat list, names that match at one place begin one another,
    and the first listed is the longest; in the trie, the branches of a node start with
    characters no one character matches two of, and a name that ends at the node comes after
    the longer ones.  A node whose branches would overlap is left flat.

    >>> pattern = alternation(["Bộ Y tế", "Bộ Nội vụ", "Ban"])
    >>> pattern.count("|"), re.match(pattern, "bộ  nội vụ tỉnh", re.I).group()
    (2, 'bộ  nội vụ')
    """
    groups: list[tuple[str, list[str]]] = []  # first character (any of its case variants), the rests in order
    for name in names:
        if name:
            group = next((rests for first, rests in groups if _same_letter(first, name[0])), None)
            if group is None:
                groups.append((name[0], [name[1:]]))
            else:
                group.append(name[1:])
    firsts = [first for first, _ in groups]
    if any(_overlap(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:]):
        return "|".join(name_pattern(n) for n in names)
    branches = [name_pattern(first) + (f"(?:{alternation(rests)})" if len(rests) > 1 else name_pattern(rests[0]))
                for first, rests in groups]
    if "" in names:  # the shortest: it comes last, as in the flat list
        branches.append("")
    return "|".join(branches)


def _same_letter(a: str, b: str) -> bool:
    """Whether `a` and `b` match the same characters under re.I ("C" and "c")."""
    if a == b:
        return True
    return " " not in (a, b) and re.fullmatch(re.escape(a), b, re.I) is not None and re.fullmatch(re.escape(b), a, re.I) is not None


def _overlap(a: str, b: str) -> bool:
    """Whether some character matches both `a` and `b` in a name pattern (a space: any whitespace)."""
    if " " in (a, b):
        return _WHITESPACE_RE.fullmatch(b if a == " " else a) is not None
    # under re.I two letters match some same character only when one of them matches the other
    return re.fullmatch(re.escape(a), b, re.I) is not None or re.fullmatch(re.escape(b), a, re.I) is not None


_WHITESPACE_RE = re.compile(r"\s")
