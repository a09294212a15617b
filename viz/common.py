"""What several pages say of a node: its style kind and the facts its tooltip lists."""
from __future__ import annotations

from typing import Any

from rdflib import URIRef

from kg.docs import DocInfo, select
from kg.store import Store
from viz.page import Fact

__all__ = ["doc_facts", "doc_kind", "edge_evidence", "request_facts"]


def doc_kind(info: DocInfo) -> str:
    """national, document (read in full) or cited (known only from citations): its style."""
    return "national" if info.national else "document" if info.seen else "cited"


def doc_facts(info: DocInfo) -> list[Fact]:
    facts: list[Fact] = [("date", " / ".join(info.dates) + (" (dates disagree)" if len(info.dates) > 1 else "")),
                         ("issuer", info.issuer), ("title", info.title), ("jurisdiction", info.jurisdiction)]
    facts.append(("read from", info.file) if info.seen else ("source", "only cited by other documents"))
    return facts


def request_facts(req: dict[str, Any]) -> list[Fact]:
    """The tooltip of a reassignment request, from `Request.to_dict()`."""
    return [("status", req.get("status")), ("requested by", req.get("requester")),
            ("move from", req.get("from_agency")), ("move to", req.get("to_agency")),
            ("task", req.get("task_text")), ("reason", req.get("reason")),
            ("resolved by", req.get("resolved_by_label")), ("file", req.get("file")),
            ("evidence", req.get("sentence"))]


def edge_evidence(store: Store, source: str, prop: str, target: str) -> list[Fact]:
    """The sentences that state a link between two documents, each with its file."""
    rows = select(store, "link_evidence", **{"from": URIRef(source), "property": URIRef(prop), "to": URIRef(target)})
    seen: list[Fact] = []
    for r in rows:
        fact = (f"evidence ({r['file']})", r["sentence"])
        if fact not in seen:
            seen.append(fact)
    return seen
