"""Score a cancu-eval/1 extraction against a gold file: the engine of `cancu evaluate`.

The semantics are those of the "Scoring" section of the schema (shared/eval/SCHEMA.md) and
agree, count for count, with the reference scorer published beside it, so that numbers
reported by `cancu evaluate` can be compared with anyone else's.  In short:

* document references are compared by key — number without leading zeros, folded symbol,
  year when both sides know it; a gold reference without symbol matches on number and year;
  `{"file": NAME}` is an alias of the number a `documents` entry gives that file;
* agency names are compared loosely (diacritics, case, punctuation, abbreviations from
  `kg/data/abbreviations.json`, province, trailing "tỉnh"/"thành phố", prefix of a sub-unit);
* texts (tasks, budget titles, finding details) by word-set overlap;
* gold and predicted items are paired one-to-one, greedily, in gold order; gold items marked
  `"optional": true` count neither as misses nor — when predicted — as false positives.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from loaders.model import CancuError

SCHEMA_NAME = "cancu-eval/1"
LIST_KEYS = ("documents", "relations", "assignments", "reassignment_requests", "budget_items", "findings")

# The 63 provinces and centrally-run cities, folded.  A name that carries one of them is
# local to it: "Sở Nội vụ tỉnh Quảng Ngãi" and "Sở Nội vụ tỉnh Bắc Giang" are different bodies.
PROVINCES: tuple[str, ...] = (
    "an giang", "ba ria vung tau", "bac giang", "bac kan", "bac lieu", "bac ninh", "ben tre",
    "binh dinh", "binh duong", "binh phuoc", "binh thuan", "ca mau", "can tho", "cao bang",
    "da nang", "dak lak", "dak nong", "dien bien", "dong nai", "dong thap", "gia lai", "ha giang",
    "ha nam", "ha noi", "ha tinh", "hai duong", "hai phong", "hau giang", "ho chi minh",
    "hoa binh", "hung yen", "khanh hoa", "kien giang", "kon tum", "lai chau", "lam dong",
    "lang son", "lao cai", "long an", "nam dinh", "nghe an", "ninh binh", "ninh thuan", "phu tho",
    "phu yen", "quang binh", "quang nam", "quang ngai", "quang ninh", "quang tri", "soc trang",
    "son la", "tay ninh", "thai binh", "thai nguyen", "thanh hoa", "thua thien hue", "tien giang",
    "tra vinh", "tuyen quang", "vinh long", "vinh phuc", "yen bai",
)
# Longest first, so that a name like "Thừa Thiên Huế" is never read as a shorter province.
_PROVINCE_WORDS: tuple[tuple[str, ...], ...] = tuple(
    sorted((tuple(p.split()) for p in PROVINCES), key=len, reverse=True)
)

# Đ/đ have no Unicode decomposition, and Ð/ð (Icelandic eth) are often typed for them.
_D_LETTERS = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "ð": "d"})
_SYMBOL_SEPARATORS = re.compile(r"[-–—/.]+")


class ScoreInputError(CancuError, ValueError):
    """A gold or prediction file that cannot be scored: unreadable, not JSON, wrong shape."""


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Similarity:
    """Two texts are similar when the Jaccard index or the containment of their word sets
    (shared words over the smaller set) reaches its threshold."""

    jaccard: float
    containment: float


@dataclass(frozen=True)
class Thresholds:
    """Word-overlap thresholds; the defaults are the reference scorer's, keep them for comparable numbers."""

    task: Similarity = Similarity(0.4, 0.7)
    budget_title: Similarity = Similarity(0.3, 0.5)
    missing_basis: Similarity = Similarity(0.3, 0.6)
    unassigned_task: Similarity = Similarity(0.4, 0.6)


