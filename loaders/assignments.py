"""Tasks assigned to agencies, with role (lead / support / monitor), deadline and status.

Four written forms:
- task tables whose columns name the unit in charge (chủ trì), the units that support
  (phối hợp), the unit that follows up (theo dõi, đôn đốc), the time and the result;
- plan items followed by "Đơn vị chủ trì: …", "Đơn vị phối hợp: …", "Thời gian thực hiện: …";
- prose: "Giao Sở X chủ trì, phối hợp với Y …", "Sở X được giao nhiệm vụ: “…”",
  "… có giao Sở X thực hiện các nội dung:" and a list, "nhiệm vụ này giao cho X chủ trì";
- sections headed by an agency in "Tổ chức thực hiện", whose items are its tasks.
A report restates tasks that other documents gave: there an assignment needs the
document that gave it ("Tại Quyết định số …"); a plan, decision or dispatch assigns itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from loaders.agencies import HEAD_RE, HEAD_START_RE, HEAD_WORDS, complete, place_end, split_agencies
from loaders.gazetteer import fold, gazetteer
from loaders.model import Assignment, DocKey, Finding
from loaders.patterns import alternation, finditer_at
from loaders.pipeline import agency_spans, name_head, squash
from loaders.relations import logical_paragraph_start
from loaders.structure import HEADING_RE

if TYPE_CHECKING:
    from loaders.extract import Context


# "theo dõi" is a duty to follow others' work when a follow-up verb or the work followed comes
# with it ("theo dõi, đôn đốc …", "theo dõi, đánh giá kết quả thực hiện …"); "Theo dõi, đánh giá,
# xác định Chỉ số cải cách hành chính" is a task the agency leads.
_MONITOR_RE = re.compile(
    r"^\W*(?:(?:tổ\s+chức|thường\s+xuyên|có\s+trách\s+nhiệm(?:\s+giúp\s+[^,;]{3,40}?)?)\s+)?"
    r"(?:theo\s+dõi(?=\s*$|(?:\s*,\s*|\s+và\s+)(?:đôn\s+đốc|kiểm\s+tra|giám\s+sát|thúc\s+đẩy|hướng\s+dẫn)\b"
    r"|(?:[\s,]+[^\s,;.]+){0,4}?\s+(?:việc|tình\s+hình|kết\s+quả|tiến\s+độ|các|quá\s+trình)\b)"
    r"|đôn\s+đốc|giám\s+sát|kiểm\s+tra\s+việc)", re.I)
_SUPPORT_RE = re.compile(r"^\W*phối\s+hợp\b", re.I)
# Verbs that end an agency name written before what the agency does.
_ACTIONS = (
    r"tiến\s+hành|thực\s+hiện|chủ\s+trì|tổ\s+chức|rà\s+soát|tham\s+mưu|xây\s+dựng|triển\s+khai|gửi|báo\s+cáo|tổng\s+hợp|"
    r"hướng\s+dẫn|nghiên\s+cứu|theo\s+dõi|kiểm\s+tra|đôn\s+đốc|đánh\s+giá|khảo\s+sát|cập\s+nhật|quản\s+lý|tiếp\s+tục|"
    r"chỉ\s+đạo|phối\s+hợp|bảo\s+đảm|đảm\s+bảo|hoàn\s+thiện|ban\s+hành|đề\s+xuất|khẩn\s+trương|định\s+kỳ|cùng\s+các|cùng\s+với|"
    r"căn\s+cứ|chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|tăng\s+cường|nâng\s+cao|đẩy\s+mạnh|chấp\s+hành|quán\s+triệt|"
    r"tuyên\s+truyền|phổ\s+biến|kiện\s+toàn|bố\s+trí|xem\s+xét|nghiêm\s+túc"
)
_ACTION_RE = re.compile(r"\s+(?:" + _ACTIONS + r")\b")


# The supports are the shortest text that a verb follows: `re` tries each end of it, so the
# ends are tried only before a space or a comma (what follows the supports starts with one),
# and the verbs are a trie.
_LEAD_PREFIX_RE = re.compile(r"^\W*chủ\s+trì\s*,?\s*(?:phối\s+hợp\s+(?:với\s+)?(?P<sup>.+?)(?=[\s,])(?:,?\s+(?:cùng\s+(?:với\s+)?các\s+[^,]*?(?:liên\s+quan|có\s+liên\s+quan)))?\s*,?\s+(?=(?-i:" + alternation([a.replace(r"\s+", " ") for a in _ACTIONS.split("|")]) + r")\b))?", re.I)
_UNIT_LINE_RE = re.compile(
    r"^\s*[-+*•]?\s*(?P<label>(?:Đơn\s+vị|Cơ\s+quan)\s+(?:chủ\s+trì(?:\s+tham\s+mưu)?(?:\s+thực\s+hiện)?|phối\s+hợp(?:\s+thực\s+hiện)?|thực\s+hiện|"
    r"theo\s+dõi(?:,\s*đôn\s+đốc)?|tham\s+mưu)"
    r"|Thời\s+(?:gian|hạn)\s+(?:thực\s+hiện|hoàn\s+thành|ban\s+hành)|Thời\s+(?:gian|hạn)|Tiến\s+độ(?:\s+thực\s+hiện)?)\s*:\s*(?P<value>.*)$",
    re.I,
)
_INLINE_UNIT_RE = re.compile(r"\(\s*(?:Đơn\s+vị|Cơ\s+quan)\s+(?P<label>chủ\s+trì|thực\s+hiện|phối\s+hợp)\s*:\s*(?P<value>[^()]+)\)", re.I)
_GIAO_RE = re.compile(r"(?<![\w])(?:[Gg]iao|giao\s+cho)\s+(?!nhiệm|kinh|ban|việc|các\s+nhiệm)", re.I)
_VERB_STOP_RE = re.compile(
    r"\s+(?=(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|tham\s+mưu|triển\s+khai|xây\s+dựng|tổ\s+chức|theo\s+dõi|đôn\s+đốc|rà\s+soát|"
    r"nghiên\s+cứu|khẩn\s+trương|chỉ\s+đạo|hướng\s+dẫn|báo\s+cáo|là|có\s+trách\s+nhiệm|kiểm\s+tra|chịu\s+trách\s+nhiệm|"
    r"cập\s+nhật|phát\s+triển|quản\s+lý|bảo\s+đảm|đảm\s+bảo|ban\s+hành|lập|thẩm\s+định|hoàn\s+thiện|làm|vận\s+hành|"
    r"duy\s+trì|tiếp\s+tục|các\s+nội\s+dung|nhiệm\s+vụ)\b)|\s*[:;(]|,\s+(?=[a-zđ])",
)
_ROLE_WORDS = {"lead": ("chủ trì", "thực hiện", "tham mưu"), "support": ("phối hợp",), "monitor": ("theo dõi", "đôn đốc", "giám sát")}


_MONITOR_HEADER_RE = re.compile(r"\b(?:theo doi|don doc|giam sat)\b")
_LEAD_HEADER_RE = re.compile(r"\b(?:don vi|co quan)\s+(?:thuc hien|tham muu)\b")


def _role_of_header(h: str) -> str | None:
    f = fold(h)
    if _MONITOR_HEADER_RE.search(f):
        return "monitor"
    if "chu tri" in f or _LEAD_HEADER_RE.search(f) or f in ("don vi", "co quan", "don vi thuc hien"):
        return "lead"
    if "phoi hop" in f:
        return "support"
    return None


def _col(header: list[str], pat: re.Pattern[str]) -> int | None:
    for i, h in enumerate(header):
        if pat.search(fold(h)):
            return i
    return None


_TASK_HEADER_RE = re.compile(r"noi dung|nhiem vu|ten (?:du an|nhiem vu|hang muc)|chi tieu|giai phap|hoat dong|cong viec")
_TIME_HEADER_RE = re.compile(r"^thoi gian|thoi han|^tien do$")
_STATUS_HEADER_RE = re.compile(r"ket qua|tien do thuc hien|tinh trang")


@lru_cache(maxsize=4096)
def _names_agency(name: str) -> bool:
    """Whether a name outside a table's unit column is an agency's: its head word or a known body."""
    return bool(HEAD_RE.match(name[0].upper() + name[1:]) or gazetteer().body(name))


class _Builder:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        i = ctx.identity
        self.by_agency = i.issuer
        self.out: list[Assignment] = []
        self.findings: list[Finding] = []
        self._seen: set[tuple] = set()
        self._names: dict[str, str] = {}  # the few agencies of a document recur on its every row
        self._own = ctx.own_key()
        self._issuers: dict[DocKey, str | None] | None = None

    def name(self, raw: str) -> str:
        name = self._names.get(raw)
        if name is None:
            i = self.ctx.identity
            name = self._names[raw] = complete(raw, i.province, i.issuer_body, i.issuer)
        return name

    def add(self, by: DocKey | None, agency: str, role: str, task: str, start: int, end: int,
            deadline: str | None = None, status: str | None = None, by_agency: str | None = None,
            named: bool = False) -> None:
        """Record one assignment; `named` says the text put it where only agencies go (a table's unit column)."""
        agency = self.name(agency.strip(" .,;:"))
        task = squash(task).strip(" .;:,“”\"*")
        if len(agency) < 3 or not task:
            return
        if not named and not _names_agency(agency):
            return
        key = (agency, role, task, by)
        if key in self._seen:
            return
        self._seen.add(key)
        # a heading's evidence runs a few characters past it, which a text cut short may not have
        end = min(end, len(self.ctx.text))
        self.out.append(Assignment(by, by_agency or self.giver(by), agency, role, task, deadline, status, self.ctx.evidence(start, end)))

    def giver(self, by: DocKey | None) -> str | None:
        """Who gave a task: this document's issuer, or the issuer of the document a report says gave it, as cited."""
        if by is None or by == self._own:
            return self.by_agency
        if self._issuers is None:
            self._issuers = {}
            for mt, k in zip(self.ctx.mentions, self.ctx.keys, strict=True):
                if k is not None and self._issuers.get(k) is None:
                    self._issuers[k] = mt.issuer
        return self._issuers.get(by)


def _subject_doc(ctx: Context) -> DocKey | None:
    """For a report: the document whose tasks it reports on (the first citation of its title or opening)."""
    title = ctx.identity.title or ""
    for m, key in zip(ctx.mentions, ctx.keys, strict=True):
        if m.ref and m.ref.number in title and m.ref.symbol.split("-")[0] in title:
            return key
    return None


_GROUP_NUMBER_RE = re.compile(r"[IVXLC]+\.?|[A-Z]\.?")
_ROW_NUMBER_RE = re.compile(r"[\dIVXLC]+(?:\.\d+)*\.?|[a-zđ]\)?")


# The same header rows recur in the plans of every province.
@lru_cache(maxsize=1024)
def _columns(header: tuple[str, ...]) -> tuple[tuple[str | None, ...], int, int | None, int | None] | None:
    """The role of each column of a task table, its task, time and status columns; None when it assigns nothing."""
    roles = [_role_of_header(x) for x in header]
    # a bare "Đơn vị" beside a column that names a role is a unit of measure ("%", "Thứ bậc")
    explicit = [i for i, x in enumerate(header) if roles[i] and fold(x) not in ("don vi", "co quan")]
    if explicit:
        roles = [r if i in explicit else None for i, r in enumerate(roles)]
    if not any(roles):
        return None
    task_col = _col(header, _TASK_HEADER_RE)
    if task_col is None:
        task_col = 1 if len(header) > 2 else None
    if task_col is None or roles[task_col]:
        return None
    return tuple(roles), task_col, _col(header, _TIME_HEADER_RE), _col(header, _STATUS_HEADER_RE)


def _tables(b: _Builder, by_table: DocKey | None) -> None:
    ctx = b.ctx
    for t in ctx.layout.tables:
        columns = _columns(tuple(t.header)) if t.header_index >= 0 else None
        if columns is None:
            continue
        roles, task_col, time_col, status_col = columns
        idx = 0
        body = t.rows[t.header_index + 1:]
        for ri, row in enumerate(body):
            cells = row.cells
            if len(cells) <= task_col:
                continue
            num = cells[0].text if cells else ""
            task = cells[task_col].text
            if not task:
                continue
            units = [(i, cells[i].text) for i, r in enumerate(roles) if r and i < len(cells)]
            if _GROUP_NUMBER_RE.fullmatch(num) and not any(v for _, v in units):
                continue  # a group heading
            nxt = next((r.cells[0].text for r in body[ri + 1:ri + 4] if r.cells and r.cells[0].text), "")
            if num and nxt.startswith(num.rstrip(".") + ".") and not any(v for _, v in units):
                continue  # a parent row ("11") whose sub-rows ("11.1", "11.2") carry the units
            if not _ROW_NUMBER_RE.fullmatch(num) and num:
                continue
            idx += 1
            if not any(v for _, v in units):
                if any(r in ("lead", "monitor") for r in roles):
                    b.findings.append(Finding("unassigned_task", (by_table,), f"table row {num or idx} has no unit in charge", task=" ".join(task.split()),
                                              evidence=ctx.evidence(row.start, row.end)))
                continue
            deadline = cells[time_col].text if time_col is not None and time_col < len(cells) and cells[time_col].text else None
            status = cells[status_col].text if status_col is not None and status_col < len(cells) and cells[status_col].text else None
            lead_cols = [i for i, r in enumerate(roles) if r == "lead" and i < len(cells)]
            if lead_cols and not any(cells[i].text for i in lead_cols):
                # a task that a supporting unit joins but nobody leads
                b.findings.append(Finding("unassigned_task", (by_table,), f"table row {num or idx} names no unit in charge",
                                          task=" ".join(task.split()), evidence=ctx.evidence(row.start, row.end)))
            for ci, value in units:
                for name, hint in split_agencies(value):
                    role = "support" if hint == "support" else roles[ci]
                    b.add(by_table, name, role, task, row.start, row.end,
                          deadline=deadline if role == "lead" else None, status=status if role == "lead" else None, named=True)


_ROLE_LABEL_RE = re.compile(r"chủ\s+trì|phối\s+hợp|thực\s+hiện|theo\s+dõi|tham\s+mưu", re.I)
_TIME_LABEL_RE = re.compile(r"Thời", re.I)
_SCHEDULE_LABEL_RE = re.compile(r"Thời|Tiến", re.I)
_SUPPORT_LABEL_RE = re.compile(r"phối\s+hợp", re.I)
_MONITOR_LABEL_RE = re.compile(r"theo\s+dõi", re.I)
_BULLET_RE = re.compile(r"^\s*[-+*•]\s*")
_SUPPORT_WORD_RE = re.compile(r"phối", re.I)


def _unit_lines(b: _Builder, by: DocKey | None) -> None:
    """Plan items followed by "Đơn vị chủ trì: …" lines, and "(Đơn vị thực hiện: …)" inline."""
    ctx, text = b.ctx, b.ctx.text
    lines = ctx.layout.lines
    # A unit line has a colon after its label: the pattern is tried only on the few lines that
    # hold one, where trying it on every line cost more than the rest of this function.
    units = {k: m for k, ln in enumerate(lines) if ":" in ln.text and (m := _UNIT_LINE_RE.match(ln.text))}
    groups: list[tuple[int, int, list[tuple[str, str, int, int]]]] = []  # first line index, last, [(label, value, s, e)]
    after = 0  # lines before it belong to the group found last
    for i, m in sorted(units.items()):
        if i < after or not _ROLE_LABEL_RE.search(m["label"]) and not groups:
            continue
        j = i
        items = []
        while j < len(lines) and (m := units.get(j) or (not lines[j].text.strip() and None)) is not None or \
                (j < len(lines) and not lines[j].text.strip() and j + 1 < len(lines) and units.get(j + 1)):
            if m:
                items.append((m["label"], m["value"].strip(), lines[j].start, lines[j].end))
            j += 1
        if any(_ROLE_LABEL_RE.search(lab) and not _TIME_LABEL_RE.match(lab) for lab, *_ in items):
            groups.append((i, j - 1, items))
        after = max(j, i + 1)
    secs = [ctx.layout.section_at(lines[first].start) for first, _, _ in groups]
    for (first, _last, items), sec in zip(groups, secs, strict=True):
        task, ts = _task_before(ctx, first, sec, sum(s is sec for s in secs) > 1)
        if not task:
            continue
        deadline = next((v.rstrip(" .;") for lab, v, *_ in items if _SCHEDULE_LABEL_RE.match(lab) and v), None)
        for lab, value, _s, e in items:
            if _SCHEDULE_LABEL_RE.match(lab):
                continue
            role = "support" if _SUPPORT_LABEL_RE.search(lab) else "monitor" if _MONITOR_LABEL_RE.search(lab) else "lead"
            for name, hint in split_agencies(value):
                r = "support" if hint == "support" else role
                b.add(by, _agency_head(name), r, task, ts, e, deadline=deadline if r == "lead" else None)
    for m in _INLINE_UNIT_RE.finditer(text):
        line = ctx.layout.line_at(m.start())
        if line is None:
            continue
        task = _BULLET_RE.sub("", text[logical_paragraph_start(text, m.start()):m.start()])
        role = "support" if _SUPPORT_WORD_RE.search(m["label"]) else "lead"
        for name, hint in split_agencies(m["value"]):
            b.add(by, name, "support" if hint else role, task, line.start, m.end())


def _agency_head(value: str) -> str:
    """The agency at the start of a value that goes on with what it does ("Bộ Công an tiến hành rà soát …")."""
    m = _ACTION_RE.search(value)
    return value[:m.start()] if m and m.start() > 2 else value


_LABEL_RE = re.compile(r"^(?:(?:Cơ\s+quan|Đơn\s+vị)\s+[^:]{0,40}|[^:]{0,30})\s*:\s*$")
_DESCRIBES_RE = re.compile(r"^(?:Nội\s+dung|Sản\s+phẩm|Kết\s+quả|Mục\s+tiêu)\s*:", re.I)
_TASK_LABEL_RE = re.compile(r"^Nhiệm\s+vụ\s*:\s*(?P<t>.*)$", re.I)


_MARKER_RE = re.compile(r"^\s*(?:[-+*•]|[a-zđ]\)|\d+(?:\.\d+)*\.)\s*")


def _strip_marker(text: str) -> str:
    return _MARKER_RE.sub("", squash(text))


def _task_before(ctx: Context, first_line: int, sec, per_item: bool) -> tuple[str, int]:
    """The task a group of unit lines belongs to: the item just before it, or the section's heading.

    Labels ("b) Cơ quan thực hiện:") are passed over; "- Nội dung: …" describes the item above
    it; "a) Nhiệm vụ: …" names the task itself.
    """
    lines, text = ctx.layout.lines, ctx.text
    k = first_line - 1
    for _ in range(6):
        while k >= 0 and not lines[k].text.strip():
            k -= 1
        if k < 0:
            break
        ps = logical_paragraph_start(text, lines[k].start)
        para = _strip_marker(text[ps:lines[k].end])
        tm = _TASK_LABEL_RE.match(para)
        if tm and tm["t"]:
            return tm["t"], ps
        if _LABEL_RE.match(para) or _DESCRIBES_RE.match(para) or tm:
            if sec is not None and ps <= sec.start and not _LABEL_RE.match(_strip_marker(sec.heading)):
                return sec.heading, sec.start
            k = ctx.layout.line_index(ps) - 1
            continue
        if per_item or sec is None or _LABEL_RE.match(_strip_marker(sec.heading)):
            return para, ps
        break
    while sec is not None and _LABEL_RE.match(_strip_marker(sec.heading)):
        sec = sec.parent
    if sec is not None:
        return sec.heading, sec.start
    return "", 0


_QUOTED_RE = re.compile(r"[“\"]([^”\"]{5,600})[”\"]")
# The prose patterns open with a keyword ("giao", "được"), so a scan only tries where the keyword stands.
_GIAO_LIST_RE = re.compile(
    r"giao\s+(?P<ag>[^:;]{3,80}?)\s+(?:thực\s+hiện|chủ\s+trì)\s+(?:các\s+)?(?:nội\s+dung|nhiệm\s+vụ)(?:\s+sau)?\s*:\s*\n"
)
_GIVEN_QUOTED_RE = re.compile(
    r"được\s+giao\s+(?P<pre>chủ\s+trì\s+|thực\s+hiện\s+|phối\s+hợp\s+(?:thực\s+hiện\s+)?)?nhiệm\s+vụ(?P<verbs>[^:“”]{0,40}?)\s*:\s*\**\s*(?P<q>[“\"])")
# "Nhiệm vụ “…” (đã) được giao cho X chủ trì tại <document>"
_QUOTED_TASK_GIVEN_RE = re.compile(
    r"[Nn]hiệm\s+vụ\s+[“\"](?P<task>[^”\"]{5,600})[”\"]\s*,?\s*(?:đã\s+)?được\s+giao\s+cho\s+(?P<ag>[^,;:()“”\n]{2,80}?)\s+"
    r"(?P<role>chủ\s+trì|thực\s+hiện|phối\s+hợp)(?:\s+thực\s+hiện)?\s+(?:tại|theo)\s")
_GIVEN_TO_QUOTED_RE = re.compile(r"giao\s+cho\s+(?P<ag2>[^,;:()“”]{2,60}?)\s+thực\s+hiện\s+nhiệm\s+vụ\s*:\s*\**\s*(?P<q>[“\"])")
# "giao (cho)" or "đề nghị"
_GIAO_RE = re.compile(r"(?:[Gg]iao(?:\s+cho)?|[Đđ]ề\s+nghị)\s+(?P<rest>[^\n]{3,600})")
_GIAO_WORDS = ("iao", "ề")  # after the first letter: two scans of the text instead of four
_NOT_AN_AGENCY_RE = re.compile(r"(?:nhiệm\s+vụ|kinh\s+phí|ban\s+hành|việc|các\s+nhiệm\s+vụ|chỉ\s+tiêu|Văn\s+bản)\b", re.I)
_GIVEN_BY_RE = re.compile(r"giao\s+cho\s+(?P<ag>[^,;:()]{3,60}?)\s*\(\s*tại\s+")


_ITEM_SOURCE_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:Tại|Theo|Thực hiện)\s+")
_SUBITEM_RE = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s")
_LINE_RE = re.compile(r"[^\n]*\n?")
_RULE_LINE_RE = re.compile(r"\s*-{3,}\s*")
_BULLET_ITEM_RE = re.compile(r"^\s*[-+*•]\s+")
_CLAUSE_TAIL_RE = re.compile(r"[^,;:()“”\n]{2,80}$")
_WHEREBY_RE = re.compile(r"^.*?(?:trong\s+đó|theo\s+đó)\s*,?\s*")
_THIS_TASK_GIVEN_RE = re.compile(r"nhiệm\s+vụ\s+này\s+(?:được\s+)?giao\s+(?:cho\s+)?(?P<ag>[^,;:()]{3,60}?)\s+(?:chủ\s+trì|thực\s+hiện)")
_LEAD_SUPPORT_PREFIX_RE = re.compile(r"^\W*Chủ\s+trì\s*,?\s*phối\s+hợp\s+với\s+.+?\s+(?=(?:hướng\s+dẫn|tổ\s+chức|thực\s+hiện|xây\s+dựng|triển\s+khai)\b)")
_UNIT_GIVEN_RE = re.compile(r"\(\s*(?:đơn\s+vị|cơ\s+quan)\s+được\s+(?P<giver>[^()]{2,80}?)\s+giao\s+chủ\s+trì\s+(?P<task>[^()]{3,200})\)")
_CAPITAL_TAIL_RE = re.compile(r"[A-ZĐ][^,;:()]{2,60}?\s*$")
_GIVEN_BY_TAIL_RE = re.compile(r"được\s+[^,;()]{2,60}?\s*$")
_FIELD_RE = re.compile(r"thuộc\s+lĩnh\s+vực\s+(?P<t>.+?)(?:,\s*lĩnh\s+vực\s+này\s*)?$")
_THIS_FIELD_RE = re.compile(r",?\s*(?:lĩnh\s+vực|nội\s+dung|nhiệm\s+vụ)\s+này\s*$")
_DIVISION_RE = re.compile(r"phân\s+công\s+thực\s+hiện\s+nhiệm\s+vụ\s+(?P<f>[^)]{3,60}?)\s+của")
_PASSIVE_BEFORE_RE = re.compile(r"(?:được|đã)\s$")
# "giao" inside a name or another verb: "Bộ Ngoại giao Các bộ, ngành" in a table row, "bàn giao"
_GIAO_COMPOUND_RE = re.compile(r"(?:[Nn]goại|[Bb]àn)\s$")
_NEXT_LINE_RE = re.compile(r"\n(?P<t>[^\n]+)")
_DASH_ITEM_RE = re.compile(r"^[-+]\s")
_ITEM_MARK_RE = re.compile(r"^[-+•]\s")
_ENDS_CLAUSE_RE = re.compile(r"[.;:]$")
_ITEM_MARK_STRIP_RE = re.compile(r"^[-+•]\s*")
_OPENING_CLAUSE = r"(?:Trên\s+cơ\s+sở|Căn\s+cứ|Sau\s+khi|Định\s+kỳ|Hằng\s+năm)[^,;]{0,120},\s*"
_HEAD_TITLE = r"(?:Bộ\s+trưởng|Thủ\s+trưởng|Chủ\s+tịch|Giám\s+đốc)\s+(?=[A-ZĐ])"
# A numbered item whose text (past an opening clause and a title) starts with an agency's head
# word, as its subject must (tested in `_prose`): most items start with a verb, and the test
# is cheapest in the scan.
_AGENCY_ITEM = (r"(?P<item>[ \t]*(?:\d+(?:\.\d+)*\.|[a-zđ]\)|[-+]|Điều\s+(?!1\.)\d+\.)[ \t]+"
                rf"(?=(?:{_OPENING_CLAUSE})?(?:{_HEAD_TITLE})?{HEAD_WORDS})(?P<line>[^\n]+))")
