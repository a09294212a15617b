"""The values that leave `loaders`: a read source and the facts extracted from it.

Every fact is a frozen dataclass that carries its `Evidence` (file, character span in
the original text, the sentence it was read from).  A document's identity is a
`DocKey` value, never a formatted string.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class CancuError(Exception):
    """Root of cancu's errors: the message says what was expected and what was found."""


class ReadError(CancuError):
    """A file could not be read as a document (missing, binary, too large, undecodable…)."""


@dataclass(frozen=True)
class Source:
    """The text of one input file as read, before normalisation.

    `text` is what offsets in `Evidence` refer to; `notes` says what reading had to do
    (an encoding guessed, a conversion applied, a page without text…).
    """

    path: str
    name: str
    text: str
    format: str
    encoding: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    file: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class DocKey:
    """A document's identity: number, symbol (ký hiệu without the number), year and jurisdiction.

    `jurisdiction` is "VN" for national bodies, a province slug for local ones, None
    when unknown.  `number` keeps no leading zeros.
    """

    number: str | None
    symbol: str | None
    year: int | None
    jurisdiction: str | None = None


@dataclass(frozen=True)
class Citation:
    """One mention of a document in a text."""

    key: DocKey
    type_word: str | None
    type_from_symbol: str | None
    date: str | None
    issuer: str | None
    title: str | None
    alias: str | None
    written: str
    evidence: Evidence

    @property
    def type(self) -> str | None:
        return self.type_from_symbol or self.type_word


@dataclass(frozen=True)
class DocIdentity:
    """What an input file says about itself."""

    file: str
    key: DocKey | None
    type: str | None
    issuer: str | None
    date: str | None
    place: str | None
    province: str | None
    title: str | None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Relation:
    kind: str  # based_on | implements | amends | replaces | responds_to
    source: DocKey | None  # None: the input file itself
    target: DocKey
    evidence: Evidence


@dataclass(frozen=True)
class Assignment:
    by_doc: DocKey | None  # None: the input file itself
    by_agency: str | None
    agency: str
    role: str  # lead | support | monitor
    task_text: str
    deadline: str | None
    status: str | None
    evidence: Evidence


@dataclass(frozen=True)
class ReassignmentRequest:
    requester: str
    task_text: str
    assigned_by: DocKey | None
    from_agency: str
    to_agency: str
    via: DocKey | None  # None: the input file itself
    reason: str | None
    evidence: Evidence


@dataclass(frozen=True)
class BudgetItem:
    agency: str
    title: str
    kind: str  # request | allocation
    amount_vnd: int | None
    years: tuple[tuple[int, int | None], ...] | None
    funding_source: str | None
    allocated_by: DocKey | None
    basis: tuple[DocKey, ...]
    evidence: Evidence


@dataclass(frozen=True)
class AllocationTotal:
    """The total a document states for what one decision allocates to an agency ("được UBND tỉnh
    bố trí 2.800.000.000 đồng để thực hiện các nhiệm vụ … tại Quyết định 569"), kept so that a
    reader can see the items add up, not only be told when they do not."""

    agency: str
    allocated_by: DocKey
    amount_vnd: int
    evidence: Evidence


@dataclass(frozen=True)
class Finding:
    kind: str
    subjects: tuple[DocKey | None, ...]
    detail: str
    task: str | None = None
    evidence: Evidence | None = None


@dataclass
class Extraction:
    """Everything taken from one file."""

    source: Source
    identity: DocIdentity
    citations: list[Citation] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    reassignments: list[ReassignmentRequest] = field(default_factory=list)
    budget_items: list[BudgetItem] = field(default_factory=list)
    allocation_totals: list[AllocationTotal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