DEFAULT_THRESHOLDS = Thresholds()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PartScore:
    """Precision/recall of one part of the extraction (tp pairs out of n_pred and n_gold)."""

    name: str
    tp: int
    n_pred: int
    n_gold: int
    extra: dict[str, float] = field(default_factory=dict, hash=False)

    # A part with nothing to find and nothing predicted is perfect (the reference scorer
    # prints 0.00 there); any other empty denominator gives 0.0, as it does.
    @property
    def precision(self) -> float:
        if not self.n_pred:
            return 0.0 if self.n_gold else 1.0
        return self.tp / self.n_pred

    @property
    def recall(self) -> float:
        if not self.n_gold:
            return 0.0 if self.n_pred else 1.0
        return self.tp / self.n_gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "pred": self.n_pred, "gold": self.n_gold, "precision": self.precision,
                "recall": self.recall, "f1": self.f1, **self.extra}


@dataclass(frozen=True)
class Report:
    parts: tuple[PartScore, ...]
    # per part (not per relation type or finding kind), lines naming what was missed, extra or wrong
    misses: dict[str, list[str]] = field(default_factory=dict, hash=False)

    def part(self, name: str) -> PartScore:
        for p in self.parts:
            if p.name == name:
                return p
        raise KeyError(f"no part {name!r} in this report (parts: {', '.join(p.name for p in self.parts)})")

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {p.name: p.to_dict() for p in self.parts}


# --------------------------------------------------------------------------- name folding


@cache
def abbreviations() -> dict[str, str]:
    """The abbreviation table of kg/data/abbreviations.json, folded (e.g. "ubnd" -> "uy ban nhan dan")."""
    text = resources.files("kg").joinpath("data/abbreviations.json").read_text(encoding="utf-8")
    return parse_abbreviations(json.loads(text))


def parse_abbreviations(data: Mapping[str, Any]) -> dict[str, str]:
    table = data.get("abbreviations")
    if not isinstance(table, dict):
        raise ScoreInputError("abbreviations.json: expected an object under the key 'abbreviations'")
    folded: dict[str, str] = {}
    for short, full in table.items():
        words = _plain_words(short)
        if len(words) != 1 or not isinstance(full, str) or not _plain_words(full):
            raise ScoreInputError(
                f"abbreviations.json: entry {short!r}: {full!r} — the abbreviation must be one word "
                "and its expansion a non-empty text")
        folded[words[0]] = " ".join(_plain_words(full))
    return folded


