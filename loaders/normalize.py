"""Normalise the text of a Vietnamese administrative document, keeping an exact offset map.

`normalize(text)` returns a `Normalized` whose `text` is what the extractors read and
whose `to_original` / `span_to_original` map any offset or span of it back to the text
that was given, so that evidence spans always point into the file as read.

The work is a fixed sequence of passes (see `normalize`).  Each pass is one scan of the
text that yields *edits* ``(start, end, replacement)`` over its input; `_apply` splices
them in and records, for every replaced piece, ``(out_start, out_end, in_start, in_end)``
in four parallel arrays (`_OffsetMap`).  Text between edits is copied, so it maps 1:1.
Offsets are mapped back with `bisect` through the chain of per-pass maps, last pass
first; lookups are rare (evidence spans only), so nothing per character is ever built.
Length-preserving character rewrites (Ð→Đ, odd spaces, tone placement) are done with
`str.translate` / same-length substitutions and need no map at all.

Passes, in the order they run (the comments in `normalize` say why):

1. characters: line ends (CRLF, CR) → ``\\n``; zero-width characters removed; odd
   spaces → `` ``, Unicode line separators → ``\\n``; ``Ð``/``ð`` → ``Đ``/``đ``.
2. HTML: ``<sup>N</sup>`` footnote markers removed (a line that starts with one is a
   footnote body, recorded in `Normalized.footnotes`); inline tags removed, ``<br>`` →
   newline; entities decoded.
3. document symbols broken by spaces, dashes or line breaks rejoined (``TT- BTC`` →
   ``TT-BTC``, ``TT-⏎⏎BNV`` → ``TT-BNV``).
4. hard-wrapped paragraph lines rejoined (conservatively, see `_pass_wrap`).
5. tables — the "pipe-line" tables of the crawled texts, then markdown pipe tables —
   rewritten as tab-separated rows, one row per line.
6. markdown: ``#`` heading marks, ``**``/``__`` and single-``*`` emphasis removed,
   ``\\*`` → ``*``; list markers kept.
7. Unicode NFC.
8. one tone placement for "oa", "oe", "uy" syllables without final consonant
   (hoá → hóa, uỷ → ủy), as in Nghị định 30/2020.
9. whitespace: spaces at line/cell ends, runs of spaces, 3+ newlines.
10. footnote-body sentinels removed and their spans recorded.

`fold(text)` is a loose key for matching names: lower case, no diacritics, đ → d,
non-alphanumerics collapsed to single spaces.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["Normalized", "fold", "normalize"]

Edit = tuple[int, int, str]

# A noncharacter (reserved by Unicode for internal use): marks the start of a footnote
# body between the HTML pass and the last pass.  Any occurrence in the input is removed
# by the first pass, so every sentinel seen later is ours.
_FOOTNOTE = "\ufdd0"


# ------------------------------------------------------------------------------ offsets


class _OffsetMap:
    """Map output offsets of one pass back to its input offsets.

    Replaced pieces are kept in four parallel lists sorted by output position; anything
    between two pieces was copied unchanged.  An offset inside a replaced piece maps to
    the start of the input piece; a span end maps to the end of the input piece.
    """

    __slots__ = ("in_ends", "in_starts", "out_ends", "out_starts")

    def __init__(self, out_starts: list[int], out_ends: list[int], in_starts: list[int], in_ends: list[int]):
        self.out_starts = out_starts
        self.out_ends = out_ends
        self.in_starts = in_starts
        self.in_ends = in_ends

    def start(self, i: int) -> int:
        """Input offset of output offset `i` (the start of the piece that produced it)."""
        k = bisect_right(self.out_starts, i) - 1
        if k < 0:
            return i
        if i < self.out_ends[k]:
            return self.in_starts[k]
        return self.in_ends[k] + (i - self.out_ends[k])

    def end(self, e: int) -> int:
        """Input offset just after everything that produced output char ``e - 1``."""
        if e <= 0:
            return 0
        j = e - 1
        k = bisect_right(self.out_starts, j) - 1
        if k < 0:
            return e
        if j < self.out_ends[k]:
            return self.in_ends[k]
        return self.in_ends[k] + (j - self.out_ends[k]) + 1


def _apply(text: str, edits: Iterable[Edit]) -> tuple[str, _OffsetMap | None]:
    """Splice sorted, non-overlapping edits into `text`; return the new text and its map."""
    parts: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    in_starts: list[int] = []
    in_ends: list[int] = []
    # Bound methods: this loop runs once per edit (~100k on 5 MB).
    add_part, add_out_start, add_out_end = parts.append, out_starts.append, out_ends.append
    add_in_start, add_in_end, startswith = in_starts.append, in_ends.append, text.startswith
    pos = 0
    delta = 0  # len(output so far) - len(input consumed so far)
    for s, e, r in edits:
        n = len(r)
        if e - s == n and startswith(r, s):
            continue  # a no-op edit: leave it to the copy
        add_part(text[pos:s])
        add_part(r)
        o = s + delta
        add_out_start(o)
        add_out_end(o + n)
        add_in_start(s)
        add_in_end(e)
        delta += n - (e - s)
        pos = e
    if not out_starts:
        return text, None
    parts.append(text[pos:])
    return "".join(parts), _OffsetMap(out_starts, out_ends, in_starts, in_ends)


Repl = Callable[[re.Match[str]], "str | Edit | None"]


def _regex_edits(pattern: re.Pattern[str], text: str, repl: Repl) -> Iterator[Edit]:
    """Edits for the matches of `pattern` that `repl` rewrites.

    `repl` returns None (leave the match), a replacement for the match, or a whole
    edit when the piece to replace is not exactly the match (e.g. widened to the
    spaces around it).  Patterns are written so that every alternative starts with a
    literal character or one class: `re` then finds candidates with a fast C scan
    instead of trying the whole pattern at every position (3-10x faster here).
    """
    for m in pattern.finditer(text):
        r = repl(m)
        if r is None:
            continue
        if isinstance(r, str):
            yield m.start(), m.end(), r
        else:
            yield r


class _Builder:
    """Describe an output region as copied input ranges and literal strings; emit edits.

    Used by the table passes: cell text is copied (so it maps 1:1) and everything
    between two copied ranges (pipes, line breaks, padding) becomes one edit whose
    replacement is the literal separator.
    """

    def __init__(self, start: int):
        self.edits: list[Edit] = []
        self._cur = start
        self._lit: list[str] = []

    def lit(self, s: str) -> None:
        self._lit.append(s)

    def copy(self, s: int, e: int) -> None:
        self.edits.append((self._cur, s, "".join(self._lit)))
        self._lit.clear()
        self._cur = e

    def finish(self, end: int) -> list[Edit]:
        self.edits.append((self._cur, end, "".join(self._lit)))
        self._lit.clear()
        self._cur = end
        return self.edits


# -------------------------------------------------------------------- character classes


def _char_class(pred: Callable[[str], bool], *ranges: tuple[int, int]) -> str:
    """A regex character-class body listing the characters in `ranges` that satisfy `pred`."""
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1) if pred(chr(c))]
    out: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        out.append(re.escape(chars[i]) if i == j else f"{re.escape(chars[i])}-{re.escape(chars[j])}")
        i = j + 1
    return "".join(out)


_LATIN = ((0x41, 0x24F), (0x1E00, 0x1EFF))
# Lower-case Latin letters (Vietnamese included): a line starting with one continues a
# hard-wrapped sentence.
_LOWER = _char_class(str.islower, *_LATIN)
_UPPER = _char_class(str.isupper, *_LATIN)
# Combining marks that NFC may fold into the preceding letter.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"


# --------------------------------------------------------------------------- characters


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + _FOOTNOTE
_RE_CONTROL = re.compile(f"[\r{_ZERO_WIDTH}]")

# Same-length character rewrites: no offset map needed.
_CHAR_TABLE = {
    0x00D0: "Đ",  # Ð (Icelandic eth) is often typed for Đ
    0x00F0: "đ",
    0x0189: "Đ",  # Ɖ (African D)
    **{c: " " for c in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)},
    # Line breaks other than \n: the line-based rules below only know \n.
    **{c: "\n" for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)},
}


_RE_CHAR_TABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHAR_TABLE) + "]")


def _control_repl(m: re.Match[str]) -> str | Edit:
    s = m.start()
    if m.group() != "\r":
        return ""  # zero-width
    if m.string.startswith("\n", s + 1):
        return s, s + 2, "\n"  # CRLF
    return "\n"  # lone CR (old Mac)


_RE_ANY_CHAR_FIX = re.compile(f"[\r{_ZERO_WIDTH}" + _RE_CHAR_TABLE.pattern[1:])


def _pass_chars(text: str) -> tuple[str, _OffsetMap | None]:
    """CRLF/CR → LF, zero-width characters removed (map), then same-length rewrites."""
    if not _RE_ANY_CHAR_FIX.search(text):
        return text, None  # the usual case, found with one scan
    out, omap = _apply(text, _regex_edits(_RE_CONTROL, text, _control_repl))
    if _RE_CHAR_TABLE.search(out):  # translate() with a dict is slow: only when needed
        out = out.translate(_CHAR_TABLE)
    return out, omap


# --------------------------------------------------------------------------------- HTML

_RE_HTML = re.compile(
    r"<(?:sup[ \t]*>[ \t]*(?:\d+|\*+)[ \t]*</sup[ \t]*>"  # footnote marker <sup>1</sup>
    r"|br[ \t]*/?>"
    r"|/?(?:b|i|u|em|strong|span|font|sup|sub|small|big|mark|s|strike|del|ins)(?:[ \t][^<>\n]*)?/?>)"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,6});",
    re.IGNORECASE,
)
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": " ", "quot": '"', "apos": "'"}


def _decode_entity(ent: str) -> str | None:
    body = ent[1:-1]
    if body[0] != "#":
        return _ENTITIES.get(body.lower())
    code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0x0D:
        return None
    ch = chr(code)
    return "" if ch in _ZERO_WIDTH else ch.translate(_CHAR_TABLE)


def _html_repl(m: re.Match[str]) -> str | Edit | None:
    tag = m.group()
    if tag[0] == "&":
        return _decode_entity(tag)
    if tag[1] in "bB" and tag[2] in "rR":
        return "\n"  # <br>
    if "</" in tag:  # <sup>N</sup>, a footnote marker
        text, s, e = m.string, m.start(), m.end()
        line_start = text.rfind("\n", 0, s) + 1
        if text[line_start:s].strip(" \t"):
            return ""  # a reference inside a line
        # A line that starts with the marker is the footnote's body: mark it for the
        # last pass, dropping the spaces around the marker.
        while e < len(text) and text[e] in " \t":
            e += 1
        return line_start, e, _FOOTNOTE
    return ""  # any other inline tag


def _pass_html(text: str) -> tuple[str, _OffsetMap | None]:
    if "<" not in text and "&" not in text:
        return text, None
    return _apply(text, _regex_edits(_RE_HTML, text, _html_repl))


# ----------------------------------------------------------------------------- markdown

_RE_MD = re.compile(r"\\[*_#`]|\*\**|#[#]*[ \t]|__+")
# `_RE_MD` less the escapes ("\*"…), one pattern per first character (see `_md_marks`).
_RE_MD_BY_FIRST = {"*": re.compile(r"\*\**"), "#": re.compile(r"#[#]*[ \t]"), "_": re.compile(r"__+")}
# A line or table cell holding only emphasis around spaces ("** **", "* *"): an
# artefact of the crawl, it means "empty".
_RE_EMPTY_EMPHASIS = re.compile(r"[ ]*\*+(?:[ ]+\*+)+[ ]*")
_STAR_KEEP_BEFORE = frozenset(" \t\n(")
_STAR_KEEP_AFTER = frozenset(" \t\n.)")
_UNDERSCORE_OPEN_BEFORE = frozenset(" \t\n([{\"“'")
_UNDERSCORE_OPEN_AFTER = frozenset("[(\"“'")
_UNDERSCORE_CLOSE_AFTER = frozenset(" \t\n)]}.,;:!?\"”'")


def _cell_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """Bounds of the line, or tab-separated cell, around text[s:e]."""
    start = max(text.rfind("\n", 0, s), text.rfind("\t", 0, s)) + 1
    ends = [i for i in (text.find("\n", e), text.find("\t", e)) if i != -1]
    return start, min(ends) if ends else len(text)


def _md_marks(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_RE_MD`, in order.

    Without a backslash, no match holds the first character of another kind of mark,
    so the patterns for the characters present can be scanned for one by one and
    merged: `re` finds a literal first character several times faster than the class
    of four that `_RE_MD` starts with.
    """
    if "\\" in text:
        return _RE_MD.finditer(text)
    scans = [pattern.finditer(text) for first, pattern in _RE_MD_BY_FIRST.items() if first in text]
    return scans[0] if len(scans) == 1 else heapq.merge(*scans, key=re.Match.start)


