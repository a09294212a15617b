"""The spaCy pipeline: sentences (punctuation and line breaks) and agency names from the gazetteer.

`spacy.blank("xx")` splits on spaces and punctuation without segmenting Vietnamese
words, which is what the rules need; nothing is downloaded.  Citations, dates and
amounts are found on the raw text by regular expressions (much faster); spaCy gives
sentence boundaries for evidence and the agency spans the assignment rules read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import spacy
from spacy.language import Language

from loaders.gazetteer import _load

SPAN_KEY = "agencies"


def agency_patterns() -> list[dict]:
    """SpanRuler patterns for every body name and alias of the gazetteer (case-insensitive)."""
    data = _load("agencies.json")
    names: set[str] = set()
    for key in ("national", "local"):
        for b in data[key]:
            names.update([b["name"], *b["aliases"]])
    names -= {"tỉnh", "Tỉnh", "Thành phố"}
    pats = [{"label": "AGENCY", "pattern": n} for n in sorted(names)]
    return pats


@cache
def nlp() -> Language:
    pipe = spacy.blank("xx")
    pipe.max_length = 50_000_000
    ruler = pipe.add_pipe("span_ruler", config={"spans_key": SPAN_KEY, "phrase_matcher_attr": "LOWER", "overwrite": True})
    ruler.add_patterns(agency_patterns())
    return pipe


@dataclass(frozen=True)
class Sentences:
    """Sentence boundaries of a text, for the evidence of a span."""

    text: str
    starts: tuple[int, ...]
    # the sentence of a table row or an item is the evidence of every fact read in it
    _sentence: dict[tuple[int, int, int], str] = field(default_factory=dict, repr=False, compare=False)

    def around(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, start) - 1
        s = self.starts[max(i, 0)]
        j = bisect.bisect_left(self.starts, max(end, start + 1))
        e = self.starts[j] if j < len(self.starts) else len(self.text)
        return s, e

    def sentence(self, start: int, end: int, limit: int = 600) -> str:
        s, e = self.around(start, end)
        sent = self._sentence.get((s, e, limit))
        if sent is None:
            sent = squash(self.text[s:e])
            sent = self._sentence[s, e, limit] = sent if len(sent) <= limit else sent[:limit] + "…"
        return sent


def squash(text: str) -> str:
    """`" ".join(text.split())`: words between single spaces.

    Splitting makes a string of every word; most texts have no whitespace inside but single
    spaces, tabs and line breaks, and are returned stripped, these made spaces (every
    whitespace character but " " is unprintable).
    """
    t = text.strip()
    if not t.isprintable():
        t = t.replace("\t", " ").replace("\n", " ")  # the usual whitespace of a table row or of lines
    if t.isprintable() and "  " not in t:
        return t
    return " ".join(t.split())


@dataclass(frozen=True)
class Analysis:
    sentences: Sentences
    agencies: tuple[tuple[int, int], ...]  # char spans of agency names


# Ends the same as `(?<=[.!?;])\s+(?=\S)|\n+`, but opens with one character class, so `re`
# skips to candidates with a fast scan instead of trying the lookbehind at every character.
_SENT_END_RE = re.compile(r"[.!?;\n](?:(?<=\n)\n*|(?<=[.!?;])\s+(?=\S))")


def analyse(text: str) -> Analysis:
    """Sentence boundaries: punctuation followed by space, and line breaks (headings, items, rows stand alone)."""
    # the ends of the matches rise, and none is 0 (a match is never empty)
    return Analysis(Sentences(text, (0, *[m.end() for m in _SENT_END_RE.finditer(text)])), ())


def agency_spans(snippets: list[str]) -> list[list[tuple[int, int]]]:
    """The gazetteer's agency names in each snippet (char spans), longest first where they overlap."""
    return [list(_spans(sn)) for sn in snippets]


# The snippets the rules ask about recur ("Sở Nội vụ chủ trì, phối", see `name_head`), and
# spaCy costs tens of µs a call even for a few words.
@lru_cache(maxsize=4096)
def _spans(snippet: str) -> tuple[tuple[int, int], ...]:
    pipe = nlp()
    doc = pipe.make_doc(snippet)
    # The ruler's phrase matcher alone: the ruler's own call wraps the same matches in Span
    # objects, dedupes and sorts them under a warnings filter, and costs more than tokenising.
    found = {(s, e) for _, s, e in pipe.get_pipe("span_ruler").phrase_matcher(doc) if s != e}
    return tuple((doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in _longest_first(found))


_CHUNK_RE = re.compile(r"\S+")  # spaCy cuts a text at whitespace, then each chunk into tokens


def name_head(text: str) -> str:
    """`text` up to and with its first word that spaCy keeps whole and that no agency name holds.

    No agency span holds that word, so none crosses it, and spans on either side of it never
    overlap: the spans of the head are those of `text` that end before the word.  The names
    that open a phrase are read from its head, a short text that recurs.
    """
    for m in _CHUNK_RE.finditer(text):
        if _outside_names(m.group()):
            return text[:m.end()]
    return text


@lru_cache(maxsize=1 << 14)
def _outside_names(chunk: str) -> bool:
    """Whether spaCy makes one token of `chunk` (text between whitespace) and no agency name holds it.

    The tokenizer splits a chunk by special cases, prefixes, suffixes and infixes only; its
    special cases are also matched across tokens, so the chunk must not be in one either.  A
    token's LOWER is its text lower-cased, and the phrase matcher matches LOWERs of names.
    """
    tokenizer = nlp().tokenizer
    return (chunk.lower() not in _name_words() and chunk not in _special_cases()
            and not tokenizer.find_prefix(chunk) and not tokenizer.find_suffix(chunk) and not tokenizer.find_infix(chunk))


@cache
def _name_words() -> frozenset[str]:
    """The lower-cased tokens of every agency pattern (the span ruler tokenizes them the same way)."""
    pipe = nlp()
    return frozenset(t.lower_ for p in agency_patterns() for t in pipe.make_doc(p["pattern"]))


@cache
def _special_cases() -> str:
    """The tokenizer's special cases in one text, to find a chunk inside any of them."""
    return "\x00".join(nlp().tokenizer.rules)


def _longest_first(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spacy.util.filter_spans` on token spans: of overlapping spans the longest, then the first."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(spans, key=lambda sp: (sp[1] - sp[0], -sp[0]), reverse=True):
        if s not in taken and e - 1 not in taken:
            kept.append((s, e))
            taken.update(range(s, e))
    return sorted(kept)