def _plain_words(text: str) -> list[str]:
    """Lower-case ASCII words of a text: diacritics dropped (đ -> d), punctuation as separator."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", bare.lower())


@lru_cache(maxsize=65536)
def fold_text(text: str | None) -> str:
    """Words of a name or text folded for comparison, abbreviations expanded."""
    if not text:
        return ""
    table = abbreviations()
    return " ".join(table.get(w, w) for w in _plain_words(str(text)))


@lru_cache(maxsize=65536)
def split_province(name: str | None) -> tuple[str, str | None]:
    """(folded name without its province, the province or None).

    "UBND tỉnh Quảng Ngãi" -> ("uy ban nhan dan", "quang ngai"): the province and the
    "tỉnh"/"thành phố" left dangling before it are dropped so that a name written with and
    without its province can still be compared.
    """
    words = fold_text(name).split()
    province: str | None = None
    for prov in _PROVINCE_WORDS:
        kept, i, n = [], 0, len(prov)
        while i < len(words):
            if tuple(words[i:i + n]) == prov:
                province = province or " ".join(prov)
                i += n
            else:
                kept.append(words[i])
                i += 1
        words = kept
    while words:
        if words[-2:] == ["thanh", "pho"]:
            del words[-2:]
        elif words[-1] in ("tinh", "tp"):
            words.pop()
        else:
            break
    return " ".join(words), province


def same_agency(a: str | None, b: str | None) -> bool:
    """Whether two agency names plausibly denote the same body.

    Provinces must agree when both names carry one; otherwise the folded names must be equal
    or one a word-prefix of the other ("Sở Nội vụ" vs "Sở Nội vụ tỉnh X", a unit vs its sub-unit).
    """
    (name_a, prov_a), (name_b, prov_b) = split_province(a), split_province(b)
    if not name_a or not name_b:
        return False
    if prov_a and prov_b and prov_a != prov_b:
        return False
    shorter, longer = sorted((name_a, name_b), key=len)
    return longer == shorter or longer.startswith(shorter + " ")


def similar(a: str | None, b: str | None, jaccard: float = 0.4, containment: float = 0.7) -> bool:
    """Word-set overlap of two texts: Jaccard index or containment in the smaller set."""
    words_a, words_b = set(fold_text(a).split()), set(fold_text(b).split())
    if not words_a or not words_b:
        return False
    shared = len(words_a & words_b)
    return (shared / len(words_a | words_b) >= jaccard
            or shared / min(len(words_a), len(words_b)) >= containment)


def _similar(a: str | None, b: str | None, t: Similarity) -> bool:
    return similar(a, b, jaccard=t.jaccard, containment=t.containment)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------- document keys


@dataclass(frozen=True)
class DocKey:
    """The identity of a document reference once folded.

    `file` is set for an input file with no number of its own; `odd` holds anything that is
    not a reference object at all (null included) so that two equal oddities still compare equal.
    """

    number: str = ""
    symbol: str = ""
    year: int | None = None
    file: str = ""
    odd: str = ""

    @property
    def is_numbered(self) -> bool:
        return not self.file and not self.odd


def fold_symbol(symbol: str | None) -> str:
    """Upper case, no spaces, Ð/Đ and every run of dashes, slashes and dots as one "-"."""
    if not symbol:
        return ""
    s = unicodedata.normalize("NFC", str(symbol)).replace("Ð", "Đ").replace("ð", "đ").upper()
    return _SYMBOL_SEPARATORS.sub("-", "".join(s.split()))


def fold_number(number: object) -> str:
    """A document number without spaces or leading zeros ("0458" -> "458")."""
    return "" if number is None else str(number).strip().lstrip("0").lower()


def _has_number(entry: Mapping[str, Any]) -> bool:
    return entry.get("number") is not None and str(entry["number"]).strip() != ""


def _year(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def doc_key(ref: object) -> DocKey:
    """The key of a DOCREF: {"number", "symbol", "year"} or {"file": NAME}."""
    if not isinstance(ref, dict):
        return DocKey(odd=json.dumps(ref, ensure_ascii=False, default=str))
    if not _has_number(ref) and ref.get("file"):
        return DocKey(file=str(ref["file"]))
    return DocKey(fold_number(ref.get("number")), fold_symbol(ref.get("symbol")), _year(ref.get("year")))


def keys_match(gold: DocKey, pred: DocKey) -> bool:
    """Whether a predicted reference denotes the gold one.

    Years must agree only when both are known (a citation often omits it); a gold key
    without symbol ("Quyết định 1582") accepts any symbol on the same number.
    """
    if gold == pred:
        return True
    if not (gold.is_numbered and pred.is_numbered) or gold.number != pred.number:
        return False
    if gold.year is not None and pred.year is not None and gold.year != pred.year:
        return False
    return gold.symbol in ("", pred.symbol)


class Resolver:
    """Maps the references of one file to keys, {"file": NAME} becoming the number that
    the file's own `documents` entry gives it."""

    def __init__(self, documents: Iterable[Mapping[str, Any]]) -> None:
        self._alias = {str(d["file"]): doc_key(d) for d in documents if d.get("file") and _has_number(d)}

    def __call__(self, ref: object) -> DocKey:
        key = doc_key(ref)
        return self._alias.get(key.file, key) if key.file else key


def describe_ref(ref: object) -> str:
    """A reference as a person would write it: "458/QĐ-TTg (2020)" or the file name."""
    if not isinstance(ref, dict):
        return "—" if ref is None else str(ref)
    if not _has_number(ref) and ref.get("file"):
        return str(ref["file"])
    text = str(ref.get("number") or "?")
    if ref.get("symbol"):
        text += f"/{ref['symbol']}"
    return text + (f" ({ref['year']})" if ref.get("year") else "")


