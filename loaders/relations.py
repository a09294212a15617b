"""Relations between documents: based_on, implements, amends, replaces, responds_to.

Three sources, each a rule on the written form:
- the preamble of the input document ("Căn cứ …;", "Thực hiện …", "Theo đề nghị của … tại …");
- a citation written in another's title after a linking verb ("… về thực hiện Quyết định số …");
- sentences of the body that tie a document issued to the one it carries out
  ("Thực hiện A, UBND tỉnh đã ban hành B", "… triển khai A (Công văn số B)", a document
  issued "để triển khai thực hiện" under a heading "Việc triển khai thực hiện A").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.citations import Mention
from loaders.gazetteer import fold
from loaders.structure import Layout

_PREAMBLE_END_RE = re.compile(
    r"^\s*(?:\**\s*)(?:I\.|1\.|Điều\s+1|QUYẾT\s+ĐỊNH\s*:|QUYẾT\s+NGHỊ\s*:|NGHỊ\s+QUYẾT\s*:|[A-ZĐ]\.\s)", re.M
)
_CLAUSE_SPLIT_RE = re.compile(
    r";\s*|\.\s*\n|\n\s*\n|\.\s+(?=[A-ZĐ])|:\s*\n"
    r"|\n(?=\s*(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Theo\s+đề\s+nghị|Xét|Trên\s+cơ\s+sở|Kính\s+gửi)\b)"
)
_RESPONSE_LEAD_RE = re.compile(
    r"^\W*(?:Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Xét|Trên\s+cơ\s+sở\s+đề\s+nghị|Theo\s+(?:Công\s+văn|văn\s+bản|Kế\s+hoạch|đề\s+xuất)"
    r"|Thực\s+hiện\s+(?:Công\s+văn|văn\s+bản)[^;]{0,200}?(?:về\s+việc\s+)?(?:đề\s+nghị\s+)?(?:gửi\s+)?báo\s+cáo)",
    re.I,
)
_IMPLEMENT_LEAD_RE = re.compile(r"^\W*(?:Thực\s+hiện|Triển\s+khai|Tiếp\s+tục\s+thực\s+hiện|Thi\s+hành)\b", re.I)
_CITATION_START_RE = re.compile(
    r"^\W*(?:và\s+)?(?:Luật|Bộ\s+luật|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Chỉ\s+thị|Thông\s+tư|Kế\s+hoạch|Chương\s+trình|"
    r"Thông\s+báo|Công\s+văn|Văn\s+bản|Đề\s+án|Hướng\s+dẫn|Kết\s+luận|Tờ\s+trình)\b",
    re.I,
)
_BASIS_LEAD_RE = re.compile(r"^\W*(?:Căn\s+cứ|Căn\s+cứ\s+vào)\b", re.I)
_BODY_LEAD_RE = re.compile(r"^\W*(?:Thực\s+hiện|Trên\s+cơ\s+sở|Triển\s+khai|Căn\s+cứ)\b")
_ISSUED_RE = re.compile(r"\bban\s+hành\b", re.I)
_ABOUT_BEFORE_RE = re.compile(r"\bvề(?:\s+việc)?\s+$")
# What _BODY_LEAD_RE and _ISSUED_RE need somewhere in a sentence, to rule out a whole body at
# once.  The second spells out the characters re.I matches for each letter (none other, over
# all code points), so that `re` skips to each "b" or "B" instead of trying every position.
_LEAD_ANYWHERE_RE = re.compile(r"Thực\s+hiện|Trên\s+cơ\s+sở|Triển\s+khai|Căn\s+cứ")
_ISSUED_ANYWHERE_RE = re.compile(r"[bB][aA][nN]\s+[hH][àÀ][nN][hH]")
_ANAPHOR_RE = re.compile(
    r"\b(?P<tw>Nghị quyết|Quyết định|Kế hoạch|Chỉ thị|Thông báo|Công văn|Chương trình|Đề án)\s+(?:của|này|trên|nêu\s+trên)\b"
)


@dataclass(frozen=True)
class RawRelation:
    kind: str
    source: int | None  # index of the source mention; None: the input document
    target: int  # index of the target mention
    start: int
    end: int


_LOWER_START_RE = re.compile(r"[a-zđà-ỹ]")
_LETTER_ITEM_RE = re.compile(r"[a-zđ]\)")
_ENDS_SENTENCE_RE = re.compile(r"[.:;!?”)*]$")
_ITEM_MARKER_RE = re.compile(r"^(?:[-+*•]|\d+(?:\.\d+)*\.|[IVX]+\.|[a-zđ]\))\s")


def logical_paragraph_start(text: str, pos: int) -> int:
    """Start of the paragraph holding `pos`, across page breaks that cut a sentence ("Quyết\\n\\nđịnh")."""
    start = text.rfind("\n", 0, pos) + 1
    while start > 1:
        prev_end = text.rfind("\n", 0, start - 1)
        prev = text[prev_end + 1:start].strip()
        while not prev and prev_end > 0:
            start = prev_end + 1
            prev_end = text.rfind("\n", 0, prev_end)
            prev = text[prev_end + 1:start].strip()
        here = text[start:start + 8]
        # a line that starts in lower case goes on with the one before, whatever that one ends with
        if _LOWER_START_RE.match(here) and not _LETTER_ITEM_RE.match(here) and prev:
            start = prev_end + 1
            continue
        if not prev or _ENDS_SENTENCE_RE.search(prev) or _ITEM_MARKER_RE.match(here):
            return start
        start = prev_end + 1
    return max(start, 0)


# _PREAMBLE_END_RE after the line break its "^" stands for: a literal first character lets `re`
# skip from one line break to the next instead of trying the pattern at every character.
_PREAMBLE_END_AFTER_NL_RE = re.compile("\n" + _PREAMBLE_END_RE.pattern.removeprefix("^"))


def preamble_span(text: str, title_end: int) -> tuple[int, int]:
    """From the end of the title to the first numbered section or the decision's "QUYẾT ĐỊNH:"."""
    if title_end == 0 and _PREAMBLE_END_RE.match(text):
        return 0, 0
    m = _PREAMBLE_END_AFTER_NL_RE.search(text, max(title_end - 1, 0))
    return title_end, m.start() + 1 if m else min(len(text), title_end + 3000)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _CLAUSE_SPLIT_RE.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