def _md_edits(text: str) -> Iterator[Edit]:
    n = len(text)
    skip = 0
    for m in _md_marks(text):
        s, e = m.span()
        if s < skip:
            continue
        mark = m.group()
        before = text[s - 1] if s else "\n"
        after = text[e] if e < n else "\n"
        c = mark[0]
        if c == "\\":
            yield s, e, mark[1]  # \* → *
        elif c == "#":
            # Heading marks (up to six "#") at the start of a line, with their space.
            line_start = text.rfind("\n", 0, s) + 1
            if len(mark) <= 7 and not text[line_start:s].strip(" \t"):
                while e < n and text[e] in " \t":
                    e += 1
                yield line_start, e, ""
        elif c == "_":
            # "___" is a fill-in blank ("ngày ___/___"): keep.  "__" opens emphasis
            # after a space/bracket and before a word, closes after a word.
            if len(mark) == 2 and (
                (before in _UNDERSCORE_OPEN_BEFORE and (after.isalnum() or after in _UNDERSCORE_OPEN_AFTER))
                or (not before.isspace() and before != "_" and after in _UNDERSCORE_CLOSE_AFTER)
            ):
                yield s, e, ""
        else:
            if after == " ":
                cs, ce = _cell_bounds(text, s, e)
                if _RE_EMPTY_EMPHASIS.fullmatch(text, cs, ce):
                    yield cs, ce, ""
                    skip = ce
                    continue
            if len(mark) >= 2:
                yield s, e, ""  # ** and *** are always emphasis here
            elif not (before in _STAR_KEEP_BEFORE and after in _STAR_KEEP_AFTER):
                # A lone * glued to a word is emphasis ("*Nơi nhận:*", "(*Công văn…*)");
                # keep the list marker "* item", a literal " * ", the note mark "(*)"
                # and "*." (what "\*." becomes; keeping it makes the pass idempotent).
                yield s, e, ""