# --------------------------------------------------------------------------- matching

Item = Mapping[str, Any]
Match = Callable[[Item, Item], bool]
Misses = dict[str, list[str]]  # per part name, lines saying what was missed, extra or wrong


@dataclass(frozen=True)
class _Matched:
    pairs: list[tuple[Item, Item]]
    missed: list[Item]
    extra: list[Item]
    n_gold: int

    @property
    def n_pred(self) -> int:
        return len(self.pairs) + len(self.extra)

    def part(self, name: str, **extra: float) -> PartScore:
        return PartScore(name, len(self.pairs), self.n_pred, self.n_gold, dict(extra))


def _greedy(gold: Sequence[Item], pred: Sequence[Item], match: Match) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """One-to-one pairing: each gold item, in order, takes the first free prediction it matches."""
    free = list(range(len(pred)))
    pairs: list[tuple[Item, Item]] = []
    missed: list[Item] = []
    for g in gold:
        j = next((j for j in free if match(g, pred[j])), None)
        if j is None:
            missed.append(g)
        else:
            free.remove(j)
            pairs.append((g, pred[j]))
    return pairs, missed, [pred[j] for j in free]


def _match(gold: Sequence[Item], pred: Sequence[Item], match: Match) -> _Matched:
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    pairs, missed, extra = _greedy(required, pred, match)
    # A prediction of an optional gold item is neither credited nor held against the extractor.
    _, _, extra = _greedy(optional, extra, match)
    return _Matched(pairs, missed, extra, len(required))


def _items(data: Mapping[str, Any], key: str) -> list[Item]:
    value = data.get(key)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class _Context:
    gold: Mapping[str, Any]
    pred: Mapping[str, Any]
    gres: Resolver
    pres: Resolver
    thresholds: Thresholds

    def same_doc(self, gold_ref: object, pred_ref: object) -> bool:
        return keys_match(self.gres(gold_ref), self.pres(pred_ref))


def _listed(m: _Matched, describe: Callable[[Item], str]) -> list[str]:
    return [f"missed {describe(g)}" for g in m.missed] + [f"extra {describe(p)}" for p in m.extra]


def _ratio(n: int, d: int) -> float:
    return n / d if d else 0.0


# --------------------------------------------------------------------------- the parts


def _documents(ctx: _Context) -> tuple[list[PartScore], Misses]:
    # Every numbered document counts here, the input files that have a number included.
    gold = [d for d in _items(ctx.gold, "documents") if _has_number(d)]
    pred = [d for d in _items(ctx.pred, "documents") if _has_number(d)]
    m = _match(gold, pred, lambda g, p: keys_match(doc_key(g), doc_key(p)))
    dated = [(g, p) for g, p in m.pairs if p.get("date")]
    right_date = sum(1 for g, p in dated if p["date"] in (g.get("dates") or []))
    right_type = sum(1 for g, p in m.pairs if fold_text(_text(g.get("type"))) == fold_text(_text(p.get("type"))))
    right_issuer = sum(1 for g, p in m.pairs if same_agency(_text(g.get("issuer")), _text(p.get("issuer"))))
    part = m.part("documents", date_accuracy=_ratio(right_date, len(dated)),
                  date_coverage=_ratio(len(dated), len(m.pairs)),
                  type_accuracy=_ratio(right_type, len(m.pairs)),
                  issuer_accuracy=_ratio(right_issuer, len(m.pairs)))
    wrong = [f"wrong {describe_ref(g)}: {'; '.join(errors)}" for g, p in m.pairs if (errors := _document_errors(g, p))]
    return [part], {"documents": _listed(m, describe_ref) + wrong}


def _document_errors(g: Item, p: Item) -> list[str]:
    """What is wrong about a document the prediction did find (its date, type or issuer)."""
    errors = _type_issuer_errors(g, p)
    if p.get("date") and p["date"] not in (g.get("dates") or []):
        errors.insert(0, f"date {p['date']} (gold {', '.join(g.get('dates') or []) or 'none'})")
    return errors


