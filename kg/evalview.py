"""The cancu-eval/1 JSON view of a batch of extractions (shared/eval/SCHEMA.md)."""
from __future__ import annotations

from typing import Any

from kg.findings import batch_findings
from kg.resolve import Resolver, canonical, documents
from loaders.model import DocKey, Extraction

SCHEMA = "cancu-eval/1"


def _ref(key: DocKey) -> dict[str, Any]:
    return {"number": key.number, "symbol": key.symbol, "year": key.year}


def eval_view(extractions: list[Extraction]) -> dict[str, Any]:
    """All files together: documents merged across files, relations and findings that span them."""
    resolve = Resolver(extractions)
    docs = documents(extractions, resolve)
    file_key: dict[str, DocKey] = {}
    for ex in extractions:
        k = ex.identity.key
        if k is not None and k.number:
            file_key[ex.source.name] = resolve(k)

    def ref(key: DocKey | None, file: str) -> dict[str, Any]:
        if key is None:
            k = file_key.get(file)
            return _ref(k) if k else {"file": file}
        return _ref(resolve(key))

    out_docs: list[dict[str, Any]] = []
    file_docs = {ex.source.name: ex for ex in extractions}
    for rec in sorted(docs.values(), key=lambda r: (r.key.symbol or "", int(r.key.number or 0) if (r.key.number or "").isdigit() else 0, r.key.year or 0)):
        k = rec.key
        d: dict[str, Any] = _ref(k)
        own = [file_docs[f] for f in rec.files if f in file_docs]
        d["type"] = (own[0].identity.type if own and own[0].identity.type else None) or (rec.types.most_common(1)[0][0] if rec.types else None)
        d["date"] = rec.dates.most_common(1)[0][0] if rec.dates else None
        d["dates"] = sorted(rec.dates)
        d["issuer"] = (own[0].identity.issuer if own and own[0].identity.issuer else None) or (rec.issuers.most_common(1)[0][0] if rec.issuers else None)
        d["title"] = (own[0].identity.title if own else None) or (rec.titles[0] if rec.titles else None)
        d["jurisdiction"] = k.jurisdiction
        d["cited_in"] = rec.cited_in
        if rec.type_words:
            d["type_words"] = sorted(rec.type_words)
        if rec.aliases:
            d["aliases"] = rec.aliases
        if own:
            d["file"] = own[0].source.name
        d["evidence"] = [_ev(e) for e in rec.evidence[:20]]
        out_docs.append(d)
    for ex in extractions:
        if ex.source.name in file_key:
            continue
        i = ex.identity
        out_docs.append({
            "file": ex.source.name, "number": None, "symbol": i.key.symbol if i.key else None,
            "year": i.key.year if i.key else None, "type": i.type, "date": i.date, "dates": [i.date] if i.date else [],
            "issuer": i.issuer, "title": i.title, "jurisdiction": i.key.jurisdiction if i.key else None,
        })

    relations = []
    seen_rel: set[str] = set()
    for ex in extractions:
        for r in ex.relations:
            k = repr((r.kind, ref(r.source, ex.source.name), ref(r.target, ex.source.name)))
            if k in seen_rel:
                continue
            seen_rel.add(k)
            relations.append({"type": r.kind, "from": ref(r.source, ex.source.name), "to": ref(r.target, ex.source.name),
                              "file": ex.source.name, "evidence": _ev(r.evidence)})
    assignments = []
    for ex in extractions:
        for a in ex.assignments:
            assignments.append({"by": ref(a.by_doc, ex.source.name), "by_agency": a.by_agency, "agency": a.agency, "role": a.role,
                                "task": a.task_text, "deadline": a.deadline, "status": a.status, "file": ex.source.name,
                                "evidence": _ev(a.evidence)})
    requests = []
    for ex in extractions:
        for q in ex.reassignments:
            requests.append({"requester": q.requester, "task": q.task_text, "assigned_by": ref(q.assigned_by, ex.source.name),
                             "from_agency": q.from_agency, "to_agency": q.to_agency, "via": ref(q.via, ex.source.name),
                             "reason": q.reason, "file": ex.source.name, "evidence": _ev(q.evidence)})
    budget = []
    for ex in extractions:
        for b in ex.budget_items:
            budget.append({"agency": b.agency, "title": b.title, "kind": b.kind, "amount_vnd": b.amount_vnd,
                           "years": {str(y): v for y, v in b.years} if b.years else None, "funding_source": b.funding_source,
                           "allocated_by": ref(b.allocated_by, ex.source.name) if b.allocated_by else None,
                           "basis": [ref(k, ex.source.name) for k in b.basis], "file": ex.source.name, "evidence": _ev(b.evidence)})
    findings: list[dict[str, Any]] = []
    cited_faults: dict[tuple[str, str], dict[str, Any]] = {}
    for ex in extractions:
        for f in ex.findings:
            item = {"kind": f.kind, "documents": [ref(k, ex.source.name) for k in f.subjects], "detail": f.detail, "file": ex.source.name}
            if f.task:
                item["task"] = f.task
            if f.evidence:
                item["evidence"] = _ev(f.evidence)
            if f.kind in _CITED_FAULTS:
                # one fault of the cited document however many files repeat it: the first file's
                # evidence, every file, every distinct way it was written
                first = cited_faults.setdefault((f.kind, repr(item["documents"])), item)
                if first is not item:
                    first.setdefault("files", [first["file"]])
                    if ex.source.name not in first["files"]:
                        first["files"].append(ex.source.name)
                    if f.detail not in first["detail"].split("; "):
                        first["detail"] += "; " + f.detail
                    continue
            findings.append(item)
    seen = {(f["kind"], tuple(sorted(str(d) for d in f["documents"]))) for f in findings}
    for f in batch_findings(extractions, docs, resolve):
        item = {"kind": f.kind, "documents": [_ref(k) for k in f.subjects], "detail": f.detail}
        if f.task:
            item["task"] = f.task
        if f.evidence:
            item["evidence"] = _ev(f.evidence)
        key = (item["kind"], tuple(sorted(str(d) for d in item["documents"])))
        if key not in seen:
            seen.add(key)
            findings.append(item)
    return {
        "schema": SCHEMA,
        "corpus": [ex.source.name for ex in extractions],
        # what reading each file had to do (an encoding guessed, a legacy encoding converted),
        # notes sorted: the graph keeps them as a set
        "sources": [{"file": ex.source.name, "format": ex.source.format, "encoding": ex.source.encoding,
                     "notes": sorted(ex.source.notes)} for ex in extractions],
        "documents": out_docs,
        "relations": relations,
        "assignments": assignments,
        "reassignment_requests": requests,
        "budget_items": budget,
        "findings": findings,
    }


# Findings about how a citation writes a document (its symbol, its type word, its issuer),
# which are faults of the cited document's record rather than of each citing file.
_CITED_FAULTS = frozenset({"malformed_symbol", "type_mismatch", "issuer_mismatch"})


def _ev(ev) -> dict[str, Any] | None:
    if ev is None:
        return None
    return {"file": ev.file, "start": ev.start, "end": ev.end, "sentence": ev.sentence}


__all__ = ["eval_view", "canonical"]