def _pass_markdown(text: str) -> tuple[str, _OffsetMap | None]:
    if "*" not in text and "#" not in text and "_" not in text and "\\" not in text:
        return text, None
    return _apply(text, _md_edits(text))


# ---------------------------------------------------------------------------------- NFC

_RE_COMBINING = re.compile(f"[^\\n][{_MARKS}]+")
_RE_LINE = re.compile(r"[^\n]+")


def _pass_nfc(text: str) -> tuple[str, _OffsetMap | None]:
    """NFC, replacing only letter+combining-mark clusters so the map stays fine-grained."""
    if unicodedata.is_normalized("NFC", text):
        return text, None

    def nfc(m: re.Match[str]) -> str:
        return unicodedata.normalize("NFC", m.group())

    out, omap = _apply(text, _regex_edits(_RE_COMBINING, text, nfc))
    if unicodedata.is_normalized("NFC", out):
        return out, omap
    # Rare scripts/singletons (Hangul jamo, Ω, CJK compatibility…): redo line by line.
    # Lines are independent under NFC because "\n" never composes.  Only one map can be
    # returned, so run the whole pass per line on the original instead.
    return _apply(text, _regex_edits(_RE_LINE, text, nfc))


# ----------------------------------------------------------------------- tone placement


def _tone_table() -> dict[str, str]:
    """'oá' → 'óa', 'Uỷ' → 'Ủy', …: the tone moves from the 2nd vowel to the 1st."""
    table: dict[str, str] = {}
    tones = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
    for first, seconds in (("o", "ae"), ("u", "y")):
        for f in (first, first.upper()):
            for sec in seconds + seconds.upper():
                for t in tones:
                    toned = unicodedata.normalize("NFC", sec + t)
                    table[f + toned] = unicodedata.normalize("NFC", f + t) + sec
    return table