_FIRST_ITEM_RE = re.compile(_AGENCY_ITEM)
_NEXT_ITEM_RE = re.compile("\n" + _AGENCY_ITEM)


def _agency_items(text: str) -> Iterator[re.Match[str]]:
    """The items that start a line with an agency (each in group "item").

    What `^item` with re.M finds, less items that fail the test: such an item ends on its own
    line, but for "Điều\n5. …", whose text the item "5. …" shares, and fails with it.
    The scan looks for the line break before an item: `re` jumps to a literal first
    character, where it tries `^` at every character of the text.
    """
    first = _FIRST_ITEM_RE.match(text)
    if first:
        yield first
    yield from _NEXT_ITEM_RE.finditer(text, first.end() if first else 0)


_UNIT_LABEL_RE = re.compile(r"(?:Đơn\s+vị|Cơ\s+quan)\s+(?:chủ|phối|thực|theo)")
_OPENING_CLAUSE_RE = re.compile("^" + _OPENING_CLAUSE)
_DUTY_VERB_RE = re.compile(
    r"\s+(?P<v>chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|phối\s+hợp|theo\s+dõi|"
    r"căn\s+cứ\s+(?:tình\s+hình|Kế\s+hoạch|Quyết\s+định|nội\s+dung|chức\s+năng))\b"
)
_HEAD_TITLE_RE = re.compile("^" + _HEAD_TITLE)
# what a subject may say of itself before its duty: "Sở X là cơ quan thường trực, chủ trì …",
# "Sở Tài chính, trên cơ sở đề xuất của các cơ quan, đơn vị, chủ trì …"
_SUBJECT_ASIDE_RE = re.compile(r"(?:\s+là\s+(?:cơ\s+quan|đơn\s+vị)\b|\s*,\s*(?:trên\s+cơ\s+sở|căn\s+cứ|theo|sau\s+khi|trong\s+phạm\s+vi)\b).*$", re.S)
_SUBJECT_ACTS_RE = re.compile(r"[^,]\s(?:thực\s+hiện|triển\s+khai|xây\s+dựng|tổ\s+chức|ban\s+hành|báo\s+cáo|đề\s+nghị)\b|[:;]")
_DUTY_PREFIX_RE = re.compile(r"^(?:có|chịu)\s+trách\s+nhiệm\s+(?:giúp\s+[^,;]{3,40}?\s+(?=theo|kiểm|đôn|chỉ|tổ|hướng))?")
_LEAD_WORD_RE = re.compile(r"^chủ\s+trì\s*(?=[a-zđ])(?!,?\s*phối)")
_LIST_FOLLOWS_RE = re.compile(r"(?:bao\s+gồm|sau\s+đây|như\s+sau)?\s*:$")
_STARS_RE = re.compile(r"\*+")
_REQUEST_PREFIX_RE = re.compile(r"^Đề\s+nghị\s*:?\s*")
_AGENCY_HEADING_RE = re.compile(r"^(?P<ag>[^:]{3,400}?)\s*(?::\s*(?P<task>.+))?$")
_ACTS_IN_HEADING_RE = re.compile(r"\s(?:chủ\s+trì|thực\s+hiện|triển\s+khai)\b")
_NOT_A_NAME_RE = re.compile(r"\b(?:năm|giai đoạn|về|các nhiệm vụ)\b")
_BODY_START_RE = re.compile(r"^(?:Sở|Bộ|Ban|UBND|Ủy ban)")
_DASH_LINE_RE = re.compile(r"^\s*[-+]\s+(?P<t>[^\n]+)", re.M)
_TEXT_LINE_RE = re.compile(r"^(?P<t>[^\n\t]{10,})$", re.M)
_BODY_END_RE = re.compile(r"Nơi\s+nhận|Trong\s+quá\s+trình")
_SUBJECT_BEFORE_VERB_RE = re.compile(r"^(?P<subj>[^,;:]{3,80}?)\s+(?=(?:chủ\s+trì|phối\s+hợp|có\s+trách\s+nhiệm)\b)")


