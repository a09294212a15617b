"""Identity across files: one entry per real document, whatever the files call it.

A citation without a year ("Kế hoạch 61/KH-UBND") is the unique document of that number,
symbol and jurisdiction that some mention dates; local numbers restart every year, so
two years make two documents, and two provinces' same-numbered plans stay apart.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from loaders.model import DocKey, Extraction
from loaders.symbols import symbol_key


def base(key: DocKey) -> tuple[str | None, str, str | None]:
    return (key.number, symbol_key(key.symbol), key.jurisdiction)


@dataclass
class DocRecord:
    key: DocKey
    dates: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    type_words: Counter = field(default_factory=Counter)
    issuers: Counter = field(default_factory=Counter)
    titles: list[str] = field(default_factory=list)
    cited_in: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # input files that are this document
    aliases: list[str] = field(default_factory=list)
    evidence: list = field(default_factory=list)  # where it is cited: Evidence of each mention


class Resolver:
    """Maps every DocKey seen in a batch to the key of its document."""

    def __init__(self, extractions: list[Extraction]) -> None:
        years: dict[tuple, set[int]] = defaultdict(set)
        for ex in extractions:
            for c in ex.citations:
                if c.key.year is not None:
                    years[base(c.key)].add(c.key.year)
            k = ex.identity.key
            if k is not None and k.number and k.year is not None:
                years[base(k)].add(k.year)
        self._years = years
        # a citation whose jurisdiction is unknown joins the one known jurisdiction of its number and symbol
        self._juris: dict[tuple, set[str]] = defaultdict(set)
        for b in years:
            if b[2] is not None:
                self._juris[(b[0], b[1])].add(b[2])

    def __call__(self, key: DocKey | None) -> DocKey | None:
        if key is None or key.number is None:
            return key
        j = key.jurisdiction
        if j is None:
            js = self._juris.get((key.number, symbol_key(key.symbol)), set())
            if len(js) == 1:
                j = next(iter(js))
        y = key.year
        if y is None:
            ys = self._years.get((key.number, symbol_key(key.symbol), j), set())
            if len(ys) == 1:
                y = next(iter(ys))
        return DocKey(key.number, key.symbol, y, j)


def canonical(key: DocKey) -> tuple:
    return (key.number, symbol_key(key.symbol), key.year, key.jurisdiction)


def _cited_in_full(extractions: list[Extraction], key: DocKey, resolve: Resolver) -> bool:
    c = canonical(key)
    return any(canonical(resolve(x.key)) == c for ex in extractions for x in ex.citations if x.written != x.alias)


def documents(extractions: list[Extraction], resolve: Resolver) -> dict[tuple, DocRecord]:
    """Every document the batch cites or is, merged by canonical key."""
    docs: dict[tuple, DocRecord] = {}

    def rec(key: DocKey) -> DocRecord:
        c = canonical(key)
        if c not in docs:
            docs[c] = DocRecord(key)
        return docs[c]

    for ex in extractions:
        name = ex.source.name
        for c in ex.citations:
            key = resolve(c.key)
            # a well-known short name ("Đề án 06") links to a document; it does not by itself cite one
            if c.alias and c.written == c.alias and canonical(key) not in docs and not _cited_in_full(extractions, key, resolve):
                continue
            r = rec(key)
            if c.date:
                r.dates[c.date] += 1
            if c.type:
                r.types[c.type] += 1
            if c.type_word:
                r.type_words[c.type_word] += 1
            if c.issuer:
                r.issuers[c.issuer] += 2 if c.evidence and "của" in c.evidence.sentence else 1
            if c.title:
                r.titles.append(c.title)
            if c.alias and c.alias not in r.aliases:
                r.aliases.append(c.alias)
            if name not in r.cited_in:
                r.cited_in.append(name)
            r.evidence.append(c.evidence)
        k = ex.identity.key
        if k is not None and k.number:
            r = rec(resolve(k))
            r.files.append(name)
            if ex.identity.date:
                r.dates[ex.identity.date] += 1
    return docs