_TONE = _tone_table()
_TONED_AE = "".join(sorted({k[1] for k in _TONE if k[0] in "oO"}))
_TONED_Y = "".join(sorted({k[1] for k in _TONE if k[0] in "uU"}))
# Not after q ("quý", "quỳ" keep their tone on y), and only when the syllable ends
# there: the next character is neither a letter ("hoàn", "toán", "thuyết") nor a
# combining mark (which would still belong to the vowel).  One pattern per first
# letter: `re` finds a literal first character several times faster than "[oOuU]".
_RE_TONES = tuple(
    re.compile(f"{first}(?<![qQ].)[{_TONED_AE if first in 'oO' else _TONED_Y}](?![^\\W\\d_]|[{_MARKS}])")
    for first in "oOuU"
)


def _tone_repl(m: re.Match[str]) -> str:
    return _TONE[m.group()]


def _pass_tone(text: str) -> tuple[str, _OffsetMap | None]:
    # A rewrite never creates or spoils a match of another pattern (the two letters stay
    # letters, none is a q, an o/u or a toned a/e/y afterwards), so scanning for one
    # first letter after the other gives what one scan for all four would.
    for pattern in _RE_TONES:
        text = pattern.sub(_tone_repl, text)
    return text, None  # same length: no map


# ------------------------------------------------------------------------------ symbols

_SYM_PART = r"[A-Za-zĐđ][A-Za-zĐđ0-9.]*(?![^\W\d_])"
_SYM_SEP = r"([ \t]*)([-/–—&])([ \t]*(?:\n[ \t]*){0,3})"
# A document number followed by separator+code parts, allowing the breaks we repair:
# "2820/BNV –CCVC", "10- CTr/TU", "44/2022/TT- BTC", "06/2023/TT-\n\nBNV".
# (The "not inside a longer token" check is done in `_symbol_edits`: a look-behind
# here would make `re` try the pattern at every position.)
_RE_SYMBOL = re.compile(rf"(\d[0-9]*(?:/\d{{4}})?)(?:{_SYM_SEP}{_SYM_PART})+")
_SYMBOL_GLUE = frozenset("/&.-–—")
_RE_SYMBOL_PART = re.compile(_SYM_SEP + f"({_SYM_PART})")
_RE_SYMBOL_FIX = re.compile("[ \t\n–—]")
_RE_TWO_UPPER_START = re.compile("[A-ZĐ]{2}")
# The separators that `_symbol_edits` may repair: a long dash, or a separator with
# spaces before it, or spaces or a line break after it (following a number or code,
# not the "- " of a list item), followed by a code with two capitals ("- BTC", not
# "lập - Tự do" or "2021 - 2025"), since `_symbol_edits` only accepts such a part.
# Every match that it repairs holds one.  One pattern per separator: a pattern
# starting with a literal is scanned for several times faster than one starting with
# a class.
_SPACED_SEP = (
    r"(?:(?<=[ \t].)|(?<=[\dA-Za-zĐđ.].)(?=[ \t\n]))"
    r"(?=[ \t]*(?:\n[ \t]*)*[A-Za-zĐđ0-9.]*?[A-ZĐ][A-Za-zĐđ0-9.]*?[A-ZĐ])"
)
_SYMBOL_BREAKS = tuple(
    (sep, re.compile(sep if sep in "–—" else re.escape(sep) + _SPACED_SEP)) for sep in "-/&–—"
)
# A character no `_RE_SYMBOL` match can hold, so no match runs across it.
_RE_NOT_IN_SYMBOL = re.compile(r"[^\d/ \t\n\-–—&A-Za-zĐđ.]")
# The last such character before `endpos`: `.*` jumps to the end and backtracks, so this
# scans backwards from the break only as far as needed.
_RE_LAST_NOT_IN_SYMBOL = re.compile(r"(?s:.*)" + _RE_NOT_IN_SYMBOL.pattern)


def _symbol_edits(m: re.Match[str]) -> list[Edit]:
    if not _RE_SYMBOL_FIX.search(m.group()):
        return []  # the usual case: a well-formed symbol
    s = m.start()
    if s and (m.string[s - 1].isalnum() or m.string[s - 1] in _SYMBOL_GLUE or m.string[s - 1] == "_"):
        return []  # inside a longer token
    accepted: list[re.Match[str]] = []
    slash = "/" in m.group(1)
    has_code = False
    for p in _RE_SYMBOL_PART.finditer(m.string, m.end(1), m.end()):
        before, sep, after, code = p.groups()
        if "\n" in after:
            # Broken across lines/pages: only "TT-⏎BNV" / "2820/⏎BNV" (the separator
            # stays on the first line) followed by an upper-case code.
            ok = not before and (sep == "/" or (sep == "-" and has_code)) and bool(_RE_TWO_UPPER_START.match(code))
        elif before or after:
            # Spaces around the separator: the next part must be a code (2+ capitals),
            # so "năm 2025 - Tăng" or "2021 - 2025" never qualify.
            ok = sum(c.isupper() for c in code) >= 2
        else:
            ok = True
        if not ok:
            break
        accepted.append(p)
        slash = slash or sep == "/"
        has_code = True
    if not slash:
        return []  # "2025 – KH" is not a symbol; real ones always have a "/"
    edits: list[Edit] = []
    for p in accepted:
        sep = p.group(2)
        fixed = "-" if sep in "–—" else sep
        if p.group(1) or p.group(3) or fixed != sep:
            edits.append((p.start(1), p.end(3), fixed))
    return edits