def _prose(b: _Builder, report: bool) -> None:
    ctx, text = b.ctx, b.ctx.text
    sents = ctx.analysis.sentences
    mentions, keys = ctx.mentions, ctx.keys

    def cited_in(s: int, e: int) -> DocKey | None:
        for m, k in zip(mentions, keys, strict=True):
            if s <= m.start < e and m.nested_in is None:
                return k
        return None

    def item_doc(pos: int) -> DocKey | None:
        """The document an item of the text speaks of: "Tại <document> …" at the item's start."""
        k = ctx.layout.line_index(pos)
        for j in range(k, max(-1, k - 12), -1):
            ln = ctx.layout.lines[j]
            mm = _ITEM_SOURCE_RE.match(ln.text)
            if mm:
                return cited_in(ln.start, ln.end)
            if j < k and _SUBITEM_RE.match(ln.text):
                break
        return None

    # "… có giao X thực hiện các nội dung:" followed by a list
    for m in _GIAO_LIST_RE.finditer(text):
        by = item_doc(m.start()) if report else None
        if report and by is None:
            continue
        pos = m.end()
        for lm in _LINE_RE.finditer(text[pos:pos + 3000]):
            line = lm.group(0)
            if not line.strip() or _RULE_LINE_RE.fullmatch(line) or any(fs <= pos + lm.start() < fe for fs, fe in ctx.layout.footnotes):
                continue
            if not _BULLET_ITEM_RE.match(line):
                break
            task = _BULLET_ITEM_RE.sub("", line).strip()
            b.add(by, m["ag"], "lead", task, m.start(), pos + lm.end())
        continue
    # "X được giao nhiệm vụ (theo dõi, thúc đẩy): “…”" and "đã giao cho X thực hiện nhiệm vụ: “…”"
    quoted = "“" in text or '"' in text  # the tasks of these and of the next form are quoted
    given = sorted([*_GIVEN_QUOTED_RE.finditer(text), *_GIVEN_TO_QUOTED_RE.finditer(text)], key=lambda x: x.start()) if quoted else []
    for m in given:
        qm = _QUOTED_RE.match(text, m.start("q"))
        if not qm:
            continue
        # the agency before "được giao": back to the previous clause boundary
        before = _CLAUSE_TAIL_RE.search(text[max(0, m.start() - 80):m.start()])
        ag1 = before.group(0).strip() if before and "ag2" not in m.groupdict() else None
        task = qm.group(1).strip(" .,;…")
        by = item_doc(m.start()) or cited_in(text.rfind("\n", 0, m.start()), m.start())
        if report and by is None:
            continue
        agency = ag1 or m.groupdict().get("ag2")
        if not agency:
            continue
        agency = _WHEREBY_RE.sub("", agency)
        # the verbs before "nhiệm vụ" ("được giao phối hợp nhiệm vụ") or after it ("được giao nhiệm vụ theo dõi, thúc đẩy")
        role = _role_of_text((m.groupdict().get("pre") or "") + (m.groupdict().get("verbs") or ""))
        b.add(by, agency, role, task, m.start(), qm.end(), deadline=_deadline_in(task))
        lp = _lead_prefix(task)
        if lp:
            for name, _ in split_agencies(lp[1]):
                b.add(by, name, "support", task, m.start(), qm.end())
    for m in finditer_at(_QUOTED_TASK_GIVEN_RE, text, ("hiệm",), 1) if quoted else ():
        by = cited_in(m.end() - 1, m.end() + 200)
        if by is None:
            continue
        role = _role_of_text(m["role"])
        b.add(by, m["ag"], role, m["task"].strip(" .,;…"), m.start(), m.end())
    # "(tại <document>, nhiệm vụ này giao cho X chủ trì)"
    for m in _THIS_TASK_GIVEN_RE.finditer(text) if quoted else ():
        para_s = text.rfind("\n", 0, m.start()) + 1
        by = cited_in(max(para_s, text.rfind("(", 0, m.start())), m.start())
        qm = _QUOTED_RE.search(text, para_s, m.start())
        if by is None or qm is None:
            continue
        task = qm.group(1)
        task = _LEAD_SUPPORT_PREFIX_RE.sub("", task)
        b.add(by, m["ag"], "lead", task, m.start(), m.end())
    # "<X> (đơn vị) được <cơ quan> giao chủ trì <task>"
    for m in _UNIT_GIVEN_RE.finditer(text):
        before = _CAPITAL_TAIL_RE.search(text[max(0, m.start() - 62):m.start()])
        if not before:
            continue
        by = None
        for mt, k in zip(mentions, keys, strict=True):
            if mt.start < m.start() and mt.issuer_body is not None and fold(mt.issuer_body.name) in fold(m["giver"]):
                by = k
        if by is None and report:
            continue
        b.add(by, before.group(0), "lead", "chủ trì " + m["task"], m.start() - len(before.group(0)), m.end())
    # "<lĩnh vực> … đã được <X> giao cho <Y> (tại <document>)"
    for m in _GIVEN_BY_RE.finditer(text):
        if not _GIVEN_BY_TAIL_RE.search(text[max(0, m.start() - 64):m.start()]):
            continue
        s, _e = sents.around(m.start(), m.end())
        by = cited_in(m.end(), m.end() + 300)
        lead = text[s:m.start()]
        lm = _FIELD_RE.search(lead)
        task = lm["t"] if lm else _THIS_FIELD_RE.sub("", lead)
        if by is None:
            continue
        lv = _DIVISION_RE.search(text[m.end():m.end() + 300])
        if lv:
            task = f"{task} ({lv['f']})"
        b.add(by, m["ag"], "lead", task, s, m.end())
    if report:
        return
    # "Giao X chủ trì, phối hợp với Y …" in plans, decisions and dispatches; "Đề nghị X …" in a dispatch to X
    giao = [m for m in finditer_at(_GIAO_RE, text, _GIAO_WORDS, 1)
            if (m.start() == 0 or text[m.start() - 1] in " \t\n(.;:") and not _PASSIVE_BEFORE_RE.search(text[max(0, m.start() - 5):m.start()])
            and not _GIAO_COMPOUND_RE.search(text[max(0, m.start() - 6):m.start()])
            and not _NOT_AN_AGENCY_RE.match(m["rest"])
            and HEAD_START_RE.match(m["rest"].lstrip())]  # else the agency it opens fails HEAD_RE below
    # the agencies joined from its start (`_agency_end`) end before the head's last word
    spans = agency_spans([name_head(m["rest"][:200]) for m in giao])
    for m, sp in zip(giao, spans, strict=True):
        rest = m["rest"]
        cut = _agency_end(rest, sp)
        agency, after = rest[:cut], rest[cut:]
        if not HEAD_RE.match(agency.strip()):
            continue
        task_start = m.start("rest") + cut
        task = after.strip(" ,:")
        if not task:
            # "1.1. Giao Sở Nông nghiệp và Môi trường" alone: the tasks are the items (or the paragraph) that follow
            items = []
            for lm in _NEXT_LINE_RE.finditer(text[m.end():m.end() + 4000]):
                t = lm["t"].strip()
                if not t or HEADING_RE.match(t) and not _DASH_ITEM_RE.match(t):
                    break
                if items and not _ITEM_MARK_RE.match(t):
                    if not _ENDS_CLAUSE_RE.search(items[-1][0]):  # the item goes on past a line break
                        items[-1] = (items[-1][0] + " " + t, items[-1][1])
                        continue
                    break
                items.append((_ITEM_MARK_STRIP_RE.sub("", t), m.end() + lm.start("t")))
                if not _ITEM_MARK_RE.match(t):
                    break
            for t, pos in items:
                _add_with_roles(b, None, agency, t, pos, pos + len(t))
            continue
        _add_with_roles(b, None, agency, task, m.start(), min(len(text), task_start + len(task)))
    # numbered items whose subject is an agency: "3. Bộ Tài chính chủ trì tổng hợp …"
    for m in _agency_items(text):
        line = m["line"]
        if _UNIT_LINE_RE.match(line) or _UNIT_LABEL_RE.match(line):
            continue
        # "Trên cơ sở kết quả khảo sát, Sở Xây dựng chủ trì …": the subject after an opening clause
        opening = _OPENING_CLAUSE_RE.match(line)
        if opening:
            line = line[opening.end():]
        vm = _DUTY_VERB_RE.search(line)
        if not vm or vm.start() > 160:
            continue
        subject = _SUBJECT_ASIDE_RE.sub("", line[:vm.start()])
        if not HEAD_RE.match(_HEAD_TITLE_RE.sub("", subject)) \
                or _SUBJECT_ACTS_RE.search(subject):
            continue
        task = line[vm.start():].strip()
        task = _DUTY_PREFIX_RE.sub("", task)
        task = _LEAD_WORD_RE.sub("", task).strip()
        if _LIST_FOLLOWS_RE.search(task):
            # "Sở Tài chính có trách nhiệm quản lý về nghiệp vụ, bao gồm:" — the items that follow are the tasks
            sec = ctx.layout.section_at(m.start("line"))
            items = [c for c in sec.children] if sec is not None and sec.start <= m.start("item") else []
            for c in items:
                _add_with_roles(b, None, subject, c.heading, c.start, c.start + len(c.heading) + 8)
            if items:
                continue
        _add_with_roles(b, None, subject, task, m.start("line"), m.end())
    # sections of "Tổ chức thực hiện" headed by an agency: their items are its tasks
    for sec in ctx.layout.sections:
        head = sec.heading
        if "*" in head:
            head = _STARS_RE.sub("", head)
        head = head.strip()
        if head.startswith("Đề"):
            head = _REQUEST_PREFIX_RE.sub("", head)
        # the agency is the start of the heading: test that before the costly heading pattern
        if not HEAD_RE.match(head):
            continue
        hm = _AGENCY_HEADING_RE.match(head)
        if not hm or not HEAD_RE.match(hm["ag"]) or _VERB_STOP_RE.search(hm["ag"] + " ") and _ACTS_IN_HEADING_RE.search(hm["ag"]):
            continue
        ag = hm["ag"]
        if max(len(n.split()) for n, _ in split_agencies(ag) or [("", "")]) > 14 or _NOT_A_NAME_RE.search(ag) and not _BODY_START_RE.match(ag):
            continue
        if not _in_organisation_part(ctx, sec):
            continue
        if hm["task"]:
            _add_with_roles(b, None, ag, hm["task"], sec.start, sec.start + len(sec.heading) + 8)
        for child in sec.children:
            _add_with_roles(b, None, ag, child.heading, child.start, child.start + len(child.heading) + 8)
        if not sec.children:
            base = sec.body_start + len(sec.heading)
            body = text[base:sec.end]
            items = list(_DASH_LINE_RE.finditer(body)) or \
                list(_TEXT_LINE_RE.finditer(body))
            for lm in items:
                if _BODY_END_RE.match(lm["t"]):
                    break
                s = base + lm.start("t")
                # "Sở X chủ trì, phối hợp với Sở Y …" under a heading "Sở X, Sở Y": the sentence says who leads
                sm = _SUBJECT_BEFORE_VERB_RE.match(lm["t"])
                if sm and HEAD_RE.match(sm["subj"]):
                    _add_with_roles(b, None, sm["subj"], lm["t"][sm.end():], s, s + len(lm["t"]))
                else:
                    _add_with_roles(b, None, ag, lm["t"], s, s + len(lm["t"]))


