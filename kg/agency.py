"""One agency's view of the graph: its tasks by role and document, the reassignment requests it
made or received, and its budget lines."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.docs import AgencyInfo, Docs, agency_info, select
from kg.namespace import CANCU
from kg.reassignments import Request, reassignments
from kg.store import Store
from kg.trace import ROLES
from loaders.gazetteer import fold

__all__ = ["AgencyProfile", "find_agencies", "profile"]

_KIND = {str(CANCU.BudgetRequest): "request", str(CANCU.BudgetAllocation): "allocation"}


@dataclass
class AgencyProfile:
    agency: AgencyInfo
    tasks: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    budget: list[dict[str, Any]] = field(default_factory=list)
    sub_units: list[AgencyInfo] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency.to_dict(), "tasks": self.tasks, "requests": [q.to_dict() for q in self.requests],
                "budget": self.budget, "sub_units": [a.to_dict() for a in self.sub_units]}


def find_agencies(store: Store, name: str) -> list[AgencyInfo]:
    """Agencies whose name holds every word of `name`, compared without diacritics: "so noi vu
    quang ngai" finds "Sở Nội vụ tỉnh Quảng Ngãi".  An exact name wins over names that contain it."""
    if name.startswith("https://"):
        return agency_info(store, name)
    want = fold(name).split()
    found = [a for a in agency_info(store) if want and set(want) <= set(fold(a.label).split())]
    exact = [a for a in found if fold(a.label) == fold(name)]
    return exact or found


def profile(store: Store, agency: AgencyInfo, *, docs: Docs | None = None) -> AgencyProfile:
    """Everything the store says one agency must do, asked for, or spends."""
    docs = docs or Docs(store)
    out = AgencyProfile(agency)
    for r in select(store, "agency_assignments", agency=URIRef(agency.iri)):
        info = docs[r["by"]]
        out.tasks.append({"role": ROLES.get(r["role"], r["role"]), "task": r["taskText"], "task_iri": r["task"],
                          "by": r["by"], "by_label": info.label, "date": info.date, "file": r["file"],
                          "start": r["start"], "end": r["end"], "sentence": r["sentence"]})
    order = list(ROLES.values())
    out.tasks.sort(key=lambda t: (order.index(t["role"]) if t["role"] in order else 9, docs[t["by"]].sort_key(), t["task"] or ""))
    out.requests = reassignments(store, agency=agency.iri, docs=docs)
    for r in select(store, "budget_items"):
        if r["agency"] == agency.label:
            out.budget.append({"title": r["title"], "kind": _KIND.get(r["class"], "item"), "amount_vnd": r["amount"],
                               "funding_source": r["fundingSource"], "file": r["file"], "sentence": r["sentence"]})
    out.sub_units = [a for a in agency_info(store) if a.parent == agency.iri]
    return out
