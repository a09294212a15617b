"""The budget legal-basis report: every budget request and allocation in the store, what it is
for, how much, from which fund, and the legal basis that justifies it, checked.

`budget_report(store)` builds the model that `kg.report_render` writes as html, md, csv, xlsx
or docx.  The checks are shown on each row, never used to leave a row out:

* a request with no legal basis;
* a basis only cited, whose text the store does not hold;
* a basis that a newer document replaces or amends, and a basis that itself replaced or
  amended an older one (the reader checks the item does not rest on the older text);
* a basis cited with different dates;
* allocations that do or do not add up to the total their document states;
* a request larger than last year's allocation to the same agency for a similar item, as a ratio.

Amounts are whole đồng, written the Vietnamese way (`format_vnd(1240000000)` is
"1.240.000.000 đ"), dates as Nghị định 30/2020 writes them (`format_date("2020-06-03")` is
"03/6/2020").
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.docs import Docs, select
from kg.findings import similar_task
from kg.namespace import CANCU, CANCU_NS, ontology_graph
from kg.store import Store
from kg.trace import Node, trace_up
from loaders.gazetteer import fold

__all__ = ["Basis", "BudgetReport", "BudgetRow", "Check", "Link", "Source", "Total", "budget_report",
           "format_date", "format_ratio", "format_vnd"]

KINDS = {str(CANCU.BudgetRequest): "request", str(CANCU.BudgetAllocation): "allocation"}
KIND_LABELS = {"request": "Đề xuất", "allocation": "Phân bổ", "item": "Khoản kinh phí"}
NO_FUND = "Không nêu"

# Check levels, worst first: a renderer colours and sorts by them.
WARNING, INFO, OK = "warning", "info", "ok"


def format_vnd(amount: int | None, *, unit: bool = True) -> str:
    """An amount in đồng grouped with dots, as Vietnamese documents write it.

    >>> format_vnd(1240000000), format_vnd(None), format_vnd(198671000, unit=False)
    ('1.240.000.000 đ', '', '198.671.000')
    """
    if amount is None:
        return ""
    text = f"{amount:,}".replace(",", ".")
    return f"{text} đ" if unit else text


def format_date(iso: str | None) -> str:
    """An ISO date as Nghị định 30/2020 writes it: a leading 0 on days below 10 and on months 1 and 2.

    >>> format_date("2020-06-03"), format_date("2013-01-03"), format_date("2023-06-26"), format_date(None)
    ('03/6/2020', '03/01/2013', '26/6/2023', '')
    """
    if not iso:
        return ""
    y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    return f"{d:02d}/{m:02d}/{y}" if m <= 2 else f"{d:02d}/{m}/{y}"


def format_ratio(ratio: float) -> str:
    """A ratio with a decimal comma: `format_ratio(2.0967)` is '2,10'."""
    return f"{ratio:.2f}".replace(".", ",")


@cache
def _relation_label(prop: str) -> str:
    """The ontology's Vietnamese label of a link ("thực hiện" for implements)."""
    for label in ontology_graph().objects(URIRef(CANCU_NS + prop), RDFS.label):
        if isinstance(label, Literal) and label.language == "vi":
            return str(label)
    return prop


@dataclass(frozen=True)
class Link:
    """One step up a basis chain: how the document below rests on `label`."""

    relation: str
    label: str
    national: bool
    repeat: bool = False

    def text(self) -> str:
        return f"{self.relation} {self.label}" + (" (trung ương)" if self.national else "")


@dataclass
class Basis:
    """A document a budget item gives as its legal basis, as the store knows it."""

    iri: str
    label: str
    ref: str | None
    number: str | None
    symbol: str | None
    year: int | None
    type: str | None
    dates: list[str]
    issuer: str | None
    title: str | None
    seen: bool
    national: bool
    # each chain climbs from this document to one root: the documents it rests on, in order
    chains: list[list[Link]] = field(default_factory=list)
    # ("replaces" or "amends", label): newer documents that replace or amend this one ...
    newer: list[tuple[str, str]] = field(default_factory=list)
    # ... and older ones this one replaced or amended
    older: list[tuple[str, str]] = field(default_factory=list)

    @property
    def date(self) -> str | None:
        return self.dates[0] if self.dates else None

    def above(self) -> list[str]:
        """What rests above this document, a line per chain ("thực hiện Quyết định 458/QĐ-TTg (trung ương)"),
        with a note when no chain reaches a national document."""
        lines = [" → ".join(link.text() for link in chain) for chain in self.chains]
        if not self.national and not any(chain[-1].national for chain in self.chains):
            lines.append("chưa đến văn bản trung ương" if self.chains else "không có văn bản cấp trên trong dữ liệu")
        return lines

    def chain_texts(self) -> list[str]:
        """Each chain as a line: "Kế hoạch 154/KH-UBND → thực hiện Quyết định 458/QĐ-TTg (trung ương)"."""
        out = []
        for chain in self.chains or [[]]:
            head = self.label + (" (trung ương)" if self.national and not chain else "")
            line = " → ".join([head, *(link.text() for link in chain)])
            top_national = chain[-1].national if chain else self.national
            if not top_national:
                line += " — chưa đến văn bản trung ương"
            out.append(line)
        return out