def _top_level(mentions: list[Mention], start: int, end: int) -> list[int]:
    return [i for i, m in enumerate(mentions) if start <= m.start < end and m.nested_in is None]


_OWN_ACT_RE = re.compile(r"\s(?:báo\s+cáo|ban\s+hành|xây\s+dựng)\s+(?:kết\s+quả|Kế\s+hoạch|như\s+sau|tình\s+hình)")
_REPORT_OR_REQUEST_RE = re.compile(r"báo\s+cáo|đề\s+nghị")


def preamble_relations(text: str, mentions: list[Mention], span: tuple[int, int], file_is_report: bool,
                       listed: str | None = None) -> list[RawRelation]:
    """The relations the clauses of `span` state of the input document; `listed`, the kind of an
    item that opens with a citation before any lead ("- Nghị định số …;" under a heading "Căn cứ
    pháp lý")."""
    out: list[RawRelation] = []
    kind_before: str | None = listed
    # Only a clause holding a citation yields a relation: without one in the span there is
    # nothing to read, and the clauses after the last one need no reading.
    cited = _top_level(mentions, *span)
    last = max((mentions[i].start for i in cited), default=-1)
    for cs, ce in _clauses(text, *span) if cited else ():
        if cs > last:
            break
        clause = text[cs:ce]
        # "Căn cứ A; B; C": an item that opens with a citation continues the list before it
        continues = kind_before is not None and _CITATION_START_RE.match(clause)
        idx = [i for i in cited if cs <= mentions[i].start < ce]
        # "…; Sở Nội vụ báo cáo …": what follows the document's own verb is its content, not its basis
        own = _OWN_ACT_RE.search(clause) if idx else None
        if own:
            idx = [i for i in idx if mentions[i].start < cs + own.start()]
        if not idx:
            if not continues and not _BASIS_LEAD_RE.match(clause) and not _IMPLEMENT_LEAD_RE.match(clause):
                kind_before = listed
            continue
        if _BASIS_LEAD_RE.match(clause):
            kind = "based_on"
        elif _RESPONSE_LEAD_RE.match(clause):
            kind = "responds_to"
        elif _IMPLEMENT_LEAD_RE.match(clause):
            kind = "implements"
        elif continues:
            kind = kind_before
        else:
            kind_before = listed
            continue
        kind_before = kind
        for i in idx:
            k = kind
            m = mentions[i]
            if kind == "implements" and file_is_report and m.type_from_symbol == "Công văn" and _REPORT_OR_REQUEST_RE.search(m.title or ""):
                k = "responds_to"
            out.append(RawRelation(k, None, i, m.start, m.end))
    return out


