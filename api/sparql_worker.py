"""A SPARQL worker process: runs one query at a time on a read-only snapshot of the store.

The server starts it as `python -m api.sparql_worker FD` with one end of a socket pair as
FD, sends `Job`s and reads back `Answer`s.  It imports pyoxigraph and the standard
library only, so it starts in a few tens of milliseconds: the server kills it with
SIGKILL when a query overruns its time (Oxigraph cannot cancel a running query) and
starts another.

It serializes the answer itself, so a big answer is cut at the row limit here and never
crosses the pipe whole.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

# The media types a worker writes, by the short names the server negotiates.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",  # what rdflib's SPARQLStore asks a CONSTRUCT for
}
_RDF = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Job:
    snapshot: str  # an Oxigraph database folder nobody writes to
    query: str
    fmt: str  # a key of RESULT_FORMATS or GRAPH_FORMATS
    row_limit: int
    prefixes: dict[str, str]


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    rows: int
    truncated: bool
    error: str | None = None  # the query was refused by Oxigraph (syntax, unsupported feature)


def _term_json(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != _XSD_STRING:
        out["datatype"] = t.datatype.value
    return out


def _term_xml(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _term_csv(t: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if t is None:
        return ""
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value


def _tsv_term(t: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    return "" if t is None else str(t)  # pyoxigraph's str() is the N-Triples/Turtle form TSV asks for


def select_body(names: list[str], rows: list[list], fmt: str, truncated: bool) -> bytes:
    """A SELECT answer in one of RESULT_FORMATS; JSON says `"truncated": true` when the row limit cut it."""
    if fmt == "json":
        bindings = [{n: _term_json(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
        doc: dict = {"head": {"vars": names}, "results": {"bindings": bindings}}
        if truncated:
            doc["truncated"] = True
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        parts += [f"<variable name={quoteattr(n)}/>" for n in names]
        parts.append("</head>\n<results>")
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(n)}>{_term_xml(t)}</binding>"
                            for n, t in zip(names, row, strict=True) if t is not None)
            parts.append(f"<result>{cells}</result>")
        parts.append("</results>\n</sparql>\n")
        return "\n".join(parts).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for row in rows:
            w.writerow([_term_csv(t) for t in row])
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{n}" for n in names)] + ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def ask_body(answer: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if answer else 'false'}</boolean></sparql>\n").encode()
    # CSV and TSV have no boolean form (SPARQL 1.1 CSV/TSV §1): answer as a one-cell table
    head = "boolean" if fmt == "csv" else "?boolean"
    return f"{head}\n{'true' if answer else 'false'}\n".encode()


def run(store: ox.Store, job: Job) -> Answer:
    """Run `job` on `store` and serialize its answer, cut at `job.row_limit` rows or triples."""
    try:
        result = store.query(job.query, prefixes=job.prefixes)
    except SyntaxError as exc:
        return Answer(b"", "", 0, False, f"expected a SPARQL 1.1 query, found a syntax error: {exc}")
    if isinstance(result, ox.QueryBoolean):
        fmt = job.fmt if job.fmt in RESULT_FORMATS else "json"
        return Answer(ask_body(bool(result), fmt), RESULT_FORMATS[fmt], 1, False)
    items = []
    truncated = False
    for item in result:
        if len(items) == job.row_limit:
            truncated = True
            break
        items.append(item)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        fmt = job.fmt if job.fmt in RESULT_FORMATS else "json"
        rows = [[sol[n] for n in names] for sol in items]
        return Answer(select_body(names, rows, fmt, truncated), RESULT_FORMATS[fmt], len(rows), truncated)
    fmt = job.fmt if job.fmt in GRAPH_FORMATS else "turtle"
    body = ox.serialize(items, format=_RDF[fmt], prefixes=job.prefixes if fmt in ("turtle", "rdfxml") else None)
    return Answer(body or b"", GRAPH_FORMATS[fmt], len(items), truncated)


def serve(conn: Connection) -> None:
    """Answer jobs until the server closes the connection."""
    store: ox.Store | None = None
    opened = ""
    while True:
        try:
            job: Job = conn.recv()
        except EOFError:
            return
        if job.snapshot != opened:
            store, opened = ox.Store.read_only(job.snapshot), job.snapshot
        assert store is not None
        try:
            answer = run(store, job)
        except (OSError, ValueError) as exc:  # Oxigraph's evaluation errors (e.g. an unsupported function)
            answer = Answer(b"", "", 0, False, f"the query failed: {exc}")
        conn.send(answer)


if __name__ == "__main__":
    # through the module, not __main__, so that Job and Answer pickle under one name on both sides
    from api import sparql_worker

    sparql_worker.serve(Connection(int(sys.argv[1])))