_AND_RE = re.compile(r"\s*(?:,|và|,\s*và)\s*")
# The nouns of a group named with commas ("các sở, ban, ngành", "các cơ quan, đơn vị, địa
# phương", "UBND các huyện, thị xã"): elsewhere a comma before a lower-case word ends a name.
# "ban hành" and "tổ chức" (but before a comma) are verbs.  What may follow the nouns is a
# qualifier ("tỉnh", "có liên quan"); the duty starts after it.
_GROUP_NOUN = (r"(?:bộ|sở|ban(?!\s+hành)|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức\s+chính\s+trị\s*-\s*xã\s+hội|tổ\s+chức(?=\s*,)|cá\s+nhân|doanh\s+nghiệp|"
               r"đoàn\s+thể|huyện|quận|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn|đặc\s+khu)\b")
_GROUP_SEP = r"(?:\s*,\s*|\s*,?\s+và\s+)"
_PEOPLES_COMMITTEE = r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+"
_GROUP_QUALIFIER = r"(?:\s+(?:tỉnh|thành\s+phố|có\s+liên\s+quan|liên\s+quan|trực\s+thuộc|thuộc\s+tỉnh|trên\s+địa\s+bàn(?:\s+tỉnh)?)\b)?"
_GROUP_LIST_RE = re.compile(
    rf"(?:{_PEOPLES_COMMITTEE})?[Cc]ác\s+{_GROUP_NOUN}(?:{_GROUP_SEP}{_GROUP_NOUN})+{_GROUP_QUALIFIER}")