# A section that lists the document's legal basis: "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "Căn cứ pháp
# lý", "CƠ SỞ PHÁP LÝ VÀ THỰC TIỄN", "Căn cứ ban hành" (the heading and nothing else, folded)
_BASIS_HEADING_RE = re.compile(
    r"(?:cac |nhung )?(?:can cu|co so)(?: phap ly)?(?: va thuc tien)?"
    r"(?: (?:de )?(?:xay dung|ban hanh)(?: (?:ke hoach|quyet dinh|chuong trinh|de an|van ban|ke hoach nay))?)?")
_PRACTICE_HEADING_RE = re.compile(r"\bthuc tien\b")


def _first_folded_letter(text: str) -> str:
    """`fold(text)[:1]`: folding maps each character on its own, so the first one that folds to
    something gives it."""
    for ch in text:
        if f := fold(ch):
            return f
    return ""


def basis_sections(layout: Layout) -> list[tuple[int, int]]:
    """The spans of the sections that list the document's legal basis, without those of their
    sub-sections on its practical basis ("2. Cơ sở thực tiễn": reports of what was done)."""
    out = []
    for sec in layout.sections:
        # every basis heading folds to words starting with "c" or "n": look at the first letter
        # before folding the whole heading, which costs more than the rest of this loop
        if _first_folded_letter(sec.heading) not in ("c", "n") or not _BASIS_HEADING_RE.fullmatch(fold(sec.heading)):
            continue
        pos = layout.text.find("\n", sec.body_start) + 1 or sec.end  # after the heading's line
        for child in sec.children:
            heading = fold(child.heading)
            if _PRACTICE_HEADING_RE.search(heading) and not _BASIS_HEADING_RE.fullmatch(heading):
                out.append((pos, child.start))
                pos = child.end
        out.append((pos, sec.end))
    return [(s, e) for s, e in out if e > s]


def nested_relations(mentions: list[Mention]) -> list[RawRelation]:
    out = []
    for i, m in enumerate(mentions):
        if m.nested_in is not None and m.relation_verb:
            src = mentions[m.nested_in]
            out.append(RawRelation(m.relation_verb, m.nested_in, i, src.start, m.end))
        if m.amends_back is not None:
            out.append(RawRelation("amends", i, m.amends_back, mentions[m.amends_back].start, m.end))
    return out


_SENTENCE_BREAK_RE = re.compile(r"\.\s*\n|\n\s*\n|\.\s+(?=[A-ZĐ])|\n(?=\s*[-+*]\s)")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # the pattern looks neither behind nor at "^": scanning between start and end finds what
    # scanning the slice does, without copying it
    out, pos = [], start
    for m in _SENTENCE_BREAK_RE.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


_OPEN_PAREN_BEFORE_RE = re.compile(r"\(\s*\**\s*$")
_SENTENCE_START_RE = re.compile(r"\.\s+(?=[A-ZĐ])")
_IMPLEMENT_WORD_RE = re.compile(r"triển\s+khai|quán\s+triệt", re.I)
_TO_IMPLEMENT_RE = re.compile(r"(?:để\s+)?triển\s+khai(?:\s+thực\s+hiện)?\s*\.?$|^triển\s+khai\s*,", re.I)
_IMPLEMENT_OR_CARRY_OUT_RE = re.compile(r"triển\s+khai|thực\s+hiện", re.I)


# "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số …": what the input
# document replaces, said of itself ("… này") before the verb in the same sentence
_REPLACES_RE = re.compile(
    r"\b(?:Quyết\s+định|Kế\s+hoạch|Chỉ\s+thị|Nghị\s+quyết|Thông\s+tư|Nghị\s+định|Chương\s+trình|Quy\s+chế|Quy\s+định|"
    r"Hướng\s+dẫn|Văn\s+bản|Công\s+văn)\s+này\b[^;]*?\bthay\s+thế\b")