def _pass_symbols(text: str) -> tuple[str, _OffsetMap | None]:
    """Repair broken symbols, scanning only the stretches of text that may hold one.

    `_RE_SYMBOL` tries a match at every digit, which made this the slowest pass, yet
    almost every match is a well-formed symbol that needs nothing.  A repair needs one
    of the `_SYMBOL_BREAKS`, so only the stretch around each break, bounded by
    characters no match can hold, is scanned.  A match never crosses such a character,
    so `finditer` from the stretch start yields exactly the matches that a scan of the
    whole text finds there; the end bound keeps that character so the look-ahead sees it.
    """
    breaks = sorted(
        m.start() for sep, pattern in _SYMBOL_BREAKS if sep in text for m in pattern.finditer(text)
    )
    if not breaks:
        return text, None

    def edits() -> Iterator[Edit]:
        done = 0  # the end of the last stretch scanned
        for brk in breaks:
            if brk < done:
                continue
            before = _RE_LAST_NOT_IN_SYMBOL.match(text, done, brk)
            start = before.end() if before else done
            after = _RE_NOT_IN_SYMBOL.search(text, brk)
            done = after.start() if after else len(text)
            for m in _RE_SYMBOL.finditer(text, start, done + 1):
                yield from _symbol_edits(m)

    return _apply(text, edits())


# ------------------------------------------------------------------- hard-wrapped lines

# Numbering that starts a new item even without a blank line: "a) ", "đ. ", "ii) ",
# "1. ", "1.1. ", "1) ", "1.1 ", "(1) ", "(a) ".
_MARKER = (
    rf"(?:(?:[{_LOWER}]|[ivx]+|\d+(?:\.\d+)*)[.)]|\((?:\d+|[{_LOWER}]|[ivx]+)\)|\d+(?:\.\d+)+)"
    r"(?:[ \t\n]|\Z)"
)
# The same for lines starting with a capital: "I. ", "A) ", "Điều 2", "Chương II"…
_UPPER_MARKER = (
    r"(?:[IVXLC]+[.)]|[A-ZĐ][.)]|(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC)[ \t]+[0-9IVXLC]+)"
    r"(?:[ \t\n.:]|\Z)"
)
# Characters that, ending a line, keep the next one from continuing it with a capital:
# `_pass_wrap` only joins a capital after a lower-case letter or ",".
_NOT_BEFORE_UPPER = rf"[\t.:;!?)\]*\"”'|0-9\-{_UPPER}]"
# A line break followed by a line that continues a sentence: one that starts (maybe
# after emphasis marks, group "em") with a lower-case letter, a digit or "(" (group
# "lower"), or with a capital (group "upper").  What the previous line ends with is
# checked in `_pass_wrap`; the breaks it would reject whatever follows are left out
# here already, since most breaks are such and a match costs far more in Python than a
# failed look-behind: after a blank line or a line ending in ":", ";" or "|", and a
# capital after a line ending in one of `_NOT_BEFORE_UPPER`.
_RE_WRAP = re.compile(
    r"\n(?<![\n:;|]\n)"
    rf"(?:(?<!{_NOT_BEFORE_UPPER}\n)|(?=[ ]*(?:\*{{0,3}}|__)[{_LOWER}0-9(]))"
    r"[ ]*(?P<em>\*{0,3}|__)"
    rf"(?:(?=[{_LOWER}0-9(])(?!{_MARKER})(?P<lower>)|(?=[{_UPPER}])(?!{_UPPER_MARKER})(?P<upper>))"
)
_ENDS_BLOCK = frozenset(":;|")


# Runs of blank lines, as "\n(?:[ \t]*\n)+" would find them; one class repeated is
# matched by a fast loop where a repeated group is not.
_RE_BLANK_RUN = re.compile(r"\n[ \t\n]*\n")


def _paragraphs_by_blank_lines(text: str, joined: int) -> bool:
    """Does this document separate its paragraphs with blank lines?

    Then a single line break inside a paragraph is a wrap whatever the next line
    starts with.  In the crawled corpus (extra/) this holds for 18 of 22 documents; in
    all of them every "lower-case word⏎Capital" break is a wrap (≈180 cases: "của⏎Thủ
    tướng", "Sở⏎Khoa học", "Chương⏎II").  The other documents (no blank line at all,
    18_/24_/25_/26_) put headings and paragraphs on consecutive lines ("1.1. Giao Sở
    Nông nghiệp⏎và Môi trường⏎Khẩn trương…"), so there a capital starts a new block.

    Measured as paragraph breaks (runs of blank lines, however long) among all line
    breaks left once the `joined` lower-case wraps are gone, so that normalising the
    output again (runs collapsed, wraps joined) reaches the same answer.  A text with
    fewer than 3 paragraph breaks (a snippet, a short letter) gets the cautious answer.
    """
    body = text.strip()  # blank lines before the first or after the last line separate nothing
    runs = _RE_BLANK_RUN.findall(body)
    breaks = body.count("\n") - ("".join(runs).count("\n") - len(runs)) - joined
    return len(runs) >= 3 and len(runs) >= 0.05 * breaks