_GROUP_QUALIFIER_RE = re.compile(r"\s+(?:các|cấp)\b[^:;\n]*")
# What may follow the names joined at the start of a phrase and still name agencies: a group
# the last name heads ("UBND các xã, phường"), or one joined to them ("…, Sở Y và các sở, ban,
# ngành liên quan", "và các đơn vị có liên quan").
_GROUP_TAIL_RE = re.compile(
    rf"(?:\s+các\s+|\s*(?:,|,?\s+và)\s+(?:{_PEOPLES_COMMITTEE})?các\s+){_GROUP_NOUN}(?:{_GROUP_SEP}{_GROUP_NOUN})*{_GROUP_QUALIFIER}", re.I)


def _names_end(rest: str, spans: list[tuple[int, int]]) -> int:
    """Where the agencies named at the start of `rest` end, 0 if none does: gazetteer names
    joined by ", " or "và" with what qualifies them, or a group ("các sở, ban, ngành")."""
    end = 0
    for s, e in spans:
        if s == end or (end and _AND_RE.fullmatch(rest[end:s])):
            end = place_end(rest, e)
        elif end == 0:
            break
    if end:
        tail = _GROUP_TAIL_RE.match(rest, end)
        if tail:
            return tail.end()
        # "Ủy ban nhân dân cấp huyện": a known body qualified by a level or a group of its own words
        q = _GROUP_QUALIFIER_RE.match(rest[end:])
        if q:
            a = _ACTION_RE.search(q.group(0))
            end += a.start() if a else len(q.group(0))
        return end
    group = _GROUP_LIST_RE.match(rest)
    return group.end() if group else 0


