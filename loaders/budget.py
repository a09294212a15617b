"""Budget items: allocations and requests, with amount in đồng, per-year split, fund and legal basis.

- Allocations: items listed under "kinh phí được bố trí/giao/phân bổ tại Quyết định …",
  a sentence "được UBND tỉnh giao kinh phí X (Quyết định …) để thực hiện nhiệm vụ Y",
  and allocation tables by locality ("Đơn vị: triệu đồng").  A sum "để thực hiện các
  nhiệm vụ" is the total of the items, used to check that they add up.
- Requests: numbered items with a "Kinh phí và nguồn vốn" / "Nhu cầu kinh phí" part; their
  basis is what the "Căn cứ áp dụng" part cites at top level (not what those documents
  themselves implement or replace).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loaders.amounts import AMOUNT_RE, parse_number, to_dong
from loaders.gazetteer import fold, gazetteer
from loaders.model import AllocationTotal, BudgetItem, DocKey, Finding
from loaders.patterns import finditer_at
from loaders.structure import Section

if TYPE_CHECKING:
    from loaders.extract import Context

_MONEY_PART_RE = re.compile(r"^(?:Kinh\s+phí\s+và\s+nguồn\s+vốn|Nhu\s+cầu\s+kinh\s+phí|Kinh\s+phí\s+thực\s+hiện|Dự\s+kiến\s+kinh\s+phí|Kinh\s+phí)\b", re.I)
_BASIS_PART_RE = re.compile(r"^(?:Căn\s+cứ(?:\s+áp\s+dụng|\s+pháp\s+lý|\s+thực\s+hiện)?)\b", re.I)
_PAST_RE = re.compile(r"(?:đã\s+(?:bố\s+trí|giao|cấp|phân\s+bổ)|giải\s+ngân|đã\s+sử\s+dụng)[^;]{0,30}$", re.I)
_FUND_CODES = ["NSTW", "NSĐP", "NST", "NSNN", "NSH", "NSX", "CTX", "ĐTPT", "XHH", "ODA"]
_FUND_RE = re.compile(r"\((" + "|".join(_FUND_CODES) + r")\)")
_ALLOC_HEAD_RE = re.compile(
    r"kinh\s+phí\s+(?:được\s+)?(?:[^.;\n]{0,30}?\s+)?(?:bố\s+trí|giao|phân\s+bổ|cấp|phân\s+khai)\s+tại\s+", re.I
)
_ALLOC_ITEM_RE = re.compile(
    r"^\W*-\s*(?:Nhiệm\s+vụ\s*:?\s*)?[“\"]?(?P<title>[^“”\"\n(]{5,300}?)[”\"]?\s*"
    r"(?:\(\s*(?P<a1>[\d.,]+\s*(?:triệu|tỷ|nghìn)?\s*đồng)\s*\)|:\s*(?P<a2>[\d.,]+\s*(?:triệu|tỷ|nghìn)?\s*đồng))",
    re.I,
)
_ALLOC_SENT_RE = re.compile(
    r"được\s+(?P<giver>[^,;()]{2,60}?)\s+(?:giao|bố\s+trí|phân\s+bổ|cấp)\s+(?:kinh\s+phí\s+)?(?P<amt>[\d.,]+\s*(?:triệu|tỷ|nghìn)?\s*đồng)"
    r"(?P<mid>(?:\([^()]*\)|[^.;()]){0,400}?)(?:\s+để\s+(?:thực\s+hiện\s+)?(?P<what>[^.;(]{3,200})|\s*(?=[.;]|$))",
    re.I | re.M,
)


def _vnd(amount: int) -> str:
    """Vietnamese grouping: 1.240.000.000."""
    return f"{amount:,}".replace(",", ".")


def _amount(text: str) -> int | None:
    m = AMOUNT_RE.search(text)
    if not m:
        return None
    n = parse_number(m["num"])
    return None if n is None else to_dong(n, m["unit"])


def _fund(text: str) -> str | None:
    codes = _FUND_RE.findall(text)
    for pref in _FUND_CODES:
        if pref in codes and not pref.startswith("C"):
            return pref
    return codes[0] if codes else None


_YEAR_BEFORE_RE = re.compile(r"năm\s+((?:19|20)\d\d)\s*:?\s*$", re.I)
_YEAR_WORD_RE = re.compile(r"năm\s+((?:19|20)\d\d)", re.I)


def _split(text: str, default_year: int | None) -> tuple[int | None, dict[int, int] | None]:
    """Total and per-year split of the amounts in a "Kinh phí" part, past amounts left out."""
    total = None
    years: dict[int, int] = {}
    for m in AMOUNT_RE.finditer(text):
        before = text[max(0, m.start() - 60):m.start()]
        if _PAST_RE.search(before):
            continue
        n = parse_number(m["num"])
        if n is None:
            continue
        v = to_dong(n, m["unit"])
        ym = _YEAR_BEFORE_RE.search(before)
        if ym:
            years[int(ym.group(1))] = v
        elif total is None:
            total = v
    if total is None and years:
        total = sum(years.values())
    if total is not None and not years:
        # the last part of a document runs on into its closing ("Trên đây là Báo cáo … năm 2023"):
        # a year counts only up to the end of the line of the last amount
        last = [m.end() for m in AMOUNT_RE.finditer(text)][-1]
        eol = text.find("\n", last)
        ym = _YEAR_WORD_RE.findall(text[: eol if eol >= 0 else len(text)])
        y = int(ym[0]) if len(set(ym)) == 1 else default_year
        years = {y: total} if y else {}
    return total, (years or None)


def _section_text(ctx: Context, s: Section) -> str:
    return ctx.text[s.start:s.end]


def _top_level_in(ctx: Context, start: int, end: int) -> list[DocKey]:
    out: list[DocKey] = []
    for m, k in zip(ctx.mentions, ctx.keys, strict=True):
        if start <= m.start < end and m.nested_in is None and k not in out:
            out.append(k)
    return out


_YEAR_IN_HEADING_RE = re.compile(r"năm\s+((?:19|20)\d\d)")
_TIME_HEADING_RE = re.compile(r"Thời\s+gian", re.I)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_STARS_RE = re.compile(r"\*+")


def _requests(ctx: Context, out: list[BudgetItem], findings: list[Finding]) -> None:
    agency = ctx.identity.issuer or ""
    secs = ctx.layout.sections
    # the sections with a "Kinh phí" part, from one pass over the parts rather than one per section
    with_money = {id(c.parent) for c in secs if c.parent is not None and _MONEY_PART_RE.match(c.heading)}
    if not with_money:
        return
    items = [s for s in secs if id(s) in with_money]
    # an item counts when its "Kinh phí" part states an amount; a sibling without one (a line of the
    # same request list that names no money) is kept so that the list is complete
    def priced(s: Section) -> bool:
        return any(AMOUNT_RE.search(_section_text(ctx, c)) for c in s.children if _MONEY_PART_RE.match(c.heading))
    items = [s for s in items if priced(s)]
    parents = {id(s.parent) for s in items if s.parent is not None}
    for s in secs:
        if s.parent is not None and id(s.parent) in parents and s not in items and not s.children:
            items.append(s)
    for s in sorted(items, key=lambda x: x.start):
        money = [c for c in s.children if _MONEY_PART_RE.match(c.heading)]
        basis_parts = [c for c in s.children if _BASIS_PART_RE.match(c.heading)]
        default_year = None
        p = s
        while p is not None and default_year is None:
            ym = _YEAR_IN_HEADING_RE.search(p.heading)
            default_year = int(ym.group(1)) if ym else None
            p = p.parent
        for c in s.children:
            if _TIME_HEADING_RE.match(c.heading):
                ys = _YEAR_RE.findall(_section_text(ctx, c))
                if len(set(ys)) == 1:
                    default_year = int(ys[0])
        total, years = (None, None)
        fund = None
        if money:
            mt = " ".join(_section_text(ctx, c) for c in money)
            total, years = _split(mt, default_year)
            fund = _fund(mt)
        basis: list[DocKey] = []
        for c in basis_parts:
            basis += [k for k in _top_level_in(ctx, c.start, c.end) if k not in basis]
        title = _STARS_RE.sub("", s.heading).strip(" .:")
        if not money and (not title or len(title) < 5):
            continue
        ev = ctx.evidence(s.start, s.end if s.end - s.start < 3000 else s.start + len(s.heading))
        item = BudgetItem(agency, title, "request", total, tuple(sorted(years.items())) if years else None, fund, None, tuple(basis), ev)
        out.append(item)
        if total is not None and not basis:
            findings.append(Finding("missing_basis", (None,), title, evidence=ev))


_ALLOCATED_TOTAL_RE = re.compile(r"(?:phân\s+bổ|giao|bố\s+trí)\s+(?P<a>[\d.,]+\s*(?:triệu|tỷ|nghìn)?\s*đồng)")
_LINE_RE = re.compile(r"^[^\n]*$", re.M)
_ALL_TASKS_RE = re.compile(r"các\s+nhiệm\s+vụ", re.I)
_TASK_WORD_RE = re.compile(r"^(?:nhiệm\s+vụ\s+)", re.I)


def _allocations(ctx: Context, out: list[BudgetItem], stated: list[AllocationTotal], findings: list[Finding]) -> None:
    text = ctx.text
    low = text.lower()
    # every item, sentence and total found below has an amount in "đồng": most documents have none
    if "đồng" not in low:
        return
    agency = ctx.identity.issuer or ""
    totals: list[tuple[DocKey, int, int]] = []
    for hm in finditer_at(_ALLOC_HEAD_RE, text, ("kinh", "kınh"), lowered=low):
        doc = next((k for m, k in zip(ctx.mentions, ctx.keys, strict=True) if m.start >= hm.end() and m.start - hm.end() < 5), None)
        if doc is None:
            continue
        sec = ctx.layout.section_at(hm.start())
        end = sec.end if sec else min(len(text), hm.end() + 4000)
        line_end = text.find("\n", hm.end())
        head_line = text[text.rfind("\n", 0, hm.start()) + 1:line_end if line_end > 0 else len(text)]
        tm = _ALLOCATED_TOTAL_RE.search(head_line[head_line.find(doc.number or ""):] if doc.number else head_line)
        if tm:
            totals.append((doc, _amount(tm["a"]) or 0, hm.start()))
        for lm in _LINE_RE.finditer(text[line_end:end]) if line_end > 0 else []:
            im = _ALLOC_ITEM_RE.match(lm.group(0))
            if not im:
                continue
            amt = _amount(im["a1"] or im["a2"])
            s = line_end + lm.start()
            _add_alloc(ctx, out, agency, im["title"], amt, doc, s, line_end + lm.end())
    for sm in finditer_at(_ALLOC_SENT_RE, text, ("được",), lowered=low):
        doc = None
        for m, k in zip(ctx.mentions, ctx.keys, strict=True):
            if sm.start("amt") <= m.start <= sm.end() + 5:
                doc = k
                break
        if doc is None:
            continue
        amt = _amount(sm["amt"])
        what = (sm["what"] or "").strip()
        if not what or _ALL_TASKS_RE.match(what):
            if amt:
                totals.append((doc, amt, sm.start()))
            continue
        what = _TASK_WORD_RE.sub("", what)
        _add_alloc(ctx, out, agency, what, amt, doc, sm.start(), sm.end())
    for doc, total, pos in totals:
        items = [b for b in out if b.kind == "allocation" and b.allocated_by == doc and b.agency == agency]
        s = sum(b.amount_vnd or 0 for b in items)
        if items and total and (agency, doc, total) not in {(t.agency, t.allocated_by, t.amount_vnd) for t in stated}:
            stated.append(AllocationTotal(agency, doc, total, ctx.evidence(pos, pos + 10)))
        if items and total and s != total:
            findings.append(Finding("allocation_total_mismatch", (doc,), f"items add up to {_vnd(s)} đồng, the stated total is {_vnd(total)} đồng",
                                    evidence=ctx.evidence(pos, pos + 10)))


_TASK_LABEL_RE = re.compile(r"^Nhiệm\s+vụ\s*:?\s*")


def _add_alloc(ctx: Context, out: list[BudgetItem], agency: str, title: str, amt: int | None, doc: DocKey, s: int, e: int) -> None:
    title = " ".join(title.split()).strip(" .:“”\"*")
    title = _TASK_LABEL_RE.sub("", title)
    for b in out:
        if b.kind == "allocation" and b.allocated_by == doc and b.amount_vnd == amt and _similar(b.title, title):
            return
    year = doc.year
    out.append(BudgetItem(agency, title, "allocation", amt, ((year, amt),) if year and amt else None, None, doc, (doc,), ctx.evidence(s, e)))


def _similar(a: str, b: str) -> bool:
    ta, tb = set(fold(a).split()), set(fold(b).split())
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) >= 0.6


_BASIS_LINE_RE = re.compile(r"^\W*Căn\s+cứ")
_WHO_HEADER_RE = re.compile(r"dia phuong|tinh thanh|don vi$|^don vi\b(?!.*tinh)")
_MONEY_HEADER_RE = re.compile(r"kinh phi|so tien|du toan|ngan sach|tong so")
_TOTAL_RE = re.compile(r"t[oổ]ng")


def _allocation_tables(ctx: Context, out: list[BudgetItem], stated: list[AllocationTotal], findings: list[Finding]) -> None:
    """Tables of money by locality or unit ("Địa phương | Kinh phí hỗ trợ", "Đơn vị: Triệu đồng")."""
    g = gazetteer()
    # most documents have no table with a header row: nothing else here is needed for them
    if all(t.header_index < 0 for t in ctx.layout.tables):
        return
    own = ctx.own_key()
    if own is None:
        return
    basis = []
    for m, k in zip(ctx.mentions, ctx.keys, strict=True):
        line = ctx.layout.line_at(m.start)
        if line and _BASIS_LINE_RE.match(line.text) and m.nested_in is None and k not in basis and m.start < len(ctx.text) // 2:
            basis.append(k)
    for t in ctx.layout.tables:
        if t.header_index < 0:
            continue
        h = [fold(x) for x in t.header]
        who = next((i for i, x in enumerate(h) if _WHO_HEADER_RE.search(x)), None)
        money = next((i for i, x in enumerate(h) if _MONEY_HEADER_RE.search(x)), None)
        if who is None or money is None or who == money:
            continue
        unit_text = fold(t.caption + " " + t.header[money])
        unit = "triệu" if "trieu dong" in unit_text else "tỷ" if "ty dong" in unit_text else None
        total = None
        items = []
        for row in t.rows[t.header_index + 1:]:
            if len(row.cells) <= max(who, money):
                continue
            name, val = row.cells[who].text, row.cells[money].text
            n = parse_number(val)
            if n is None:
                continue
            v = to_dong(n, unit)
            if _TOTAL_RE.match(fold(name)):
                total = v
                continue
            prov = g.province(name.title()) or g.province(name)
            agency = f"UBND {prov.full}" if prov else name
            title = ctx.identity.title or ""
            year = own.year
            item = BudgetItem(agency, title, "allocation", v, ((year, v),) if year else None, None, own, tuple(basis), ctx.evidence(row.start, row.end))
            items.append(item)
        out.extend(items)
        if total is not None and items:
            # a table's rows go to many localities: the total is the issuing body's own
            stated.append(AllocationTotal(ctx.identity.issuer or "", own, total, ctx.evidence(t.start, t.end)))
        if total is not None and items and sum(b.amount_vnd or 0 for b in items) != total:
            findings.append(Finding("allocation_total_mismatch", (own,), f"rows add up to {_vnd(sum(b.amount_vnd or 0 for b in items))} đồng, the table's total is {_vnd(total)} đồng",
                                    evidence=ctx.evidence(t.start, t.end)))


def find_budget_items(ctx: Context) -> tuple[list[BudgetItem], list[AllocationTotal], list[Finding]]:
    """The budget items of a document, the allocation totals it states, and what does not add up."""
    out: list[BudgetItem] = []
    stated: list[AllocationTotal] = []
    findings: list[Finding] = []
    _allocations(ctx, out, stated, findings)
    _requests(ctx, out, findings)
    _allocation_tables(ctx, out, stated, findings)
    return out, stated, findings