def _type_issuer_errors(g: Item, p: Item) -> list[str]:
    errors = []
    if fold_text(_text(g.get("type"))) != fold_text(_text(p.get("type"))):
        errors.append(f"type {p.get('type')!r} (gold {g.get('type')!r})")
    if not same_agency(_text(g.get("issuer")), _text(p.get("issuer"))):
        errors.append(f"issuer {p.get('issuer')!r} (gold {g.get('issuer')!r})")
    return errors


def _file_errors(g: Item, p: Item) -> list[str]:
    """What is wrong about the description of an input file (an empty list when it is right)."""
    errors = _type_issuer_errors(g, p)
    # the number must be right, and absent when the file has none
    if fold_number(p.get("number")) != fold_number(g.get("number")):
        errors.append(f"number {p.get('number')!r} (gold {g.get('number')!r})")
    return errors


def _input_files(ctx: _Context) -> tuple[list[PartScore], Misses]:
    gold = [d for d in _items(ctx.gold, "documents") if d.get("file")]
    # When a prediction lists a file twice, its last entry is the one scored.
    pred = {str(d["file"]): d for d in _items(ctx.pred, "documents") if d.get("file")}
    right, lines = 0, []
    for g in gold:
        p = pred.get(str(g["file"]))
        errors = ["not described"] if p is None else _file_errors(g, p)
        right += not errors
        if errors:
            lines.append(f"wrong {g['file']}: {'; '.join(errors)}")
    gold_names = {str(g["file"]) for g in gold}
    lines += [f"extra {name}" for name in pred if name not in gold_names]
    return [PartScore("input_files", right, len(pred), len(gold))], {"input_files": lines}


def _relations(ctx: _Context) -> tuple[list[PartScore], Misses]:
    def match(g: Item, p: Item) -> bool:
        return g.get("type") == p.get("type") and ctx.same_doc(g.get("from"), p.get("from")) \
            and ctx.same_doc(g.get("to"), p.get("to"))

    gold, pred = _items(ctx.gold, "relations"), _items(ctx.pred, "relations")
    m = _match(gold, pred, match)
    parts = [m.part("relations")]
    for kind in sorted({str(g.get("type")) for g in gold}):
        sub = _match([g for g in gold if g.get("type") == kind], [p for p in pred if p.get("type") == kind], match)
        parts.append(sub.part(f"relations:{kind}"))

    def line(r: Item) -> str:
        return f"{r.get('type')}: {describe_ref(r.get('from'))} -> {describe_ref(r.get('to'))}"
    return parts, {"relations": _listed(m, line)}


def _role(item: Item) -> str:
    return str(item.get("role") or "").strip().lower()


def _assignments(ctx: _Context) -> tuple[list[PartScore], Misses]:
    def issued_by_same(g: Item, p: Item) -> bool:
        # Either the issuing document or the issuing agency may identify who assigned the task.
        return (bool(g.get("by")) and ctx.same_doc(g["by"], p.get("by"))) or \
            (bool(g.get("by_agency")) and same_agency(_text(g["by_agency"]), _text(p.get("by_agency"))))

    def match(g: Item, p: Item) -> bool:
        return issued_by_same(g, p) and _role(g) == _role(p) \
            and same_agency(_text(g.get("agency")), _text(p.get("agency"))) \
            and _similar(_text(g.get("task")), _text(p.get("task")), ctx.thresholds.task)

    m = _match(_items(ctx.gold, "assignments"), _items(ctx.pred, "assignments"), match)

    def line(a: Item) -> str:
        by = describe_ref(a["by"]) if a.get("by") else a.get("by_agency")
        return f"{a.get('role')} {a.get('agency')} (by {by}): {_text(a.get('task'))[:70]}"
    return [m.part("assignments")], {"assignments": _listed(m, line)}