def _agency_end(rest: str, spans: list[tuple[int, int]]) -> int:
    """Where the agencies named at the start of `rest` end: the names `_names_end` knows, else
    the first verb ("Giao Sở Xây dựng chủ trì …")."""
    end = _names_end(rest, spans)
    if end:
        return end
    stops = [m.start() for m in (_ACTION_RE.search(rest), _VERB_STOP_RE.search(rest)) if m]
    return min(stops) if stops else len(rest)


_ORGANISATION_PART_RE = re.compile(r"tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm|phân\s+công", re.I)


def _in_organisation_part(ctx: Context, sec) -> bool:
    p = sec.parent
    while p is not None:
        # the heading may be wrapped: "IV. TỔ CHỨC\nTHỰC HIỆN"
        head = ctx.text[p.body_start:min(p.end, p.body_start + len(p.heading) + 40)]
        if _ORGANISATION_PART_RE.search(head):
            return True
        p = p.parent
    return False


_CLAUSE_SPLIT_RE = re.compile(r";\s+|\.\s+(?=[A-ZĐ])")
_EXPLICIT_LEAD_RE = re.compile(r"\W*chủ\s+trì\b", re.I)


# A clause that only says when ("Thời gian hoàn thành: Quý IV/2021", read as a unit line) is
# the deadline of the task before it; one that only names who works with the agency ("phối
# hợp với Sở Y tế, Sở Giáo dục và Đào tạo trong quá trình thực hiện") names supports of that task.
_JOINT_CLAUSE_RE = re.compile(
    r"^\W*phối\s+hợp\s+(?:chặt\s+chẽ\s+)?với\s+(?P<sup>.+?)\s*,?\s+(?:trong\s+quá\s+trình|để|cùng)\s+(?:triển\s+khai\s+)?"
    r"thực\s+hiện(?:\s+nhiệm\s+vụ(?:\s+này)?)?[\s.]*$", re.I)


