"""The shapes of the REST answers: one `XPublic` per entity and `XsPublic(data, count)` for lists.

The fields are those of the `kg` answer functions' `to_dict()`, so an answer can be
checked against the Python function field by field; `url` and `graph_url` link to the
REST resource and to the interactive graph page of the same node.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field

from kg.iri import ID


def rest_path(kind: str, iri: str) -> str | None:
    """The REST path of a node of cancu's IRI scheme (`/documents/quang-ngai/kh-ubnd/2022/169`), else None.

    >>> rest_path("documents", "https://cancu.org/id/doc/quang-ngai/kh-ubnd/2022/169")
    '/documents/quang-ngai/kh-ubnd/2022/169'
    """
    segment = {"documents": "doc/", "tasks": "task/", "agencies": "agency/"}[kind]
    head = f"{ID}{segment}"
    return f"/{kind}/{quote(iri[len(head):], safe='/')}" if iri.startswith(head) else None


def trace_url(iri: str) -> str:
    return f"/graph/trace?target={quote(iri, safe='')}"


def neighbourhood_url(iri: str) -> str:
    return f"/graph/neighbourhood?node={quote(iri, safe='')}"


class Message(BaseModel):
    """What an error answers: a sentence saying what was expected and what was found."""

    detail: str


class DocumentPublic(BaseModel):
    iri: str
    label: str
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    type: str | None = None
    date: str | None = None
    dates: list[str] = []
    issuer: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    alias: str | None = None
    file: str | None = None
    seen: bool = Field(description="a file of this document was read; otherwise it is only cited")
    national: bool
    url: str | None = None
    graph_url: str


class DocumentsPublic(BaseModel):
    data: list[DocumentPublic]
    count: int = Field(description="documents matching the filters, on every page")


class CitationPublic(BaseModel):
    """One citation: the document cited, the one citing it, what the citing text says, and where."""

    citation: str
    cited: str
    cited_label: str
    citing: str
    citing_label: str
    written: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    file: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = None


class TraceNodePublic(BaseModel):
    kind: str
    iri: str
    label: str
    relation: str | None = None
    repeat: bool = False
    details: dict[str, Any] = {}
    children: list[TraceNodePublic] = []


class DocumentDetailPublic(BaseModel):
    document: DocumentPublic
    cites: list[CitationPublic] = Field(description="the citations this document makes (out)")
    cited_by: list[CitationPublic] = Field(description="the citations of this document in others (in), with their evidence")
    trace: TraceNodePublic = Field(description="up: the documents it rests on, to the roots")
    trace_down: TraceNodePublic = Field(description="down: the documents resting on it, their tasks and agencies")
    graph_url: str
    neighbourhood_url: str


class AgencyPublic(BaseModel):
    iri: str
    label: str
    province: str | None = None
    parent: str | None = None
    url: str | None = None
    graph_url: str


class AgenciesPublic(BaseModel):
    data: list[AgencyPublic]
    count: int


class AgencyProfilePublic(BaseModel):
    agency: AgencyPublic
    tasks: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    budget: list[dict[str, Any]]
    sub_units: list[AgencyPublic]


class TaskPublic(BaseModel):
    iri: str
    label: str = Field(description="the shortest of its wordings")
    wordings: list[str]
    url: str | None = None
    graph_url: str


class TasksPublic(BaseModel):
    data: list[TaskPublic]
    count: int


class TaskDetailPublic(BaseModel):
    task: TaskPublic
    trace: TraceNodePublic


class TracePublic(BaseModel):
    data: list[TraceNodePublic]
    count: int


class AssignmentPublic(BaseModel):
    fact: str
    by: str
    by_agency: str | None = None
    agency: str | None = None
    role: str | None = None
    task: str | None = None
    deadline: str | None = None
    status: str | None = None
    file: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = None


class AssignmentsPublic(BaseModel):
    data: list[AssignmentPublic]
    count: int


class ConflictPublic(BaseModel):
    task: str
    task_label: str
    kind: str
    agencies: list[str]
    documents: list[str]
    leads: list[dict[str, Any]]
    newer: dict[str, Any] | None = None
    requests: list[dict[str, Any]]
    graph_url: str


class ConflictsPublic(BaseModel):
    data: list[ConflictPublic]
    count: int


class ReassignmentPublic(BaseModel):
    iri: str
    requester: str | None = None
    task: str | None = None
    task_text: str | None = None
    assigned_by: str | None = None
    assigned_by_label: str | None = None
    from_agency: str | None = None
    to_agency: str | None = None
    via: str | None = None
    via_label: str | None = None
    reason: str | None = None
    file: str | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    status: str
    resolved_by: str | None = None
    resolved_by_label: str | None = None
    agency_iris: dict[str, str | None] = {}


class ReassignmentsPublic(BaseModel):
    data: list[ReassignmentPublic]
    count: int


class BudgetItemPublic(BaseModel):
    fact: str
    kind: str = Field(description="request, allocation or item")
    agency: str | None = None
    title: str | None = None
    amount_vnd: int | float | None = None
    funding_source: str | None = None
    allocated_by: str | None = None
    file: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = None


class BudgetItemsPublic(BaseModel):
    data: list[BudgetItemPublic]
    count: int


class FindingPublic(BaseModel, extra="allow"):
    """A cancu-eval/1 finding; kinds carry extra fields (task, item, evidence…)."""

    kind: str
    detail: str | None = None
    documents: list[dict[str, Any]] = []


class FindingsPublic(BaseModel):
    data: list[FindingPublic]
    count: int


class SearchHitPublic(BaseModel):
    kind: str = Field(description="document, task or agency")
    iri: str
    label: str
    text: str = Field(description="the text that matched")
    url: str | None = None
    graph_url: str


class SearchPublic(BaseModel):
    data: list[SearchHitPublic]
    count: int


class FileResultPublic(BaseModel):
    file: str = Field(description="the uploaded file's base name")
    status: str = Field(description="added, replaced, unchanged or failed")
    error: str | None = None


class IngestPublic(BaseModel):
    data: list[FileResultPublic]
    count: int
    summary: str
