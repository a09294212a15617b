"""Data-quality findings over the whole store, not file by file.

The findings each file's extraction made (malformed symbols, type and issuer mismatches,
future dates, tasks nobody leads, requests without basis, allocations that do not add up)
are read back from the store; those only the whole store shows are computed on it: one
document cited with different dates by different files, one task led by different
agencies under different documents, and a budget basis that a newer document replaces or
amends.
"""
from __future__ import annotations

from typing import Any

from kg.docs import Docs, select
from kg.store import Store
from kg.storeview import eval_view_from_graph

__all__ = ["KINDS", "findings"]

# the notations of the ontology's cancu:FindingKinds, in the order a reader meets them
KINDS = ("date_conflict", "future_date", "type_mismatch", "issuer_mismatch", "malformed_symbol",
         "unassigned_task", "missing_basis", "replaced_basis", "allocation_total_mismatch", "conflicting_assignment")


def findings(store: Store, *, kind: str | None = None) -> list[dict[str, Any]]:
    """Every finding of the store, as cancu-eval/1 finding objects (kind, documents, detail, evidence).

    :raises ValueError: for a kind cancu does not report.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind: expected one of {', '.join(KINDS)}, found {kind!r}")
    out = list(eval_view_from_graph(store.dataset())["findings"]) + _replaced_bases(store)
    out = [f for f in out if kind is None or f["kind"] == kind]
    out.sort(key=lambda f: (KINDS.index(f["kind"]) if f["kind"] in KINDS else len(KINDS), f["detail"] or ""))
    return out


def _replaced_bases(store: Store) -> list[dict[str, Any]]:
    docs = Docs(store)
    out = []
    for r in select(store, "replaced_bases"):
        basis, newer = docs[r["basis"]], docs[r["newer"]]
        verb = "replaced" if r["property"].endswith("replaces") else "amended"
        out.append({
            "kind": "replaced_basis",
            "documents": [_ref(basis.to_dict()), _ref(newer.to_dict())],
            "detail": f"the basis {basis.label} of '{r['title']}' ({r['agency']}) is {verb} by {newer.label}",
            "item": r["item"],
            "file": r["file"],
        })
    return out


def _ref(d: dict[str, Any]) -> dict[str, Any]:
    if d["number"]:
        return {"number": d["number"], "symbol": d["symbol"], "year": d["year"]}
    return {"file": d["file"]} if d["file"] else {"iri": d["iri"]}