def _reassignments(ctx: _Context) -> tuple[list[PartScore], Misses]:
    def match(g: Item, p: Item) -> bool:
        return ctx.same_doc(g.get("assigned_by"), p.get("assigned_by")) \
            and same_agency(_text(g.get("from_agency")), _text(p.get("from_agency"))) \
            and same_agency(_text(g.get("to_agency")), _text(p.get("to_agency")))

    m = _match(_items(ctx.gold, "reassignment_requests"), _items(ctx.pred, "reassignment_requests"), match)

    def line(r: Item) -> str:
        return f"{r.get('from_agency')} -> {r.get('to_agency')} (assigned by {describe_ref(r.get('assigned_by'))})"
    wrong_via = [(g, p) for g, p in m.pairs if not ctx.same_doc(g.get("via"), p.get("via"))]
    lines = _listed(m, line) + [
        f"wrong via {describe_ref(p.get('via'))} (gold {describe_ref(g.get('via'))}) for {line(g)}" for g, p in wrong_via]
    part = m.part("reassignment_requests", via_correct=len(m.pairs) - len(wrong_via))
    return [part], {"reassignment_requests": lines}


def _refs(item: Item, key: str) -> list[object]:
    value = item.get(key)
    return list(value) if isinstance(value, list) else []


def _basis(ctx: _Context, pairs: list[tuple[Item, Item]]) -> tuple[PartScore, list[str]]:
    """The legal basis of the matched budget items, counted document by document."""
    tp = n_pred = n_gold = forbidden = 0
    lines = []
    for g, p in pairs:
        title = _text(g.get("title"))[:50]
        wanted = [(ref, ctx.gres(ref)) for ref in _refs(g, "basis")]
        tolerated = [ctx.gres(ref) for ref in _refs(g, "basis_optional")]
        banned = [ctx.gres(ref) for ref in _refs(g, "basis_forbidden")]
        # A tolerated basis (e.g. a document the required one replaces) is simply not counted.
        cited = [(ref, ctx.pres(ref)) for ref in _refs(p, "basis")]
        given = [(ref, key) for ref, key in cited if not any(keys_match(t, key) for t in tolerated)]
        found = [any(keys_match(w, k) for _, k in given) for _, w in wanted]
        tp, n_pred, n_gold = tp + sum(found), n_pred + len(given), n_gold + len(wanted)
        lines += [f"missed {describe_ref(ref)} for {title!r}" for (ref, _), ok in zip(wanted, found, strict=True) if not ok]
        for ref, key in given:
            if any(keys_match(b, key) for b in banned):
                forbidden += 1
                lines.append(f"forbidden {describe_ref(ref)} cited for {title!r}")
            elif not any(keys_match(w, key) for _, w in wanted):
                lines.append(f"extra {describe_ref(ref)} for {title!r}")
    return PartScore("budget_basis", tp, n_pred, n_gold, {"forbidden_cited": forbidden}), lines


def _budget(ctx: _Context) -> tuple[list[PartScore], Misses]:
    def match(g: Item, p: Item) -> bool:
        return same_agency(_text(g.get("agency")), _text(p.get("agency"))) \
            and g.get("amount_vnd") == p.get("amount_vnd") \
            and _similar(_text(g.get("title")), _text(p.get("title")), ctx.thresholds.budget_title)

    m = _match(_items(ctx.gold, "budget_items"), _items(ctx.pred, "budget_items"), match)
    basis, basis_lines = _basis(ctx, m.pairs)

    def line(b: Item) -> str:
        return f"{b.get('agency')}: {_text(b.get('title'))[:60]} ({b.get('amount_vnd')} đ)"
    return [m.part("budget_items"), basis], {"budget_items": _listed(m, line), "budget_basis": basis_lines}