def _add_with_roles(b: _Builder, by: DocKey | None, agency_phrase: str, task: str, start: int, end: int) -> None:
    """One task text for an agency phrase: "chủ trì, phối hợp với Y" adds Y as support.

    A text whose clauses call for different roles ("chủ trì …; tổ chức theo dõi, giám sát …")
    gives one task per clause.  A clause of its deadline or of the agencies that work with the
    agency on it belongs to the task before it.
    """
    groups: list[list[str]] = []
    roles: list[str] = []  # the role of each group's first clause
    supports: dict[int, list[str]] = {}
    deadlines: dict[int, str] = {}
    for c in (c for c in _CLAUSE_SPLIT_RE.split(task) if len(c) > 8):
        role = _role_of_text(c)
        if groups:
            # only a clause with a colon can be a unit line; a joint clause opens with "phối hợp",
            # so its role is support
            unit = _UNIT_LINE_RE.match(c) if ":" in c else None
            joint = _JOINT_CLAUSE_RE.match(c) if role == "support" else None
            when = unit["value"].rstrip(" .;") if unit and _SCHEDULE_LABEL_RE.match(unit["label"]) else None
            if when:
                deadlines[len(groups) - 1] = when
                continue
            if joint:
                supports.setdefault(len(groups) - 1, []).append(joint["sup"])
                continue
        # A clause starts a new task when it names another role ("…; tổ chức theo dõi, giám sát …",
        # "…; chủ trì tiến hành …"), or when the agency's own work follows its share in another's
        # ("Phối hợp với … . Nâng cao hiệu quả …").  Plain clauses after a duty to follow up stay with it.
        current = roles[-1] if groups else None
        explicit = role != "lead" or _EXPLICIT_LEAD_RE.match(c)
        if groups and (role == current or not (explicit or current == "support")):
            groups[-1].append(c)
        else:
            groups.append([c])
            roles.append(role)
    if len(groups) <= 1 and not supports and not deadlines:
        _add_task(b, by, agency_phrase, task, start, end, [], None)
        return
    for i, g in enumerate(groups):
        _add_task(b, by, agency_phrase, "; ".join(g), start, end, supports.get(i, []), deadlines.get(i))