@dataclass(frozen=True)
class Check:
    """What a reviewer should see about a row: `level` is warning, info or ok."""

    code: str
    level: str
    text: str


@dataclass
class BudgetRow:
    """One budget item with its bases and its checks."""

    iri: str
    agency: str
    title: str
    kind: str
    amount: int | None
    years: dict[int, int | None]
    funding_source: str | None
    allocated_by: str | None
    allocated_by_iri: str | None
    bases: list[Basis]
    file: str | None
    sentence: str | None
    source: str
    position: int
    checks: list[Check] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def amount_in(self, year: int | None) -> int | None:
        """The amount of `year` (the whole amount when `year` is None)."""
        return self.amount if year is None else self.years.get(year)

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "title": self.title, "kind": self.kind, "amount_vnd": self.amount,
                "years": {str(y): a for y, a in self.years.items()}, "funding_source": self.funding_source,
                "allocated_by": self.allocated_by, "file": self.file,
                "bases": [{"label": b.label, "date": b.date, "issuer": b.issuer, "title": b.title, "seen": b.seen,
                           "chains": b.chain_texts()} for b in self.bases],
                "checks": [{"code": c.code, "level": c.level, "text": c.text} for c in self.checks]}


@dataclass(frozen=True)
class Total:
    """Requests and allocations summed over one agency, year or funding source."""

    by: str  # "agency", "year" or "fund"
    key: str
    requested: int
    allocated: int
    items: int


@dataclass(frozen=True)
class Source:
    """A file the store was built from, and when its graph was built."""

    file: str
    label: str
    built: str | None


@dataclass
class BudgetReport:
    rows: list[BudgetRow]
    totals: list[Total]
    sources: list[Source]
    generated_at: dt.datetime
    agency: str | None = None
    year: int | None = None

    def totals_by(self, by: str) -> list[Total]:
        return [t for t in self.totals if t.by == by]

    def warnings(self) -> int:
        return sum(1 for r in self.rows for c in r.checks if c.level == WARNING)


# --------------------------------------------------------------------------- building


def budget_report(store: Store, *, agency: str | None = None, year: int | None = None,
                  now: dt.datetime | None = None) -> BudgetReport:
    """The report of every budget item of `store`, or of those of `agency` (its words matched
    without diacritics: "so noi vu" finds "Sở Nội vụ tỉnh Quảng Ngãi") that have an amount in `year`.

    With `year`, amounts in the totals are that year's part of each item.
    """
    docs = Docs(store)
    files = select(store, "report_sources")
    docs.prefetch({r["doc"] for r in files})  # every file is named in the sources: one pass, not a query each
    rows = _rows(store, docs)
    _check_bases(rows)
    _check_totals(store, docs, rows)
    _check_growth(rows)
    want = set(fold(agency).split()) if agency else set()
    kept = [r for r in rows if (not want or want <= set(fold(r.agency).split())) and (year is None or year in r.years)]
    kept.sort(key=lambda r: (r.agency, min(r.years, default=9999), r.kind != "allocation", r.file or "", r.position))
    sources = [Source(r["file"], docs[r["doc"]].label, r["generated"]) for r in files]
    return BudgetReport(kept, _totals(kept, year), sources, now or dt.datetime.now(dt.UTC), agency, year)


def _rows(store: Store, docs: Docs) -> list[BudgetRow]:
    years: dict[str, dict[int, int | None]] = defaultdict(dict)
    for r in select(store, "budget_years"):
        years[r["fact"]][int(r["year"])] = r["amount"]
    bases: dict[str, list[str]] = defaultdict(list)
    for r in select(store, "budget_basis"):
        if r["doc"] not in bases[r["fact"]]:
            bases[r["fact"]].append(r["doc"])
    newer: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in select(store, "replaced_bases"):
        step = (r["property"][len(CANCU_NS):], docs[r["newer"]].label)
        if step not in newer[r["basis"]]:
            newer[r["basis"]].append(step)
    known: dict[str, Basis] = {}
    rows: dict[str, BudgetRow] = {}
    for r in select(store, "budget_items"):
        if r["fact"] in rows:  # one item with two evidence spans: one row
            continue
        item_bases = []
        for iri in sorted(bases[r["fact"]], key=lambda d: docs[d].sort_key()):
            if iri not in known:
                known[iri] = _basis(store, docs, iri, newer[iri])
            item_bases.append(known[iri])
        alloc = r["allocatedBy"]
        rows[r["fact"]] = BudgetRow(
            iri=r["fact"], agency=r["agency"] or "", title=r["title"] or "", kind=KINDS.get(r["class"], "item"),
            amount=r["amount"], years=dict(sorted(years[r["fact"]].items())), funding_source=r["fundingSource"],
            allocated_by=docs[alloc].label if alloc else None, allocated_by_iri=alloc, bases=item_bases,
            file=r["file"], sentence=r["sentence"], source=r["source"], position=r["position"] or 0)
    return list(rows.values())


