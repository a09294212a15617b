"""A seeded generator of synthetic Vietnamese administrative documents, with their ground truth.

    python bench/corpus.py --docs 1000 --seed 7 -o /tmp/synth1k [--truth 2000] [--fault-rate 0.03]

Writes N `.txt` files and `truth.json` (the cancu-eval/1 shape of shared/eval/SCHEMA.md),
so that `cancu evaluate --gold DIR/truth.json DIR` scores the extractor on them.

The documents form a hierarchy: national documents (real numbers and dates, listed in
bench/synth_data.json) are cited by province plans, decisions and dispatches of the
UBND, which are carried out, answered and reported on by the departments (Sở) of the
same province: department plans with task tables, dispatches asking for reports, and
reports with reassignment requests and budget requests with their legal basis.
Provinces and bodies come from loaders/data; a document dated from 1 July 2025 on is
issued by a province of the 34 that remain and names the bodies that succeeded the
merged ones.

Faults are planted at `--fault-rate` each: a document cited twice with two dates, a
task led by another body than an earlier plan of the same province gave it to, a
malformed symbol.  Each is a `findings` item of the truth.

Streaming: each file is written as soon as it is made; what the generator keeps is a
window of recent documents per province and the truth of the first `--truth` files
(default 2000).  Those files are a prefix of the corpus, and a prefix only cites
documents of itself or national ones, so the truth of a prefix is complete: score it
against the extraction of exactly the files `truth.json` lists under "corpus".
The same seed gives the same bytes, and the first K files of a larger corpus are the
K files of a smaller one.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "loaders" / "data"

MERGER = date(2025, 7, 1)  # Nghị quyết 202/2025/QH15: 63 provinces become 34
FIRST_YEAR, LAST_YEAR = 2020, 2025
# share of each kind of file
KINDS = (("province_plan", 20), ("province_decision", 15), ("province_dispatch", 10),
         ("dept_plan", 15), ("dept_dispatch", 15), ("dept_report", 25))
WINDOW = 24  # recent documents remembered per province (bounded memory)


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Province:
    name: str
    kind: str  # "tỉnh" or "thành phố"
    slug: str

    def local(self, body: str) -> str:
        """A local body's full name: "Sở Nội vụ" -> "Sở Nội vụ tỉnh Bắc Giang"."""
        for suffix in (" tỉnh", " thành phố"):
            if body.endswith(suffix):
                body = body[: -len(suffix)]
        return f"{body} {self.kind} {self.name}"

    def short(self, body: str) -> str:
        """A local body as its own province's documents write it: "Văn phòng UBND tỉnh"."""
        return body.replace(" tỉnh", f" {self.kind}") if body.endswith(" tỉnh") else body


@dataclass(frozen=True)
class Doc:
    """A document as others cite it."""

    type: str
    number: str
    symbol: str
    day: date
    issuer: str  # full name, province included for local bodies
    title: str
    normative: bool = False  # legal normative: the year is written in the number
    cited_as: str = ""  # how its issuer is named after "của" ("Thủ tướng Chính phủ")

    @property
    def year(self) -> int:
        return self.day.year

    @property
    def ref(self) -> dict[str, Any]:
        return {"number": self.number, "symbol": self.symbol, "year": self.year}

    @property
    def written(self) -> str:
        return f"{self.number}/{self.year}/{self.symbol}" if self.normative else f"{self.number}/{self.symbol}"


@dataclass
class Task:
    text: str
    lead: str  # short local name ("Sở Nội vụ")
    support: list[str]
    deadline: str


@dataclass
class Facts:
    """The truth of one file, in the cancu-eval/1 vocabulary."""

    file: str
    doc: Doc | None = None
    cited: list[tuple[Doc, date]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    budget: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)


# --------------------------------------------------------------------------- text helpers


