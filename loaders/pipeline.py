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
from functools import cache

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
            sent = " ".join(self.text[s:e].split())
            sent = self._sentence[s, e, limit] = sent if len(sent) <= limit else sent[:limit] + "…"
        return sent


@dataclass(frozen=True)
class Analysis:
    sentences: Sentences
    agencies: tuple[tuple[int, int], ...]  # char spans of agency names


# Ends the same as `(?<=[.!?;])\s+(?=\S)|\n+`, but opens with one character class, so `re`
# skips to candidates with a fast scan instead of trying the lookbehind at every character.
_SENT_END_RE = re.compile(r"[.!?;\n](?:(?<=\n)\n*|(?<=[.!?;])\s+(?=\S))")


def analyse(text: str) -> Analysis:
    """Sentence boundaries: punctuation followed by space, and line breaks (headings, items, rows stand alone)."""
    starts = tuple(sorted({m.end() for m in _SENT_END_RE.finditer(text)} | {0}))
    return Analysis(Sentences(text, starts), ())


def agency_spans(snippets: list[str]) -> list[list[tuple[int, int]]]:
    """The gazetteer's agency names in each snippet (char spans), longest first where they overlap.

    The snippets go through spaCy as one document (a blank line between them): one call
    instead of one per snippet, which is where spaCy's cost lies for short texts.
    """
    if not snippets:
        return []
    sep = "\n\n"
    starts, pos = [], 0
    for sn in snippets:
        starts.append(pos)
        pos += len(sn) + len(sep)
    pipe = nlp()
    doc = pipe.make_doc(sep.join(snippets))
    # The ruler's phrase matcher alone: the ruler's own call wraps the same matches in Span
    # objects, dedupes and sorts them under a warnings filter, and costs more than tokenising.
    found = {(s, e) for _, s, e in pipe.get_pipe("span_ruler").phrase_matcher(doc) if s != e}
    out: list[list[tuple[int, int]]] = [[] for _ in snippets]
    for s, e in _longest_first(found):
        start_char, last = doc[s].idx, doc[e - 1]
        i = bisect.bisect_right(starts, start_char) - 1
        out[i].append((start_char - starts[i], last.idx + len(last) - starts[i]))
    return out


def _longest_first(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spacy.util.filter_spans` on token spans: of overlapping spans the longest, then the first."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(spans, key=lambda sp: (sp[1] - sp[0], -sp[0]), reverse=True):
        if s not in taken and e - 1 not in taken:
            kept.append((s, e))
            taken.update(range(s, e))
    return sorted(kept)