def _findings(ctx: _Context) -> tuple[list[PartScore], Misses]:
    t = ctx.thresholds

    def match(g: Item, p: Item) -> bool:
        kind = g.get("kind")
        if kind != p.get("kind"):
            return False
        if kind == "missing_basis":
            # the budget request may be named in the detail or in a title of its own
            return _similar(_text(g.get("detail")), f"{_text(p.get('detail'))} {_text(p.get('title'))}", t.missing_basis)
        if kind == "unassigned_task":
            return _similar(_text(g.get("task")), _text(p.get("task")) or _text(p.get("detail")), t.unassigned_task)
        return any(ctx.same_doc(gd, pd) for gd in _refs(g, "documents") for pd in _refs(p, "documents"))

    gold, pred = _items(ctx.gold, "findings"), _items(ctx.pred, "findings")
    m = _match(gold, pred, match)
    parts = [m.part("findings")]
    for kind in sorted({str(g.get("kind")) for g in gold}):
        sub = _match([g for g in gold if g.get("kind") == kind], [p for p in pred if p.get("kind") == kind], match)
        parts.append(sub.part(f"findings:{kind}"))

    def line(f: Item) -> str:
        return f"{f.get('kind')}: {_text(f.get('detail') or f.get('task'))[:70]}"
    return parts, {"findings": _listed(m, line)}


_PARTS = (_documents, _input_files, _relations, _assignments, _reassignments, _budget, _findings)


def score(gold: Mapping[str, Any], pred: Mapping[str, Any], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Report:
    """Compare a prediction with a gold file, both in the cancu-eval/1 shape."""
    ctx = _Context(gold, pred, Resolver(_items(gold, "documents")), Resolver(_items(pred, "documents")), thresholds)
    parts: list[PartScore] = []
    misses: dict[str, list[str]] = {}
    for compute in _PARTS:
        scored, listed = compute(ctx)
        parts += scored
        misses.update(listed)
    return Report(tuple(parts), misses)


# --------------------------------------------------------------------------- input and output


def load_json(path: str | Path) -> dict[str, Any]:
    """Read a gold or prediction file, checking that it has the cancu-eval/1 shape."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScoreInputError(f"{path}: no such file") from None
    except OSError as e:
        raise ScoreInputError(f"{path}: cannot be read ({e.strerror or e})") from None
    except UnicodeDecodeError as e:
        raise ScoreInputError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise ScoreInputError(f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    _check_shape(path, data)
    return data


def _check_shape(path: Path, data: object) -> None:
    if not isinstance(data, dict):
        raise ScoreInputError(f"{path}: expected a {SCHEMA_NAME} JSON object, found a {type(data).__name__}")
    schema = data.get("schema")
    if schema is not None and schema != SCHEMA_NAME:
        raise ScoreInputError(f"{path}: schema {schema!r} is not {SCHEMA_NAME!r}")
    missing = [k for k in LIST_KEYS if k not in data]
    if missing:
        raise ScoreInputError(f"{path}: not a {SCHEMA_NAME} file, missing key(s) {', '.join(missing)} "
                              f"(expected {', '.join(LIST_KEYS)})")
    for key in LIST_KEYS:
        value = data[key]
        if not isinstance(value, list):
            raise ScoreInputError(f"{path}: {key!r} should be a list, found a {type(value).__name__}")
        bad = next((i for i, x in enumerate(value) if not isinstance(x, dict)), None)
        if bad is not None:
            raise ScoreInputError(f"{path}: {key}[{bad}] should be an object, found {value[bad]!r:.60}")


def _format_extra(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.2f}"


def format_report(report: Report, show_misses: bool = False) -> str:
    """The report as aligned text lines, optionally followed by what was missed or extra."""
    width = max((len(p.name) for p in report.parts), default=0)
    lines = []
    for p in report.parts:
        extras = " ".join(f"{k}={_format_extra(v)}" for k, v in p.extra.items())
        line = (f"{p.name:<{width}}  P={p.precision:.2f} R={p.recall:.2f} F1={p.f1:.2f} "
                f"({p.tp}/{p.n_gold} gold, {p.n_pred} predicted)")
        lines.append(f"{line} {extras}".rstrip())
    if show_misses:
        for name, items in report.misses.items():
            if items:
                lines += ["", f"## {name} ({len(items)})", *(f"  {x}" for x in items)]
    return "\n".join(lines)
