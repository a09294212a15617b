"""Requests that a task given to one agency be moved to another.

"đề nghị … chuyển nội dung nhiệm vụ trên cho Sở X chủ trì", "đã đề xuất, kiến nghị
chuyển cho Sở X … tại Công văn số …", "điều chỉnh nhiệm vụ này cho Văn phòng UBND tỉnh",
"kiến nghị UBND tỉnh xem xét, giao nhiệm vụ này cho Sở X chủ trì".
The numbered item that holds the request names the document that gave the task
("Tại Quyết định số …"); the assignments read from that item give the task and the
agency it was given to.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loaders.assignments import _VERB_STOP_RE
from loaders.model import Assignment, ReassignmentRequest
from loaders.patterns import finditer_at

if TYPE_CHECKING:
    from loaders.extract import Context

# "giao" alone moves a task only when it names one already given: "giao nhiệm vụ này cho Sở X"
_TRIGGER_RE = re.compile(
    r"(?:(?:chuyển|điều\s+chỉnh|giao\s+lại|chuyển\s+giao)\s+(?:(?:nội\s+dung\s+)?(?:nhiệm\s+vụ|nội\s+dung)(?:\s+(?:trên|này|nêu\s+trên))?\s+)?"
    r"|giao\s+(?:nội\s+dung\s+)?(?:nhiệm\s+vụ|nội\s+dung)\s+(?:trên|này|nêu\s+trên)\s+)"
    r"(?:cho|sang|về)\s+(?P<to>[A-ZĐ][^,;:()]{2,80})",
)
_TRIGGER_OPENINGS = ("chuyển", "điều", "giao")  # the words every trigger starts with
_STOP_RE = re.compile(r"\s+(?:để|nhằm|vì|do|tại|theo)\b|" + _VERB_STOP_RE.pattern)


_REQUEST_RE = re.compile(r"đề\s+nghị|kiến\s+nghị|đề\s+xuất|xin", re.I)
_CLAUSE_END_RE = re.compile(r"[.;]\s|\n")
_AT_BEFORE_RE = re.compile(r"(?<!\()tại\s+$")
_PURPOSE_RE = re.compile(r"(?:để|nhằm)\s+(?P<r>[^.;]{5,300})")


def find_reassignments(ctx: Context, assignments: list[Assignment]) -> list[ReassignmentRequest]:
    text = ctx.text
    out: list[ReassignmentRequest] = []
    requester = ctx.identity.issuer or ""
    for m in finditer_at(_TRIGGER_RE, text, _TRIGGER_OPENINGS):
        before = text[max(0, m.start() - 200):m.start()]
        if not _REQUEST_RE.search(before):
            continue
        to_raw = m["to"]
        sm = _STOP_RE.search(to_raw)
        to_raw = to_raw[:sm.start()] if sm else to_raw
        sec = ctx.layout.section_at(m.start())
        item_start = sec.start if sec else text.rfind("\n\n", 0, m.start())
        assigned_by = None
        for mt, k in zip(ctx.mentions, ctx.keys, strict=True):
            if item_start <= mt.start < m.start() and mt.nested_in is None:
                assigned_by = k
                break
        if assigned_by is None:
            continue
        given = [a for a in assignments if a.by_doc == assigned_by and a.role in ("lead", "monitor")
                 and item_start <= _norm_pos(ctx, a) < m.end()]
        if not given:
            given = [a for a in assignments if a.by_doc == assigned_by and a.role in ("lead", "monitor")]
        from_agency = given[0].agency if given else requester
        task = "; ".join(dict.fromkeys(a.task_text for a in given)) or text[item_start:m.start()][:300]
        to_end = m.start("to") + len(to_raw)
        s_end = _CLAUSE_END_RE.search(text[to_end:])
        sentence_end = to_end + (s_end.start() if s_end else 0)
        via = ctx.own_key()
        # "… chuyển cho X … tại Công văn số N": an earlier dispatch of the requester carried it
        for mt, k in zip(ctx.mentions, ctx.keys, strict=True):
            if to_end <= mt.start < sentence_end + 1 and _AT_BEFORE_RE.search(text[max(0, mt.start - 7):mt.start]):
                via = k
                break
        rm = _PURPOSE_RE.search(text[to_end:sentence_end + 1])
        reason = rm["r"].strip(" ()") if rm else _reason_before(text, item_start, m.start())
        to_agency = ctx_name(ctx, to_raw)
        req = ReassignmentRequest(requester, task, assigned_by, from_agency, to_agency, via, reason, ctx.evidence(m.start(), sentence_end))
        if not any(r.assigned_by == req.assigned_by and r.to_agency == req.to_agency for r in out):
            out.append(req)
    return out


_REASON_RE = re.compile(r"(?:vì|do|bởi\s+vì)\s+(?P<r>[^.;]{10,300}?)(?:\s+nên\b|[.;])")


def _reason_before(text: str, start: int, end: int) -> str | None:
    """The grounds an item gives before its request: "vì không phải là cơ quan …", "không có chức năng …"."""
    found = list(_REASON_RE.finditer(text[start:end]))
    return " ".join(found[-1]["r"].split()) if found else None


def ctx_name(ctx: Context, raw: str) -> str:
    from loaders.agencies import complete

    i = ctx.identity
    return complete(raw, i.province, i.issuer_body, i.issuer)


def _norm_pos(ctx: Context, a: Assignment) -> int:
    """Where an assignment was read, in the normalised text (its evidence is in the original)."""
    pos = ctx.text.find(a.task_text[:30])
    return pos if pos >= 0 else -1