def _pass_wrap(text: str) -> tuple[str, _OffsetMap | None, bool]:
    """Join hard-wrapped lines; also say whether paragraphs are blank-line separated.

    A break is joined when the next line continues the sentence (lower-case letter,
    digit or "(", not a list/numbering marker) and the line before does not end a
    block (":", ";", a pipe line, a table row).  A capital after a line ending in a
    lower-case word or "," is joined too, but only in documents whose paragraphs are
    separated by blank lines (`_paragraphs_by_blank_lines`).

    That question is only answered when something depends on it, a capital to join
    or a "|" for the pipe-table pass (this pass adds and removes none); otherwise the
    third value is False.
    """
    lower: list[Edit] = []
    upper: list[Edit] = []
    tabs = "\t" in text
    for m in _RE_WRAP.finditer(text):
        is_upper = m.lastgroup == "upper"
        s, e = m.start(), m.start("em")
        while s and text[s - 1] == " ":  # (not tabs: "x\t\t" is a table row)
            s -= 1
        if not s:
            continue
        if is_upper:
            # "…của⏎Thủ tướng", "I. MỤC ĐÍCH,⏎YÊU CẦU"; not after "**" (a bold heading)
            last = text[s - 1]
            if not (last.islower() or last == ","):
                continue
        else:
            i = s  # what the line ends with, emphasis aside ("*Nơi nhận:*")
            while i and text[i - 1] in " \t*_":
                i -= 1
            if not i or text[i - 1].isspace() or text[i - 1] in _ENDS_BLOCK:
                continue  # a blank line, "…như sau:", "…;" or a pipe line
        # Never join table rows (tab-separated) to anything.
        if tabs:
            if text.find("\t", text.rfind("\n", 0, s) + 1, s) != -1:
                continue
            next_end = text.find("\n", e)
            if text.find("\t", e, len(text) if next_end == -1 else next_end) != -1:
                continue
        (upper if is_upper else lower).append((s, e, " "))
    # (Most texts have neither: this saves two scans of the text.)
    blank_paragraphs = bool(upper or "|" in text) and _paragraphs_by_blank_lines(text, len(lower))
    edits = sorted(lower + upper) if blank_paragraphs and upper else lower
    out, omap = _apply(text, edits)
    return out, omap, blank_paragraphs


# ------------------------------------------------------------------------------- tables

LinePattern = tuple[re.Pattern[str], re.Pattern[str]]


def _whole_lines(body: str) -> LinePattern:
    """Patterns finding whole lines that match `body`.

    Anchored on the "\\n" before the line rather than on ``^`` with MULTILINE, which
    `re` can only try at every position (5x slower on a large text).
    """
    return re.compile(rf"\n({body})(?=\n|\Z)"), re.compile(rf"({body})(?=\n|\Z)")


