"""Findings that only a batch of files shows: dates that disagree, tasks led by two agencies."""
from __future__ import annotations

import re
from collections import defaultdict

from kg.resolve import DocRecord, Resolver, canonical
from kg.tasks import refers_to_itself
from loaders.gazetteer import fold
from loaders.model import Assignment, DocKey, Extraction, Finding


def _tokens(text: str) -> set[str]:
    return set(fold(text).split())


def _words(text: str) -> set[str]:
    """Words with their diacritics: "công" (trình) and "cổng" (thông tin) are different words here."""
    return set(re.findall(r"\w+", text.lower()))


def similar_task(a: str, b: str, *, jaccard: float = 0.5, contain: float = 0.75) -> bool:
    """The matching rule for one task stated twice: word overlap, wording kept apart.

    >>> similar_task("Chủ trì, phối hợp với Văn phòng UBND tỉnh hướng dẫn chuẩn hóa quy trình", "hướng dẫn chuẩn hóa quy trình")
    True
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    inter = len(ta & tb)
    return inter / len(ta | tb) >= jaccard or inter / min(len(ta), len(tb)) >= contain


def date_conflicts(docs: dict[tuple, DocRecord]) -> list[Finding]:
    out = []
    for rec in docs.values():
        if len(rec.dates) > 1 and rec.key.number:
            ds = sorted(rec.dates)
            shown = " and ".join(f"{int(d[8:])}/{int(d[5:7])}/{d[:4]}" for d in ds)
            out.append(Finding("date_conflict", (rec.key,), f"cited as {shown}"))
    return out


def conflicting_assignments(extractions: list[Extraction], resolve: Resolver) -> list[Finding]:
    """One task led by different agencies under different documents of one province.

    Candidate pairs come from an index of the tasks' words, so the cost follows the
    number of pairs that share words, not the square of the number of assignments.
    """
    leads: list[tuple[DocKey | str, Assignment, str | None, set[str]]] = []
    for ex in extractions:
        for a in ex.assignments:
            if a.role != "lead":
                continue
            by = resolve(a.by_doc) if a.by_doc is not None else (ex.identity.key if ex.identity.key and ex.identity.key.number else ex.source.name)
            leads.append((by, a, ex.identity.province, _words(a.task_text)))
    index: dict[str, list[int]] = defaultdict(list)
    for i, (*_, toks) in enumerate(leads):
        for t in toks:
            index[t].append(i)
    common = {t for t, ids in index.items() if len(ids) > max(50, len(leads) // 5)}
    out: list[Finding] = []
    seen: set[frozenset] = set()
    agency_fold = [fold(a.agency) for _, a, _, _ in leads]
    for i, (by1, a1, p1, t1) in enumerate(leads):
        cands = {j for t in t1 - common for j in index[t] if j > i}
        for j in sorted(cands):
            by2, a2, p2, t2 = leads[j]
            # the same task in two provinces (or a province and the nation) is two tasks
            if by1 == by2 or _same_body(agency_fold[i], agency_fold[j]) or p1 != p2:
                continue
            if _generic(a1) or _generic(a2):
                continue
            inter = len(t1 & t2)
            if not (inter / len(t1 | t2) >= 0.5 or inter / min(len(t1), len(t2)) >= 0.75):
                continue
            pair = frozenset({_label(by1), _label(by2)})
            if pair in seen:
                continue
            seen.add(pair)
            docs = tuple(b for b in (by1, by2) if isinstance(b, DocKey))
            out.append(Finding("conflicting_assignment", docs,
                               f"'{a1.task_text[:120]}' is led by {a1.agency} under {_label(by1)} and by {a2.agency} under {_label(by2)}",
                               task=a1.task_text, evidence=a2.evidence))
    return out


def _same_body(a: str, b: str) -> bool:
    """One agency, or one of its units ("Phòng Công chức - Sở Nội vụ tỉnh X" and "Sở Nội vụ tỉnh X"):
    a department handing its province's task down to its own unit is no conflict.

    >>> _same_body("phong cong chuc - so noi vu tinh bac giang", "so noi vu tinh bac giang")
    True
    >>> _same_body("van phong so tu phap tinh bac ninh", "so tu phap tinh bac ninh")
    True
    >>> _same_body("so noi vu tinh bac giang", "van phong ubnd tinh bac giang")
    False

    Two units of one body share its task among themselves, which is the body's own affair:

    >>> _same_body("phong cong chuc vien chuc so noi vu tinh bac ninh", "van phong so noi vu tinh bac ninh")
    True
    >>> _same_body("van phong so noi vu tinh bac ninh", "van phong ubnd tinh bac ninh")
    False
    """
    return a == b or _unit_of(a, b) or _unit_of(b, a) or (_parent(a) or a) == _parent(b)


# The head words of a body whose units are named after it ("Văn phòng Sở Tư pháp", "Chi cục
# Văn thư - Lưu trữ - Sở Nội vụ"), folded.
_BODY_HEADS = ("so ", "ubnd ", "uy ban nhan dan ", "bo ", "cuc ", "tong cuc ")


def _unit_of(unit: str, body: str) -> bool:
    return unit.endswith(" - " + body) or (body.startswith(_BODY_HEADS) and unit.endswith(" " + body))


_HEAD_ALT = "|".join(h.strip() for h in _BODY_HEADS)
_DASH_HEAD_RE = re.compile(rf" - (?=(?:{_HEAD_ALT}) )")
# a head word not followed by another: folded, "Chuyển đổi số Sở …" holds "so so"
_PARENT_RE = re.compile(rf" (?=(?:{_HEAD_ALT}) )(?!(?:{_HEAD_ALT}) (?:{_HEAD_ALT}) )")


def _parent(unit: str) -> str | None:
    """The body a unit is named after: from the body head after its last " - ", else from the
    first body head that is not its first word.

    >>> _parent("phong chuyen doi so - so khoa hoc va cong nghe tinh bac ninh")
    'so khoa hoc va cong nghe tinh bac ninh'
    >>> _parent("phong chuyen doi so so khoa hoc va cong nghe tinh bac ninh")
    'so khoa hoc va cong nghe tinh bac ninh'
    >>> _parent("so noi vu tinh ba ria - vung tau") is None
    True
    """
    dashes = [m.end() for m in _DASH_HEAD_RE.finditer(unit)]
    if dashes:
        return unit[dashes[-1]:]
    m = _PARENT_RE.search(unit)
    return unit[m.end():] if m else None


def _generic(a: Assignment) -> bool:
    """A lead that cannot conflict: a group of bodies, or a duty that refers to its own document."""
    return bool(re.match(r"(?:Các|các|UBND các|Ủy ban nhân dân các|Trường hợp|Cơ quan|cơ quan|Đơn vị|đơn vị)\b", a.agency)
                or refers_to_itself(a.task_text) or len(_tokens(a.task_text)) < 8)


def _label(by: DocKey | str) -> str:
    if isinstance(by, DocKey):
        return f"{by.number}/{by.symbol}" + (f" ({by.year})" if by.year else "")
    return str(by)


def batch_findings(extractions: list[Extraction], docs: dict[tuple, DocRecord], resolve: Resolver) -> list[Finding]:
    found = date_conflicts(docs) + conflicting_assignments(extractions, resolve)
    keyed = defaultdict(list)
    for f in found:
        keyed[(f.kind, tuple(canonical(k) for k in f.subjects if k is not None))].append(f)
    return [v[0] for v in keyed.values()]