def _vn_number(n: int) -> str:
    """1240 -> "1.240" (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


class Generator:
    """Documents one after another from one random stream: the same seed, the same corpus."""

    def __init__(self, seed: int, fault_rate: float = 0.03) -> None:
        self.rng = random.Random(seed)
        self.fault_rate = fault_rate
        self.vocab = json.loads((HERE / "synth_data.json").read_text(encoding="utf-8"))
        provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))["provinces"]
        self.before = [Province(p["name"], p["kind"], p["slug"]) for p in provinces]
        self.after = [p for p, raw in zip(self.before, provinces, strict=True) if raw["merged_into_2025"] is None]
        agencies = json.loads((DATA / "agencies.json").read_text(encoding="utf-8"))
        self.successor = {a["name"]: a["successor"] for a in agencies["local"] if a.get("successor")}
        ranks = list(range(len(self.before)))
        self.rng.shuffle(ranks)
        # a few provinces write most of the documents, as in any real collection; it also makes them cite each other
        self.weight = {p.slug: 1 / (r + 1) for p, r in zip(self.before, ranks, strict=True)}
        self.national = {d["id"]: self._national(d) for d in self.vocab["national"]}
        self.counters: dict[tuple[str, int], int] = {}
        self.recent: dict[str, deque[tuple[str, Doc, Any]]] = defaultdict(lambda: deque(maxlen=WINDOW))
        # (province, task text) -> the first document that gave it, its lead, how many documents gave it
        self.given: dict[tuple[str, str], tuple[Doc, str, int]] = {}
        self.contested: set[tuple[str, str]] = set()

    # ----------------------------------------------------------------- basics

    def _national(self, d: dict[str, Any]) -> Doc:
        normative = d["symbol"] in ("NĐ-CP",) or d["symbol"].startswith("TT-")
        who = {"Chính phủ": "Chính phủ", "Thủ tướng Chính phủ": "Thủ tướng Chính phủ"}.get(d["issuer"], f"Bộ trưởng {d['issuer']}")
        return Doc(d["type"], d["number"], d["symbol"], date.fromisoformat(d["date"]), d["issuer"], d["title"],
                   normative, who)

    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day_between(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randrange(max(1, (hi - lo).days)))

    def next_number(self, symbol: str, year: int) -> str:
        # Numbers run per symbol and year across provinces: two provinces' 199/KH-UBND of one year are
        # two documents that the scorer, which keys on number, symbol and year, could not tell apart.
        key = (symbol, year)
        n = self.counters.get(key) or self.rng.randrange(1, 120)
        n += self.rng.randrange(1, 4)
        self.counters[key] = n
        return str(n)

    def current(self, body: str, day: date) -> str:
        """The body's name on that day: merged bodies take their successor's name from the merger on."""
        return self.successor.get(body, body) if day >= MERGER else body

    def date_text(self, d: date) -> str:
        style = self.rng.randrange(5)
        if style == 0:
            return f"{d.day}/{d.month}/{d.year}"
        if style == 1:
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        if style == 2:
            return f"{d.day:02d} tháng {d.month} năm {d.year}"
        if style == 3:
            return f"{d.day} tháng {d.month:02d} năm {d.year}"
        return f"{d.day:02d}-{d.month}-{d.year}"

    def person(self) -> str:
        v = self.vocab
        return f"{self.pick(v['family'])} {self.pick(v['middle'])} {self.pick(v['given'])}"

    def amount(self) -> tuple[str, int]:
        """An amount as a report writes it, and its value in đồng."""
        millions = self.rng.randrange(2, 400) * 10
        style = self.rng.randrange(3)
        if style == 0:
            return f"{_vn_number(millions)} triệu đồng", millions * 1_000_000
        if style == 1:
            return f"{_vn_number(millions * 1_000_000)} đồng", millions * 1_000_000
        return f"{_vn_number(millions)}.000.000 đồng", millions * 1_000_000

    # ----------------------------------------------------------------- citing

    def cite(self, f: Facts, doc: Doc, *, with_title: bool = True, on: date | None = None, fault: bool = True) -> str:
        """'Kế hoạch số 199/KH-UBND ngày 11/12/2023 của UBND tỉnh Bắc Giang về …', recorded in the truth."""
        when = on or doc.day
        f.cited.append((doc, when))
        written = doc.written
        if fault and self.chance(self.fault_rate):
            written = self.malformed(doc)
            f.findings.append({"kind": "malformed_symbol", "documents": [doc.ref], "detail": f"written '{written}'"})
        text = f"{doc.type} số {written} ngày {self.date_text(when)}"
        if doc.cited_as:
            text += f" của {doc.cited_as}"
        if with_title:
            text += f" {'về việc ' if self.chance(0.3) else 'về ' if doc.type != 'Quyết định' else ''}{doc.title}"
        return text

    def malformed(self, doc: Doc) -> str:
        head = f"{doc.number}/{doc.year}/" if doc.normative else f"{doc.number}/"
        a, _, b = doc.symbol.partition("-")
        style = self.rng.randrange(3)
        if style == 0 and doc.type != "Công văn" and not doc.normative:
            return f"{head}{a}/{b}"  # 458/QĐ/TTg: a slash where the rule puts a dash
        if style <= 1:
            return f"{head}{a}- {b}"
        return f"{head}{a} –{b}"

    def twice(self, f: Facts, doc: Doc) -> str:
        """A later mention of a document already cited; at the fault rate, with another date."""
        if self.chance(self.fault_rate):
            wrong = doc.day + timedelta(days=self.pick([-31, -1, 1, 2, 30]))
            # a later date than the citing document would be a future_date finding too; another year,
            # another document (a number without its year takes the year of its date)
            if f.doc is not None and wrong < f.doc.day and wrong.year == doc.year:
                f.findings.append({"kind": "date_conflict", "documents": [doc.ref],
                                   "detail": f"cited as {doc.day.isoformat()} and {wrong.isoformat()}"})
                return self.cite(f, doc, with_title=False, on=wrong, fault=False)
        return self.cite(f, doc, with_title=False, fault=False)

    # ----------------------------------------------------------------- layout

    def header(self, top: list[str], number: str, place: str, day: date, kind_word: str, title: str,
               *, vv: bool = False) -> list[str]:
        """The heading block: issuer, national motto, number, place and date, kind and title, in one of three layouts."""
        when = f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" if self.chance(0.5) \
            else f"{place}, ngày {day.day} tháng {day.month} năm {day.year}"
        style = self.rng.randrange(3)
        subject = [f"V/v {title}"] if vv else []
        body = [] if vv else [kind_word, title[:1].upper() + title[1:]]
        if style == 0:
            return [*top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
                    f"Số: {number}", *subject, when, "", *body, ""]
        if style == 1:
            return ["|", *(f"**{t}**" if i == 0 else t for i, t in enumerate(top)), "-------", "|",
                    "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "Độc lập - Tự do - Hạnh phúc", "---------------",
                    "|", "|", f"Số: {number}", *(f"*{s}*" for s in subject), "|", f"*{when}*", "|", "",
                    *(f"**{b}**" if i == 0 else b.upper() for i, b in enumerate(body)), ""]
        return [*top, "", f"Số: {number}", *subject, "", when, "",
                *([f"## {body[0]} {body[1]}"] if body else []), ""]

    def closing(self, recipients: list[str], signer: str) -> list[str]:
        return ["", "Nơi nhận:", *(f"- {r};" for r in recipients), "- Lưu: VT.", "", signer, self.person(), ""]

    # ----------------------------------------------------------------- tasks

    def tasks(self, prov: Province, day: date, n: int, field_: dict[str, Any]) -> list[Task]:
        pool = [t for t in field_["tasks"] if (prov.slug, t["text"]) not in self.contested]
        self.rng.shuffle(pool)
        out = []
        for t in pool[:n]:
            support = [s for s in self.supporters(day) if s != t["lead"]][: self.rng.randrange(0, 3)]
            if self.chance(0.4):
                support.append(self.pick(self.vocab["supporters_group_2025" if day >= MERGER else "supporters_group"]))
            out.append(Task(t["text"], t["lead"], support, self.pick(self.vocab["deadlines"]).format(y=day.year)))
        return out

    def supporters(self, day: date) -> list[str]:
        pool = self.vocab["supporters"] + ([] if day >= MERGER else self.vocab["supporters_before_2025"])
        pool = pool[:]
        self.rng.shuffle(pool)
        return pool

    def assign(self, f: Facts, prov: Province, task: Task, by: dict[str, Any], by_agency: str, *, plan: Doc | None = None) -> None:
        """The truth of one task: a lead and its supports; at the fault rate, a lead that contradicts an earlier plan."""
        key = (prov.slug, task.text)
        earlier = self.given.get(key)
        # Only a task given once before can be contested: then the finding is one pair of documents,
        # and the task is not given again in that province (see `tasks`).
        if plan is not None and earlier is not None and earlier[2] == 1 and self.chance(self.fault_rate):
            other = self.pick([s for s in self.vocab["supporters"] if s not in (task.lead, earlier[1])])
            task.support = [s for s in task.support if s != other]
            task.lead = other
            self.contested.add(key)
            f.findings.append({"kind": "conflicting_assignment", "documents": [earlier[0].ref, plan.ref],
                               "detail": f"'{task.text[:80]}' led by {earlier[1]} and by {other}", "task": task.text})
        elif plan is not None:
            self.given[key] = (earlier[0], earlier[1], earlier[2] + 1) if earlier else (plan, task.lead, 1)
        base = {"by": by, "by_agency": by_agency, "task": task.text, "deadline": task.deadline, "file": f.file}
        f.assignments.append({**base, "agency": prov.local(task.lead), "role": "lead"})
        for s in task.support:
            group = s.startswith(("Các", "UBND các"))
            f.assignments.append({**base, "agency": prov.local(s) if not group else f"{s} {prov.kind} {prov.name}",
                                  "role": "support", **({"optional": True} if group else {})})

    def task_prose(self, prov: Province, t: Task) -> str:
        lead = prov.short(t.lead)
        sup = self.listed(prov, t.support)
        style = self.rng.randrange(3)
        if style == 0 and sup:
            return f"Giao {lead} chủ trì, phối hợp với {sup} {t.text[0].lower() + t.text[1:]}. Thời gian thực hiện: {t.deadline}."
        if style == 1:
            block = [f"a) Nhiệm vụ: {t.text}.", "b) Cơ quan thực hiện:", f"- Đơn vị chủ trì: {lead}."]
            if sup:
                block.append(f"- Đơn vị phối hợp: {sup}.")
            return "\n".join([*block, f"c) Thời gian thực hiện: {t.deadline}."])
        return f"{t.text}.\n- Cơ quan chủ trì: {lead}.\n- Cơ quan phối hợp: {sup or 'Các cơ quan, đơn vị có liên quan'}.\n" \
               f"- Thời gian hoàn thành: {t.deadline}."

    @staticmethod
    def listed(prov: Province, bodies: list[str]) -> str:
        """Bodies inside a sentence: "Sở Tài chính, Công an tỉnh và các cơ quan, đơn vị có liên quan"."""
        names = [prov.short(b) if i == 0 or not b.startswith("Các") else b[0].lower() + b[1:] for i, b in enumerate(bodies)]
        return ", ".join(names[:-1]) + f" và {names[-1]}" if len(names) > 1 else "".join(names)

    # ----------------------------------------------------------------- documents

    def make(self, index: int) -> tuple[str, str, Facts]:
        """The index-th file: its name, its text and its truth."""
        kind = self.rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        year = self.rng.randrange(FIRST_YEAR, LAST_YEAR + 1)
        day = self.day_between(date(year, 1, 5), date(year, 12, 28))
        provinces = self.after if day >= MERGER else self.before
        prov = self.rng.choices(provinces, [self.weight[p.slug] for p in provinces])[0]
        field_ = self.pick(self.vocab["fields"])
        maker = getattr(self, f"_{kind}")
        f = Facts("")
        name, lines = maker(index, f, prov, day, field_)
        f.file = name
        for coll in (f.assignments, f.requests, f.budget):
            for item in coll:
                item["file"] = name
        return name, "\n".join(lines) + "\n", f

    def _own(self, f: Facts, prov: Province, type_word: str, issuer: str, day: date, title: str, symbol: str) -> Doc:
        doc = Doc(type_word, self.next_number(symbol, day.year), symbol, day, prov.local(issuer), title,
                  cited_as=f"{prov.short(issuer)}" if issuer != "UBND tỉnh" else f"UBND {prov.kind} {prov.name}")
        f.doc = doc
        return doc

    def _file(self, index: int, prov: Province, kind: str, doc: Doc) -> str:
        return f"{index:06d}_{prov.slug}-{kind}{doc.number}-{doc.year}.txt"

    def basis(self, field_: dict[str, Any], day: date, k: int) -> list[Doc]:
        docs = [self.national[i] for i in field_["basis"] if self.national[i].day < day - timedelta(days=20)]
        self.rng.shuffle(docs)
        return docs[:k]

    def province_doc(self, prov: Province, day: date, kinds: tuple[str, ...]) -> tuple[Doc, Any] | None:
        """An earlier province document of one of these kinds, from the window."""
        cands = [(d, extra) for k, d, extra in self.recent[prov.slug] if k in kinds and d.day < day - timedelta(days=7)]
        return self.pick(cands) if cands else None

    def _province_plan(self, index: int, f: Facts, prov: Province, day: date, field_: dict[str, Any]) -> tuple[str, list[str]]:
        title = f"{field_['title']} {prov.kind} {prov.name} năm {day.year}"
        doc = self._own(f, prov, "Kế hoạch", "UBND tỉnh", day, title, "KH-UBND")
        lines = self.header([f"ỦY BAN NHÂN DÂN {prov.kind.upper()} {prov.name.upper()}"], doc.written, prov.name, day,
                            "KẾ HOẠCH", title)
        bases = self.basis(field_, day, 3)
        if bases and self.chance(0.5):
            lines.append(f"Thực hiện {'; '.join(self.cite(f, b) for b in bases)}; Ủy ban nhân dân {prov.kind} ban hành "
                         f"Kế hoạch {field_['title']} năm {day.year}, cụ thể như sau:")
            f.relations += [{"type": "implements", "from": {"file": "?"}, "to": b.ref} for b in bases]
        elif bases:
            lines += ["I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", ""]
            lines += [f"- {self.cite(f, b)};" for b in bases]
            f.relations += [{"type": "based_on", "from": {"file": "?"}, "to": b.ref} for b in bases]
        lines += ["", "II. MỤC ĐÍCH, YÊU CẦU", "", f"1. Mục đích: triển khai đồng bộ, hiệu quả công tác {field_['name']} "
                  f"trên địa bàn {prov.kind}.", "2. Yêu cầu: xác định rõ nhiệm vụ, cơ quan chủ trì, thời hạn hoàn thành.",
                  "", "III. NHIỆM VỤ VÀ GIẢI PHÁP", ""]
        tasks = self.tasks(prov, day, self.rng.randrange(3, 6), field_)
        by, by_agency = {"file": "?"}, prov.local("UBND tỉnh")
        table = self.chance(0.4)
        for i, t in enumerate(tasks, 1):
            self.assign(f, prov, t, by, by_agency, plan=doc)
            if not table:
                lines += [f"{i}. {t.text[:60].rsplit(' ', 1)[0]}", self.task_prose(prov, t), ""]
        if table:
            lines += ["Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.", ""]
        lines += ["IV. TỔ CHỨC THỰC HIỆN", "", "Các sở, ban, ngành căn cứ nhiệm vụ được giao chủ động triển khai"
                  + (f", bảo đảm đúng yêu cầu tại {self.twice(f, bases[0])}" if bases else "")
                  + f"; định kỳ báo cáo kết quả về {prov.short('Văn phòng UBND tỉnh')} trước ngày 15/12 hằng năm."]
        if table:
            lines += ["", "PHỤ LỤC", "DANH MỤC NHIỆM VỤ", "(Kèm theo Kế hoạch số " + doc.written + ")", "",
                      "STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành"]
            lines += [f"{i}\t{t.text}\t{prov.short(t.lead)}\t{'; '.join(prov.short(s) for s in t.support)}\t{t.deadline}"
                      for i, t in enumerate(tasks, 1)]
        recipients = [f"{prov.short('Văn phòng UBND tỉnh')}", "Các sở, ban, ngành", "Thường trực HĐND tỉnh"]
        lines += self.closing(recipients, "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
        self.recent[prov.slug].append(("plan", doc, tasks))
        return self._file(index, prov, "kh", doc), lines

    def _province_decision(self, index: int, f: Facts, prov: Province, day: date, field_: dict[str, Any]) -> tuple[str, list[str]]:
        title = f"phê duyệt Đề án {field_['title']} {prov.kind} {prov.name} giai đoạn {day.year}-{day.year + 5}"
        doc = self._own(f, prov, "Quyết định", "UBND tỉnh", day, title, "QĐ-UBND")
        lines = self.header([f"ỦY BAN NHÂN DÂN {prov.kind.upper()} {prov.name.upper()}"], doc.written, prov.name, day,
                            "QUYẾT ĐỊNH", f"Về việc {title}")
        lines += [f"ỦY BAN NHÂN DÂN {prov.kind.upper()} {prov.name.upper()}", ""]
        laws = self.vocab["laws_2025" if day >= MERGER else "laws"]
        lines.append(f"Căn cứ {self.pick(laws)};")
        for b in self.basis(field_, day, 2):
            lines.append(f"Căn cứ {self.cite(f, b)};")
            f.relations.append({"type": "based_on", "from": {"file": "?"}, "to": b.ref})
        lead = self.pick([t["lead"] for t in field_["tasks"]])
        code = self.vocab["department_codes"].get(lead)
        if code and self.chance(0.7):
            proposal = Doc("Tờ trình", self.next_number(f"TTr-{code}", day.year), f"TTr-{code}",
                           day - timedelta(days=self.rng.randrange(5, 40)), prov.local(lead), "")
            f.cited.append((proposal, proposal.day))
            lines.append(f"Theo đề nghị của Giám đốc {lead} tại Tờ trình số {proposal.written} ngày "
                         f"{self.date_text(proposal.day)}.")
            f.relations.append({"type": "responds_to", "from": {"file": "?"}, "to": proposal.ref})
        lines += ["", "QUYẾT ĐỊNH:", "", f"Điều 1. Phê duyệt Đề án {field_['title']} {prov.kind} {prov.name} "
                  f"giai đoạn {day.year}-{day.year + 5} (chi tiết kèm theo).", ""]
        tasks = self.tasks(prov, day, self.rng.randrange(2, 4), field_)
        lines.append("Điều 2. Tổ chức thực hiện")
        by, by_agency = {"file": "?"}, prov.local("UBND tỉnh")
        for i, t in enumerate(tasks, 1):
            self.assign(f, prov, t, by, by_agency, plan=doc)
            sup = self.listed(prov, t.support)
            lines.append(f"{i}. Giao {prov.short(t.lead)} chủ trì" + (f", phối hợp với {sup}" if sup else "")
                         + f" {t.text[0].lower() + t.text[1:]}; thời hạn: {t.deadline}.")
        old = self.province_doc(prov, day, ("decision",))
        if old and self.chance(0.5):
            lines.append(f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký và thay thế {self.cite(f, old[0], with_title=False)}.")
            f.relations.append({"type": "replaces", "from": {"file": "?"}, "to": old[0].ref})
        else:
            lines.append("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
        heads = [f"Chánh {prov.short('Văn phòng UBND tỉnh')}", f"Giám đốc {tasks[0].lead}"]
        lines.append(f"Điều 4. {', '.join(heads)}, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
                     f"Quyết định này./.")
        for body in ("Văn phòng UBND tỉnh", tasks[0].lead):
            f.assignments.append({"by": by, "by_agency": by_agency, "agency": prov.local(body), "role": "lead",
                                  "task": "chịu trách nhiệm thi hành Quyết định này", "optional": True})
        lines += self.closing(["Như Điều 4", "Chủ tịch, các PCT UBND tỉnh"], "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
        self.recent[prov.slug].append(("decision", doc, tasks))
        return self._file(index, prov, "qd", doc), lines

    def _province_dispatch(self, index: int, f: Facts, prov: Province, day: date, field_: dict[str, Any]) -> tuple[str, list[str]]:
        unit = self.pick(self.vocab["province_cv_units"])
        title = f"triển khai thực hiện nhiệm vụ {field_['name']} năm {day.year}"
        doc = self._own(f, prov, "Công văn", "UBND tỉnh", day, title, f"UBND-{unit}")
        lines = self.header([f"ỦY BAN NHÂN DÂN {prov.kind.upper()} {prov.name.upper()}"], doc.written, prov.name, day,
                            "", title, vv=True)
        lines += ["Kính gửi:", "- Các sở, ban, ngành;", f"- UBND các {'xã, phường' if day >= MERGER else 'huyện, thị xã, thành phố'}.", ""]
        bases = self.basis(field_, day, 1)
        opening = f"Thực hiện {self.cite(f, bases[0])}, " if bases else ""
        if bases:
            f.relations.append({"type": "implements", "from": {"file": "?"}, "to": bases[0].ref})
        lines.append(f"{opening}Chủ tịch UBND {prov.kind} có ý kiến chỉ đạo như sau:")
        by, by_agency = {"file": "?"}, prov.local("UBND tỉnh")
        for i, t in enumerate(self.tasks(prov, day, self.rng.randrange(2, 4), field_), 1):
            self.assign(f, prov, t, by, by_agency, plan=doc)
            sup = self.listed(prov, t.support)
            lines += [f"{i}. Giao {prov.short(t.lead)}", f"{t.text}" + (f"; phối hợp với {sup} trong quá trình thực hiện" if sup else "")
                      + f". Thời gian hoàn thành: {t.deadline}."]
        lines += self.closing(["Như trên", "CT, các PCT UBND tỉnh"], "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
        return self._file(index, prov, "cv", doc), lines

    def _department(self, day: date) -> str:
        codes = [d for d in self.vocab["department_codes"] if d != "Sở Thông tin và Truyền thông"]
        return self.pick(codes)

    def _dept_top(self, prov: Province, dept: str) -> list[str]:
        return [f"UBND {prov.kind.upper()} {prov.name.upper()}", dept.upper()]

    def _dept_plan(self, index: int, f: Facts, prov: Province, day: date, field_: dict[str, Any]) -> tuple[str, list[str]]:
        parent = self.province_doc(prov, day, ("plan",))
        # a department plans the tasks its province gave it, handing each to one of its units
        mine = [t for t in parent[1] if t.lead in self.vocab["department_codes"]] if parent else []
        if not mine:  # no plan to carry out yet: the department plans a task of its own field
            mine = self.tasks(prov, day, 1, {"tasks": [t for t in field_["tasks"] if t["lead"] in self.vocab["department_codes"]]})
        dept = self.pick(mine).lead
        code = self.vocab["department_codes"][dept]
        title = f"thực hiện {field_['name']} của {dept} năm {day.year}"
        doc = self._own(f, prov, "Kế hoạch", dept, day, title, f"KH-{code}")
        lines = self.header(self._dept_top(prov, dept), doc.written, prov.name, day, "KẾ HOẠCH", title)
        if parent:
            lines.append(f"Thực hiện {self.cite(f, parent[0])}; {dept} xây dựng Kế hoạch {title}, cụ thể như sau:")
            f.relations.append({"type": "implements", "from": {"file": "?"}, "to": parent[0].ref})
        else:
            lines.append(f"{dept} xây dựng Kế hoạch {title}, cụ thể như sau:")
        lines += ["", "I. MỤC TIÊU", "", f"Triển khai hiệu quả các nhiệm vụ {field_['name']} được giao; "
                  "bảo đảm đúng tiến độ, chất lượng.", "", "II. NHIỆM VỤ CỤ THỂ", "",
                  "(Chi tiết tại Phụ lục kèm theo)", "", "Phụ lục", f"(Kèm theo Kế hoạch số {doc.written})", "",
                  "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện"]
        units = self.vocab["department_units"].get(dept, self.vocab["department_units"]["default"])
        by, by_agency = {"file": "?"}, prov.local(dept)
        for i, t in enumerate([t for t in mine if t.lead == dept], 1):
            lead, sup = self.rng.sample(units, 2)
            lines.append(f"{i}\t{t.text}\t{lead}\t{sup}\t{t.deadline}")
            for role, unit in (("lead", lead), ("support", sup)):
                # "Văn phòng Sở" is the Sở's own office: "Văn phòng Sở Nội vụ tỉnh …"; a Phòng is "Phòng … - Sở …"
                full = f"{unit[:-3]} {prov.local(dept)}" if unit.endswith(" Sở") else f"{unit} - {prov.local(dept)}"
                f.assignments.append({"by": by, "by_agency": by_agency, "agency": full,
                                      "role": role, "task": t.text, "deadline": t.deadline})
        lines += ["", "III. TỔ CHỨC THỰC HIỆN", "", "Văn phòng Sở theo dõi, đôn đốc, tổng hợp kết quả thực hiện, "
                  "báo cáo Giám đốc Sở."]
        lines += self.closing(["Ban Giám đốc Sở", "Các phòng, đơn vị thuộc Sở"], "GIÁM ĐỐC")
        return self._file(index, prov, "kh", doc), lines

    def _dept_dispatch(self, index: int, f: Facts, prov: Province, day: date, field_: dict[str, Any]) -> tuple[str, list[str]]:
        dept = self.current("Sở Thông tin và Truyền thông", day) if self.chance(0.6) else self._department(day)
        code = "STTTT" if dept == "Sở Thông tin và Truyền thông" else self.vocab["department_codes"][dept]
        unit = self.pick(self.vocab["cv_units"])
        title = f"báo cáo kết quả thực hiện nhiệm vụ {field_['name']} năm {day.year}"
        doc = self._own(f, prov, "Công văn", dept, day, title, f"{code}-{unit}")
        lines = self.header(self._dept_top(prov, dept), doc.written, prov.name, day, "", title, vv=True)
        lines += ["Kính gửi: Các sở, ban, ngành tỉnh.", ""]
        parent = self.province_doc(prov, day, ("plan", "decision"))
        if parent:
            lines.append(f"Thực hiện {self.cite(f, parent[0])}; để có cơ sở tổng hợp, báo cáo UBND {prov.kind}, "
                         f"{dept} đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện các nhiệm vụ được giao.")
            f.relations.append({"type": "implements", "from": {"file": "?"}, "to": parent[0].ref})
        else:
            lines.append(f"Để có cơ sở tổng hợp, báo cáo UBND {prov.kind}, {dept} đề nghị các cơ quan, đơn vị báo cáo "
                         f"kết quả thực hiện nhiệm vụ {field_['name']}.")
        f.assignments.append({"by": {"file": "?"}, "by_agency": prov.local(dept), "role": "lead", "optional": True,
                              "agency": f"Các cơ quan, đơn vị {prov.kind} {prov.name}",
                              "task": f"báo cáo kết quả thực hiện nhiệm vụ {field_['name']}"})
        lines += [f"Báo cáo gửi về {dept} trước ngày {self.date_text(day + timedelta(days=20))} để tổng hợp./."]
        lines += self.closing(["Như trên", "Lãnh đạo Sở"], "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
        self.recent[prov.slug].append(("request", doc, field_["name"]))
        return self._file(index, prov, "cv", doc), lines

    def _dept_report(self, index: int, f: Facts, prov: Province, day: date, field_: dict[str, Any]) -> tuple[str, list[str]]:
        plan = self.province_doc(prov, day, ("plan", "decision"))
        depts = [t.lead for t in plan[1] if t.lead in self.vocab["department_codes"]] if plan else []
        dept = self.pick(depts) if depts else self._department(day)
        code = self.vocab["department_codes"][dept]
        title = f"Kết quả thực hiện nhiệm vụ {field_['name']} năm {day.year} của {dept}"
        doc = self._own(f, prov, "Báo cáo", dept, day, title, f"BC-{code}")
        lines = self.header(self._dept_top(prov, dept), doc.written, prov.name, day, "BÁO CÁO", title)
        asked = self.province_doc(prov, day, ("request",))
        if asked:
            req = asked[0]
            lines.append(f"Theo đề nghị của {req.cited_as} tại {self.cite(f, req, with_title=False)} về việc {req.title}; "
                         f"{dept} báo cáo như sau:")
            f.relations.append({"type": "responds_to", "from": {"file": "?"}, "to": req.ref})
        else:
            lines.append(f"{dept} báo cáo kết quả thực hiện nhiệm vụ {field_['name']} năm {day.year} như sau:")
        lines += ["", "I. KẾT QUẢ THỰC HIỆN", ""]
        me = [t for t in plan[1] if t.lead == dept] if plan else []
        if plan and me:
            t = me[0]
            lines.append(f"1. Tại {self.cite(f, plan[0])}, {dept} được giao chủ trì nhiệm vụ: “{t.text}”; đến nay "
                         f"{dept} đã triển khai thực hiện, cơ bản đạt tiến độ đề ra.")
            f.assignments.append({"by": plan[0].ref, "by_agency": None, "agency": prov.local(dept), "role": "lead",
                                  "task": t.text})
        else:
            lines.append(f"1. {dept} đã ban hành văn bản triển khai, phân công các phòng, đơn vị thực hiện.")
        lines += ["", "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", ""]
        if plan and len(me) > 1 and self.chance(0.6):
            t = me[1]
            to = self.pick([s for s in ("Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Tư pháp")
                            if s != dept])
            reason = self.pick(self.vocab["reasons"]).format(to=prov.short(to), frm=dept)
            again = self.twice(f, plan[0])
            if self.chance(0.5):
                lines.append(f"2. Tại {again}; {dept} được giao nhiệm vụ: “{t.text}”; đề nghị {prov.short('Văn phòng UBND tỉnh') if to != 'Văn phòng UBND tỉnh' else 'UBND ' + prov.kind} "
                             f"tham mưu cấp có thẩm quyền điều chỉnh nhiệm vụ này cho {prov.short(to)} {reason}.")
            else:
                lines.append(f"2. Nhiệm vụ “{t.text}” được giao cho {dept} chủ trì tại {again}. {dept} kiến nghị "
                             f"UBND {prov.kind} xem xét, giao nhiệm vụ này cho {prov.short(to)} chủ trì thực hiện {reason}.")
            f.assignments.append({"by": plan[0].ref, "by_agency": None, "agency": prov.local(dept), "role": "lead",
                                  "task": t.text})
            f.requests.append({"requester": prov.local(dept), "task": t.text, "assigned_by": plan[0].ref,
                               "from_agency": prov.local(dept), "to_agency": prov.local(to), "via": {"file": "?"},
                               "reason": reason})
        else:
            lines.append("Không có.")
        lines += ["", "III. KẾ HOẠCH VÀ KINH PHÍ ĐỀ XUẤT NĂM " + str(day.year + 1), ""]
        titles = self.vocab["budget_titles"][:]
        self.rng.shuffle(titles)
        for i, item in enumerate(titles[: self.rng.randrange(1, 4)], 1):
            bases = self.basis(field_, day, self.rng.randrange(1, 3))
            if plan and self.chance(0.5):
                bases.append(plan[0])
            text, vnd = self.amount()
            fund = self.pick(self.vocab["funding"])
            if bases:
                lines += [f"{i}. {item}", f"{i}.1. Căn cứ áp dụng: {'; '.join(self.cite(f, b) for b in bases)}."]
            else:  # nothing in force yet to rest it on: a request without a legal basis, as real reports have
                lines.append(f"{i}. {item}")
                f.findings.append({"kind": "missing_basis", "documents": [{"file": "?"}], "detail": item})
            lines += [f"{i}.2. Mục tiêu của nhiệm vụ: {item[0].lower() + item[1:]} phục vụ công tác {field_['name']}.",
                      f"{i}.3. Kinh phí và nguồn vốn: Kinh phí thực hiện năm {day.year + 1}: {text}; từ {fund}.", ""]
            f.budget.append({"agency": prov.local(dept), "title": item, "kind": "request", "amount_vnd": vnd,
                             "years": {str(day.year + 1): vnd}, "funding_source": fund, "allocated_by": None,
                             "basis": [b.ref for b in bases]})
        lines += self.closing([f"UBND {prov.kind} (b/c)", "Lãnh đạo Sở"], "GIÁM ĐỐC")
        return self._file(index, prov, "bc", doc), lines


# --------------------------------------------------------------------------- truth


class Truth:
    """The cancu-eval/1 truth of the files added to it (documents merged across files)."""

    def __init__(self) -> None:
        self.corpus: list[str] = []
        self.docs: dict[tuple[str, str, int], dict[str, Any]] = {}
        self.parts: dict[str, list[dict[str, Any]]] = {k: [] for k in
                                                        ("relations", "assignments", "reassignment_requests", "budget_items", "findings")}
        self._seen_findings: set[str] = set()

    def _doc(self, doc: Doc) -> dict[str, Any]:
        key = (doc.number, doc.symbol, doc.year)
        if key not in self.docs:
            self.docs[key] = {**doc.ref, "type": doc.type, "dates": [], "issuer": doc.issuer, "title": doc.title or None}
        return self.docs[key]

    def add(self, f: Facts) -> None:
        assert f.doc is not None
        me = {"file": f.file}
        self.corpus.append(f.file)
        entry = self._doc(f.doc)
        entry["file"] = f.file
        self._date(entry, f.doc.day)
        for doc, when in f.cited:
            self._date(self._doc(doc), when)

        def fix(ref: Any) -> Any:
            return me if isinstance(ref, dict) and ref.get("file") == "?" else ref

        for r in f.relations:
            self.parts["relations"].append({**r, "from": fix(r["from"]), "to": fix(r["to"])})
        for a in f.assignments:
            self.parts["assignments"].append({**a, "by": fix(a["by"])})
        for q in f.requests:
            self.parts["reassignment_requests"].append({**q, "via": fix(q["via"])})
        self.parts["budget_items"] += f.budget
        for x in f.findings:
            x = {**x, "documents": [fix(d) for d in x["documents"]]}
            # one finding per document however often its fault recurs; a request without basis is one per request
            about = x["detail"] if x["kind"] == "missing_basis" else None
            key = json.dumps([x["kind"], x["documents"], about], ensure_ascii=False, sort_keys=True)
            if key not in self._seen_findings:
                self._seen_findings.add(key)
                self.parts["findings"].append(x)

    @staticmethod
    def _date(entry: dict[str, Any], when: date) -> None:
        iso = when.isoformat()
        if iso not in entry["dates"]:
            entry["dates"].append(iso)

    def to_json(self) -> dict[str, Any]:
        return {"schema": "cancu-eval/1", "corpus": self.corpus, "documents": list(self.docs.values()), **self.parts}


# --------------------------------------------------------------------------- driver


def generate(n: int, seed: int, *, fault_rate: float = 0.03) -> Iterator[tuple[str, str, Facts]]:
    """The corpus, file by file: (name, text, truth); the first k of n are the corpus of k."""
    gen = Generator(seed, fault_rate)
    for i in range(n):
        yield gen.make(i)


def write_corpus(out: Path, n: int, seed: int, *, truth_max: int = 2000, fault_rate: float = 0.03) -> dict[str, int]:
    """Write n files and truth.json (for the first `truth_max` files) into `out`; counts of what was written."""
    out.mkdir(parents=True, exist_ok=True)
    truth = Truth()
    size = 0
    for i, (name, text, facts) in enumerate(generate(n, seed, fault_rate=fault_rate)):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        size += len(data)
        if i < truth_max:
            truth.add(facts)
    (out / "truth.json").write_text(json.dumps(truth.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"files": n, "bytes": size, "truth_files": min(n, truth_max),
            **{k: len(v) for k, v in truth.parts.items()}, "documents": len(truth.docs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="how many files")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--out", type=Path, required=True, help="the folder to write into")
    ap.add_argument("--truth", type=int, default=2000, help="truth.json covers the first N files (a self-contained prefix)")
    ap.add_argument("--fault-rate", type=float, default=0.03, help="rate of each planted fault")
    args = ap.parse_args(argv)
    counts = write_corpus(args.out, args.docs, args.seed, truth_max=args.truth, fault_rate=args.fault_rate)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