def _search_line(pattern: LinePattern, text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the first whole line matching `pattern` that starts at or after `pos`."""
    if pos == 0:
        m = pattern[1].match(text)
        if m:
            return m.span(1)
    m = pattern[0].search(text, max(pos - 1, 0))
    return m.span(1) if m else None


def _iter_lines(pattern: LinePattern, text: str) -> Iterator[tuple[int, int]]:
    m = pattern[1].match(text)
    if m:
        yield m.span(1)
    for m in pattern[0].finditer(text):
        yield m.span(1)


_PIPE_LINE = _whole_lines(r"[ \t]*\|[ \t]*")


class _Lines:
    """On-demand line lookup: kind ('P' pipe-only, 'B' blank, 'T' text) and bounds."""

    def __init__(self, text: str):
        self.text = text

    def at(self, pos: int) -> tuple[str, int, int, int]:
        """(kind, start, end, start of next line) of the line starting at `pos`."""
        text = self.text
        end = text.find("\n", pos)
        if end == -1:
            end = len(text)
        content = text[pos:end].strip(" \t")
        kind = "B" if not content else ("P" if content == "|" else "T")
        return kind, pos, end, end + 1


Cell = list[tuple[int, int]]  # the text lines of a cell, as (start, end)


def _parse_pipe_table(lines: _Lines, start: int, glued: bool) -> tuple[list[list[Cell]], int]:
    """Parse the pipe-line table whose first "|" line starts at `start`.

    Crawled tables are written one line per cell boundary: each cell is preceded by a
    "|" line and each row ends with one, so "| a | b | | c | d |" (one item per line)
    is two rows, and a "|" right after a row start is an empty cell.  A table ends at a
    "|" followed by a blank line, or when text after a "|" is not closed by another
    "|".  Texts without blank lines (`glued`: 18_, 24_, 25_, 26_) also need the
    column count: once a row has as many cells as the first row, a "|" followed by
    text ends the table.  Elsewhere tables are followed by a blank line and a first
    row may be a merged section row ("B | PHÁT TRIỂN…" in 07_), so the width of the
    first row says nothing.

    A run of k "|" lines after a cell holds one row break and k-2 empty cells; the
    empty cells complete the current row up to the column count (08_*: "Hằng năm. | |
    | | 2" is a row ending in two empty cells), the rest open the next row (24_*:
    "| | TỔNG | 2.615.000").  Rows with merged cells are simply shorter; rows with no
    text at all are dropped.

    Returns the rows and the end offset of the last "|" line that belongs to the table.
    """
    text_len = len(lines.text)

    def kind_at(pos: int) -> str:
        return lines.at(pos)[0] if pos <= text_len else "EOF"

    rows: list[list[Cell]] = [[]]
    ncols: int | None = None
    _, _, last_end, pos = lines.at(start)
    while pos <= text_len:
        content: Cell = []
        kind, s, e, nxt = lines.at(pos)
        while kind == "T":
            content.append((s, e))
            if nxt > text_len:
                kind = "EOF"
                break
            kind, s, e, nxt = lines.at(nxt)
        if kind != "P":
            break  # blank line / end of text: the table ended at the last "|"
        row = rows[-1]
        if content or not row or not row[-1]:
            row.append(content)  # a cell (maybe empty) closed by this "|"
            last_end, pos = e, nxt
            if glued and ncols is not None and len(row) >= ncols and kind_at(pos) == "T":
                break
            continue
        # "…cell | |…": a run of "|" lines holding one row break.
        empties = 0
        while kind_at(nxt) == "P":
            _, s, e, nxt = lines.at(nxt)
            empties += 1
        # Unknown width, or "|" lines dangling at the table's end: no trailing cells.
        table_goes_on = ncols is not None and kind_at(nxt) == "T"
        trailing = max(0, min(empties, ncols - len(row))) if table_goes_on else 0
        row.extend([] for _ in range(trailing))
        if ncols is None:
            ncols = len(row)
        rows.append([[] for _ in range(empties - trailing)])
        last_end, pos = e, nxt
    # Rows of empty cells only (dangling "|" lines, "| | |" padding) say nothing.
    return [row for row in rows if any(row)], last_end


def _split_overfull_first_row(rows: list[list[Cell]], glued: bool) -> list[tuple[str, list[list[Cell]]]]:
    """Blocks ('table', rows) / ('text', [cell]) for one parsed region.

    Without blank lines a one-row table (the "Nơi nhận | signer" block), a title and the
    next table's header run together into one over-long first row (24_*).  When the
    first row has more cells than any later row, its last cells are the real header;
    the two before form the one-row table and anything between is plain text.  Only
    for `glued` texts (see `_parse_pipe_table`).
    """
    if glued and len(rows) > 1:
        width = max(len(r) for r in rows[1:])
        if 0 < width < len(rows[0]):
            lead, head = rows[0][:-width], rows[0][-width:]
            blocks: list[tuple[str, list[list[Cell]]]] = [("table", [lead[:2]])]
            blocks += [("text", [[cell]]) for cell in lead[2:]]
            blocks.append(("table", [head, *rows[1:]]))
            return blocks
    return [("table", rows)]


def _stripped(text: str, s: int, e: int) -> tuple[int, int]:
    line = text[s:e]
    return s + len(line) - len(line.lstrip(" \t")), s + len(line.rstrip(" \t"))


def _render_blocks(text: str, start: int, end: int, blocks: list[tuple[str, list[list[Cell]]]]) -> list[Edit]:
    """Edits turning region [start, end) into tab-separated rows (cells copied 1:1)."""
    b = _Builder(start)
    for bi, (kind, rows) in enumerate(blocks):
        if bi:
            b.lit("\n")
        line_sep = " " if kind == "table" else "\n"
        for ri, row in enumerate(rows):
            if ri:
                b.lit("\n")
            for ci, cell in enumerate(row):
                if ci:
                    b.lit("\t")
                for li, (s, e) in enumerate(cell):
                    if li:
                        b.lit(line_sep)
                    b.copy(*_stripped(text, s, e))
    return b.finish(end)


def _pipe_table_edits(text: str, glued: bool) -> Iterator[Edit]:
    lines = _Lines(text)
    pos = 0
    while True:
        found = _search_line(_PIPE_LINE, text, pos)
        if found is None:
            return
        start, line_end = found
        rows, end = _parse_pipe_table(lines, start, glued)
        if not any(rows):
            pos = line_end + 1  # a lone "|": leave it
            continue
        yield from _render_blocks(text, start, end, _split_overfull_first_row(rows, glued))
        pos = end


def _pass_pipe_tables(text: str, glued: bool) -> tuple[str, _OffsetMap | None]:
    if "|" not in text:
        return text, None
    return _apply(text, _pipe_table_edits(text, glued))


_MD_ROW = _whole_lines(r"[ \t]*\|[^\n]*\|[ \t]*")
# "| --- | :---: |"; three dashes at least, so a row of "-" cells ("no value") stays.
_RE_MD_DELIM = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)*[ \t]*:?-{3,}:?[ \t]*\|?[ \t]*")
_RE_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _md_table_edits(text: str) -> Iterator[Edit]:
    """Markdown tables ("| a | b |" lines, 2+ in a row): cells joined by tabs, the
    "| --- |" delimiter line dropped."""
    run: list[tuple[int, int]] = []

    def flush() -> Iterator[Edit]:
        if len(run) < 2:
            return
        b = _Builder(run[0][0])
        first = True
        for s, e in run:
            if _RE_MD_DELIM.fullmatch(text, s, e):
                continue
            if not first:
                b.lit("\n")
            first = False
            pipes = [p.start() for p in _RE_UNESCAPED_PIPE.finditer(text, s, e)]
            for ci, (a, z) in enumerate(zip(pipes, pipes[1:], strict=False)):
                if ci:
                    b.lit("\t")
                cs, ce = _stripped(text, a + 1, z)
                if cs < ce:
                    b.copy(cs, ce)
        yield from b.finish(run[-1][1])

    for span in _iter_lines(_MD_ROW, text):
        if run and span[0] != run[-1][1] + 1:
            yield from flush()
            run = []
        run.append(span)
    yield from flush()


def _pass_md_tables(text: str) -> tuple[str, _OffsetMap | None]:
    if "|" not in text:
        return text, None
    return _apply(text, _md_table_edits(text))


# --------------------------------------------------------------------------- whitespace

# Scans whose edits are merged.  Each pattern starts with one literal character: `re`
# finds those with a fast loop, while a pattern that starts with a class ("[\n\t]") or
# may start at any space makes it test every character (3x slower).
_RE_SPACE_AFTER_BREAK = re.compile(
    r"\n(?: *\n){2,} *"  # 3+ newlines (blank lines may hold spaces) → 2
    r"|\n  *"  # spaces at the start of a line → none
)
_RE_SPACE_AFTER_TAB = re.compile(r"\t  *")  # spaces at the start of a cell → none
_RE_SPACE_RUN = re.compile("   *")  # 2+ spaces: one inside a line, none at its ends


def _break_edits(text: str) -> Iterator[Edit]:
    for m in _RE_SPACE_AFTER_BREAK.finditer(text):
        yield m.start(), m.end(), "\n\n" if m.group().count("\n") >= 3 else "\n"


def _cell_start_edits(text: str) -> Iterator[Edit]:
    for m in _RE_SPACE_AFTER_TAB.finditer(text):
        yield m.start(), m.end(), "\t"


def _run_edits(text: str) -> Iterator[Edit]:
    n = len(text)
    for m in _RE_SPACE_RUN.finditer(text):
        s, e = m.span()
        yield s, e, "" if s == 0 or e == n or text[e] in "\n\t" else " "


def _lone_space_edits(text: str) -> Iterator[Edit]:
    """Single spaces at the start of the text or before a line end / tab."""
    if text.startswith(" ") and not text.startswith("  "):
        yield 0, 1, ""
    hits: list[int] = []
    for pair in (" \n", " \t"):
        i = text.find(pair)
        while i != -1:
            hits.append(i)
            i = text.find(pair, i + 2)
    if text.endswith(" "):
        hits.append(len(text) - 1)
    for i in sorted(hits):
        if i and text[i - 1] != " ":  # longer runs are _run_edits'
            yield i, i + 1, ""


def _pass_whitespace(text: str) -> tuple[str, _OffsetMap | None]:
    # The other scans only when a cheap test says they can match: most texts have no
    # space after a tab, no double space and no space before a line end.
    scans = [_break_edits(text)]
    tabs = "\t" in text
    if tabs and _RE_SPACE_AFTER_TAB.search(text):
        scans.append(_cell_start_edits(text))
    if "  " in text:
        scans.append(_run_edits(text))
    if text.startswith(" ") or text.endswith(" ") or " \n" in text or (tabs and " \t" in text):
        scans.append(_lone_space_edits(text))
    if len(scans) == 1:
        return _apply(text, scans[0])  # sorted and never overlapping

    def merged() -> Iterator[Edit]:
        last_end = -1
        for edit in heapq.merge(*scans):
            if edit[0] >= last_end:  # overlapping edits: the first one covers the rest
                yield edit
                last_end = edit[1]

    return _apply(text, merged())


# ------------------------------------------------------------------------- the pipeline

@dataclass(frozen=True)
class Normalized:
    """A normalised text, the text it came from, and the way back."""

    text: str
    original: str
    footnotes: tuple[tuple[int, int], ...] = ()
    _maps: tuple[_OffsetMap, ...] = field(default=(), repr=False, compare=False)

    def to_original(self, i: int) -> int:
        """Offset in `original` of offset `i` (0..len(text)) of `text`."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"offset {i} outside 0..{len(self.text)}")
        for m in reversed(self._maps):
            i = m.start(i)
        return i

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` covering every character that produced text[start:end]."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span ({start}, {end}) outside 0..{len(self.text)}")
        for m in reversed(self._maps):
            if start == end:
                start = end = m.start(start)
            else:
                start, end = m.start(start), m.end(end)
        return start, end


def _pass_footnotes(text: str) -> tuple[str, _OffsetMap | None, tuple[tuple[int, int], ...]]:
    """Remove footnote sentinels; each marks a body running to the end of its line."""
    if _FOOTNOTE not in text:
        return text, None, ()
    out, omap = _apply(text, ((i, i + 1, "") for i in _find_all(text, _FOOTNOTE)))
    spans = []
    for i in _find_all(text, _FOOTNOTE):
        start = i - len(spans)  # each earlier sentinel removed one character
        end = out.find("\n", start)
        spans.append((start, len(out) if end == -1 else end))
    return out, omap, tuple(spans)


def _find_all(text: str, ch: str) -> Iterator[int]:
    i = text.find(ch)
    while i != -1:
        yield i
        i = text.find(ch, i + 1)


def normalize(text: str) -> Normalized:
    """Normalise a document text; see the module docstring for the rules."""
    maps: list[_OffsetMap] = []

    def run(result: tuple[str, _OffsetMap | None]) -> str:
        out, omap = result
        if omap is not None:
            maps.append(omap)
        return out

    # Order matters:
    # - characters first, so every later pattern sees plain spaces and "\n" only;
    # - symbols before line joining ("TT-⏎⏎BNV" spans a blank line);
    # - line joining before tables: cell lines are joined with spaces either way, and
    #   a converted table row must never be joined to its neighbour;
    # - tables before markdown: the crawled tables hold cells like "** **" that would
    #   become blank lines (which end a table) if the emphasis went first;
    # - markdown and tags before NFC and tone: removing "**" can bring a letter next
    #   to a combining mark or to a final consonant ("ho**à**n");
    # - whitespace last, to clean what the other passes leave.
    cur = run(_pass_chars(text))
    cur = run(_pass_html(cur))
    cur = run(_pass_symbols(cur))
    cur, omap, blank_paragraphs = _pass_wrap(cur)
    cur = run((cur, omap))
    cur = run(_pass_pipe_tables(cur, glued=not blank_paragraphs))
    cur = run(_pass_md_tables(cur))
    cur = run(_pass_markdown(cur))
    cur = run(_pass_nfc(cur))
    cur = run(_pass_tone(cur))
    cur = run(_pass_whitespace(cur))
    cur, omap, footnotes = _pass_footnotes(cur)
    run((cur, omap))
    return Normalized(cur, text, footnotes, tuple(maps))


# ------------------------------------------------------------------------------ folding

_FOLD_TABLE = {ord("đ"): "d", ord("Đ"): "d", 0x00D0: "d", 0x00F0: "d"}
_RE_NON_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Loose matching key: lower case, no diacritics (đ → d), non-alphanumerics → one space."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _RE_NON_ALNUM.sub(" ", bare.lower()).strip()