def body_relations(text: str, mentions: list[Mention], layout: Layout, body_start: int) -> list[RawRelation]:
    out: list[RawRelation] = []
    # Most bodies hold neither "thay" nor both a lead and "ban hành": one scan of the whole body
    # rules their sentences out before splitting it and matching each sentence.
    replaces = text.find("thay", body_start) >= 0
    lead_and_issued = (_LEAD_ANYWHERE_RE.search(text, body_start) is not None
                       and _ISSUED_ANYWHERE_RE.search(text, body_start) is not None)
    for ss, se in _sentences(text, body_start, len(text)) if replaces or lead_and_issued else ():
        sent = text[ss:se]
        rep = _REPLACES_RE.search(sent) if replaces and "thay" in sent else None  # the verb first: most sentences lack it
        if rep:
            out += [RawRelation("replaces", None, i, mentions[i].start, mentions[i].end)
                    for i in _top_level(mentions, ss + rep.end(), se)]
        lead = _BODY_LEAD_RE.match(sent) if lead_and_issued else None
        # "… về ban hành Chương trình …" in a cited document's title is what that document did,
        # not the sentence's verb ("Căn cứ áp dụng: Nghị quyết số 76/NQ-CP … về ban hành …; Nghị định …")
        iss = next((m for m in _ISSUED_RE.finditer(sent) if not _ABOUT_BEFORE_RE.search(sent, 0, m.start())), None) if lead else None
        if lead and iss:
            cut = ss + iss.start()
            sources = [i for i in _top_level(mentions, ss, cut)]
            issued = [i for i, m in enumerate(mentions) if cut <= m.start < se and m.nested_in is None]
            for b in issued:
                for a in sources:
                    out.append(RawRelation("implements", b, a, mentions[a].start, mentions[b].end))
    # "… triển khai A … (Công văn số B …)": B carries A out
    for bi, b in enumerate(mentions):
        if text.find("(", max(0, b.start - 4), b.start) < 0 or not _OPEN_PAREN_BEFORE_RE.search(text[max(0, b.start - 4):b.start]):
            continue
        para_start = logical_paragraph_start(text, b.start)
        sent_start = max((m.end() for m in _SENTENCE_START_RE.finditer(text[para_start:b.start])), default=0) + para_start
        item_start = max(text.rfind(";", para_start, b.start), text.rfind(":", para_start, b.start), sent_start)
        prev_carrier = max((m.tail_end for m in mentions[:bi] if m.start >= item_start and text[max(0, m.start - 4):m.start].rstrip("* ").endswith("(")), default=item_start)
        item_start = max(item_start, prev_carrier)
        if not _IMPLEMENT_WORD_RE.search(text[para_start:b.start]):
            continue
        targets = [i for i in _top_level(mentions, item_start, b.start) if i != bi]
        if not targets:
            anaphors = list(_ANAPHOR_RE.finditer(text, item_start, b.start))
            am = anaphors[-1] if anaphors else None
            if am:
                earlier = [i for i, m in enumerate(mentions) if m.end <= am.start() and m.type_from_symbol == am["tw"]]
                targets = earlier[-1:]
        for a in targets:
            out.append(RawRelation("implements", bi, a, mentions[a].start, b.end))
    # a document issued "để triển khai thực hiện" under the heading "Việc triển khai thực hiện A"
    for bi, b in enumerate(mentions):
        title = (b.title or "").strip()
        # every match holds "triển khai": most titles lack it, and lower() finds every spelling re.I matches
        if "kha" not in title.lower() or not _TO_IMPLEMENT_RE.search(title):
            continue
        sec = layout.section_at(b.start)
        while sec is not None:
            heads = [i for i, m in enumerate(mentions) if sec.start <= m.start < sec.body_start + len(sec.heading) and m.nested_in is None]
            if heads and _IMPLEMENT_OR_CARRY_OUT_RE.search(sec.heading):
                out.append(RawRelation("implements", bi, heads[0], mentions[heads[0]].start, b.end))
                break
            sec = sec.parent
    return out