def _basis(store: Store, docs: Docs, iri: str, newer: list[tuple[str, str]]) -> Basis:
    info = docs[iri]
    tree = trace_up(store, iri, docs=docs)
    ref = info.label[len(info.type) + 1:] if info.type and info.label.startswith(info.type + " ") else None
    older = [(c.relation, c.label) for c in tree.children
             if c.kind == "document" and c.relation in ("replaces", "amends")]
    return Basis(iri, info.label, ref, info.number, info.symbol, info.year, info.type, list(info.dates), info.issuer, info.title, info.seen, info.national,
                 _chains(tree), newer, older)


def _chains(node: Node) -> list[list[Link]]:
    """The paths from `node` up to each document with nothing above it."""
    out: list[list[Link]] = []
    for c in node.children:
        if c.kind != "document":
            continue
        step = Link(_relation_label(c.relation or ""), c.label, bool(c.details.get("national")), c.repeat)
        for tail in _chains(c) or [[]]:
            out.append([step, *tail])
    return out


def _check_bases(rows: Iterable[BudgetRow]) -> None:
    for row in rows:
        if row.amount is None:
            row.checks.append(Check("no_amount", INFO, "Không nêu số tiền"))
        if not row.bases:
            row.checks.append(Check("no_basis", WARNING, "Không có căn cứ pháp lý"))
        cited = [b.label for b in row.bases if not b.seen]
        if cited:
            row.checks.append(Check("cited_only", INFO, "Chỉ được trích dẫn, chưa có toàn văn trong dữ liệu: " + ", ".join(cited)))
        for b in row.bases:
            for prop, label in b.newer:
                verb = "đã bị thay thế bởi" if prop == "replaces" else "đã được sửa đổi, bổ sung bởi"
                row.checks.append(Check("replaced_basis", WARNING, f"{b.label} {verb} {label}"))
            for prop, label in b.older:
                row.checks.append(Check("replaces_older", INFO, f"{b.label} {_relation_label(prop)} {label}"))
            if len(b.dates) > 1:
                shown = ", ".join(format_date(d) for d in b.dates)
                row.checks.append(Check("date_conflict", WARNING, f"{b.label} được trích dẫn với các ngày khác nhau: {shown}"))


def _check_totals(store: Store, docs: Docs, rows: list[BudgetRow]) -> None:
    """Allocations grouped by the document listing them, the agency and the allocating decision,
    summed against the totals that document states."""
    stated: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for r in select(store, "allocation_totals"):
        key = (r["source"], r["agency"] or "", r["allocatedBy"])
        if r["amount"] not in stated[key]:
            stated[key].append(r["amount"])
    groups: dict[tuple[str, str, str], list[BudgetRow]] = defaultdict(list)
    for row in rows:
        if row.kind == "allocation" and row.allocated_by_iri:
            groups[(row.source, row.agency, row.allocated_by_iri)].append(row)
    for key, items in groups.items():
        added = sum(i.amount or 0 for i in items)
        by, where = docs[key[2]].label, docs[key[0]].label
        checks = [
            Check("items_add_up", OK, f"Các khoản phân bổ theo {by} cộng lại {format_vnd(added)}, khớp tổng {format_vnd(total)} nêu tại {where}")
            if added == total else
            Check("total_mismatch", WARNING, f"Các khoản phân bổ theo {by} cộng lại {format_vnd(added)}, "
                                             f"không khớp tổng {format_vnd(total)} nêu tại {where}")
            for total in stated.get(key, ())
        ] or [Check("no_stated_total", INFO, f"{where} không nêu tổng kinh phí phân bổ theo {by} để đối chiếu")]
        for row in items:
            row.checks.extend(checks)


def _check_growth(rows: list[BudgetRow]) -> None:
    """A request above what the same agency was allocated the year before for a similar item."""
    allocations = [r for r in rows if r.kind == "allocation"]
    for req in rows:
        if req.kind != "request":
            continue
        for year, asked in req.years.items():
            if not asked:
                continue
            for a in allocations:
                before = a.years.get(year - 1)
                if before and fold(a.agency) == fold(req.agency) and asked > before and similar_task(req.title, a.title):
                    req.checks.append(Check(
                        "above_last_year", WARNING,
                        f"Đề xuất năm {year} ({format_vnd(asked)}) gấp {format_ratio(asked / before)} lần kinh phí phân bổ "
                        f"năm {year - 1} cho “{a.title}” ({format_vnd(before)}, {a.allocated_by or 'không rõ văn bản'})"))


def _totals(rows: list[BudgetRow], year: int | None) -> list[Total]:
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        col = 0 if row.kind == "request" else 1
        keys = [("agency", row.agency), ("fund", row.funding_source or NO_FUND)]
        for by, key in keys:
            sums[(by, key)][col] += row.amount_in(year) or 0
            sums[(by, key)][2] += 1
        for y, amount in row.years.items():
            if year is None or y == year:
                sums[("year", str(y))][col] += amount or 0
                sums[("year", str(y))][2] += 1
    order = {"agency": 0, "year": 1, "fund": 2}
    return [Total(by, key, *v) for (by, key), v in sorted(sums.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))]
