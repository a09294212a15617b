"""Conflicting assignments: one task led by more than one agency.

Two cases, kept apart because they mean different things:

* across documents: two documents give the lead of the same task (the same task node, see
  `kg.tasks`) to different agencies; the newer document is named, since it normally
  prevails, together with the reassignment requests about the task;
* co-leads: one document names several lead agencies for one task, which may be intended.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.docs import Docs, agency_info, select
from kg.reassignments import Request, about, reassignments
from kg.store import Store

__all__ = ["Conflict", "conflicts"]


@dataclass
class Conflict:
    task: str
    task_label: str
    kind: str  # "across documents" or "co-leads"
    leads: list[dict[str, Any]] = field(default_factory=list)
    newer: dict[str, Any] | None = None
    requests: list[Request] = field(default_factory=list)

    @property
    def agencies(self) -> list[str]:
        return sorted({a["agency"] for a in self.leads if a["agency"]})

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(a["by_label"] for a in self.leads))

    def to_dict(self) -> dict[str, Any]:
        return {"task": self.task, "task_label": self.task_label, "kind": self.kind, "agencies": self.agencies,
                "documents": self.documents, "leads": self.leads, "newer": self.newer,
                "requests": [q.to_dict() for q in self.requests]}


def conflicts(store: Store, *, kind: str | None = None, docs: Docs | None = None) -> list[Conflict]:
    """Every task led by more than one agency: across documents first, then co-leads; by task.

    :raises ValueError: for a kind other than "across documents" and "co-leads".
    """
    if kind not in (None, "across documents", "co-leads"):
        raise ValueError(f"kind: expected 'across documents' or 'co-leads', found {kind!r}")
    docs = docs or Docs(store)
    requests: dict[str, list[tuple[int, Request]]] | None = None  # by task and by assigning document, in order
    out: list[Conflict] = []
    by_task: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in select(store, "contested_leads"):
        by_task[r["task"]].append(r)
    docs.prefetch({r["by"] for rows in by_task.values() for r in rows})
    top = _parents(store) if by_task else {}
    for task, rows in sorted(by_task.items()):
        leads = []
        for r in rows:
            info = docs[r["by"]]
            leads.append({"agency": r["agencyLabel"] or r["agency"], "agency_iri": r["agency"], "by": r["by"],
                          "by_label": info.label, "date": info.date, "year": info.year, "task": r["taskText"],
                          "role": "lead", "file": r["file"], "start": r["start"], "end": r["end"],
                          "sentence": r["sentence"]})
        # every key down to the evidence: the same order on every backend
        leads.sort(key=lambda a: (docs[a["by"]].sort_key(), a["agency"] or "", a["by"], a["file"] or "", a["start"] or 0))
        label = min((a["task"] for a in leads if a["task"]), key=len, default=task)
        per_doc: dict[str, set[str]] = defaultdict(set)
        for a in leads:
            # a unit leads for its agency: a department handing its task down is no conflict
            per_doc[a["by"]].add(top.get(a["agency_iri"], a["agency_iri"]))
        across = len(per_doc) > 1 and len(set().union(*per_doc.values())) > 1 and not _same_everywhere(per_doc)
        if requests is None:
            requests = defaultdict(list)
            for n, q in enumerate(reassignments(store, docs=docs)):
                for key in {q.task, q.assigned_by} - {None}:
                    requests[key].append((n, q))
        # only the requests that can be about it: comparing every request's wording with every
        # contested task's was 1.1 M comparisons at 100k documents
        near = dict(sorted((item for key in (task, *per_doc) for item in requests.get(key, [])), key=lambda item: item[0]))
        touching = about(list(near.values()), task, set(per_doc), [a["task"] for a in leads if a["task"]])
        if across:
            newest = max(per_doc, key=lambda d: docs[d].sort_key())
            newer = next(a for a in reversed(leads) if a["by"] == newest)
            out.append(Conflict(task, label, "across documents", leads, newer, touching))
        if any(len(s) > 1 for s in per_doc.values()):
            co = [a for a in leads if len(per_doc[a["by"]]) > 1]
            out.append(Conflict(task, label, "co-leads", co, None, touching))
    out.sort(key=lambda c: (c.kind != "across documents", c.task_label))
    return [c for c in out if kind is None or c.kind == kind]


def _parents(store: Store) -> dict[str, str]:
    """Each agency unit to the agency at the top of its org:subOrganizationOf chain."""
    parent = {a.iri: a.parent for a in agency_info(store) if a.parent}
    top = {}
    for unit in parent:
        seen, up = {unit}, parent[unit]
        while up in parent and up not in seen:  # a cycle in bad data stops the climb
            seen.add(up)
            up = parent[up]
        top[unit] = up
    return top


def _same_everywhere(per_doc: dict[str, set[str]]) -> bool:
    """Every document names the same lead agencies: repeated co-leads, not a conflict between documents."""
    sets = list(per_doc.values())
    return all(s == sets[0] for s in sets)