def _add_task(b: _Builder, by: DocKey | None, agency_phrase: str, task: str, start: int, end: int,
              supports: list[str], deadline: str | None) -> None:
    """One task of an agency phrase, with the supports and the deadline its other clauses name."""
    role = "lead"
    t = task.strip(" ,")
    if _SUPPORT_RE.match(t):
        role = "support"
    elif _MONITOR_RE.match(t):
        role = "monitor"
    lp = _lead_prefix(t)
    if lp:
        t = t[lp[0]:].strip(" ,") or t  # the task is what follows "chủ trì, phối hợp với …"
        role = _role_of_text(t)
        supports = [lp[1], *supports]
    deadline = deadline or _deadline_in(t)
    for name, hint in split_agencies(agency_phrase):
        b.add(by, name, "support" if hint else role, t, start, end, deadline=deadline)
    for phrase in supports:
        for name, _ in split_agencies(phrase):
            b.add(by, name, "support", t, start, end, deadline=deadline)


# "chủ trì, phối hợp với" before the supports; the task opens with a word in lower case that
# neither joins nor qualifies names (`str.islower`: a class of letters would hold Vietnamese capitals)
_JOINT_OPEN_RE = re.compile(r"^\W*chủ\s+trì\s*,?\s*phối\s+hợp\s+(?:chặt\s+chẽ\s+)?với\s+", re.I)
_TASK_OPEN_RE = re.compile(
    r"\s*,?\s+(?!(?:và|các|cùng|tỉnh|thành\s+phố|huyện|cấp|thuộc|trực\s+thuộc|có\s+liên\s+quan|liên\s+quan|trên\s+địa\s+bàn)\b)"
    r"(?=\w)", re.I)


def _lead_prefix(t: str) -> tuple[int, str] | None:
    """Where the task starts after "chủ trì, phối hợp với Y …", and Y.

    The supports end where the agency names the gazetteer knows end, with a group joined to
    them ("phối hợp với Sở Tài chính và các sở, ban, ngành kiểm soát …"), else before a verb the
    rules know: a verb further on ("… kiểm soát tiêu chí đầu vào của các dự án đảm bảo …")
    would make the task's first words a support.
    """
    lp = _LEAD_PREFIX_RE.match(t)
    jm = _JOINT_OPEN_RE.match(t)
    if jm:
        rest = t[jm.end():]
        cut = _names_end(rest, agency_spans([name_head(rest[:200])])[0])
        tm = _TASK_OPEN_RE.match(rest, cut) if cut else None
        if tm and rest[tm.end()].islower() and (not (lp and lp["sup"]) or jm.end() + tm.end() < lp.end()):
            return jm.end() + tm.end(), rest[:cut]
    if lp and lp["sup"]:
        return lp.end(), lp["sup"]
    return None


def _role_of_text(t: str) -> str:
    return "support" if _SUPPORT_RE.match(t) else "monitor" if _MONITOR_RE.match(t) else "lead"


_DEADLINE_RE = re.compile(r"(?:trước|chậm\s+nhất|hoàn\s+thành\s+(?:trong|trước))\s+(?:ngày\s+)?[^,;.]{3,40}|đến\s+tháng\s+\d{1,2}/\d{4}")


def _deadline_in(task: str) -> str | None:
    m = _DEADLINE_RE.search(task)
    return m.group(0) if m else None


def find_assignments(ctx: Context) -> tuple[list[Assignment], list[Finding]]:
    """The assignments of one document, and the tasks its tables leave without a unit in charge."""
    b = _Builder(ctx)
    report = (ctx.identity.type or "") == "Báo cáo"
    by_table = _subject_doc(ctx) if report else None
    _tables(b, by_table)
    _unit_lines(b, None)
    _prose(b, report)
    return b.out, b.findings
