"""The SPARQL 1.1 Protocol endpoint at /sparql, and a query page for browsers.

GET with `query`, POST as a form or with the query as the body (`application/sparql-query`).
SELECT and ASK answer as JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle,
N-Triples, JSON-LD or RDF/XML; chosen by `format` (a short name or a media type) or by
Accept.  Read-only, local, bounded in time and rows: see `api.sparql_engine`.  An answer
cut at the row limit carries `X-Cancu-Truncated: true` (and `"truncated": true` in JSON).
GET without a query answers the query page to a browser, the service description to others.
"""
from __future__ import annotations

import html
import json
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import ServedDep
from api.sparql_engine import QueryRefused, QueryTimeout, check_query
from api.sparql_worker import GRAPH_FORMATS, RESULT_FORMATS
from kg.queries import query_names, query_text

router = APIRouter(prefix="/sparql", tags=["sparql"])

_MEDIA = {media: key for key, media in (RESULT_FORMATS | GRAPH_FORMATS).items()} | {
    "application/json": "json", "text/xml": "xml", "application/xml": "xml", "application/x-turtle": "turtle",
    "text/plain": "ntriples", "application/json-ld": "jsonld"}
_ERRORS = {400: {"description": "not SPARQL, or a parameter this endpoint does not take"},
           403: {"description": "an update or a SERVICE pattern: refused"},
           413: {"description": "a query text over the size limit"},
           503: {"description": "the query was cut by the time limit, or every worker is busy"}}


def _accepted(accept: str) -> list[str]:
    """The media types of an Accept header, most wanted first."""
    weighted = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            weight = float(q)
        except ValueError:
            weight = 0.0
        weighted.append((-weight, i, media.lower()))
    return [m for _, _, m in sorted(weighted)]


def _format(form: str, fmt: str | None, accept: str) -> str:
    """The short name of the answer's format for a query of `form`."""
    allowed = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    if fmt:
        key = fmt if fmt in allowed else _MEDIA.get(fmt.lower())
        if key not in allowed:
            raise HTTPException(400, f"format: expected one of {', '.join(allowed)} for a {form} query, found {fmt!r}")
        return key
    for media in _accepted(accept):
        if _MEDIA.get(media) in allowed:
            return _MEDIA[media]
    return next(iter(allowed))


def _answer(served: ServedDep, query: str, fmt: str | None, accept: str) -> Response:
    if len(query.encode("utf-8")) > served.settings.max_query_bytes:
        raise HTTPException(413, f"expected a query of at most {served.settings.max_query_bytes} bytes, found a longer one")
    try:
        form = check_query(query)
        key = _format(form, fmt, accept)
        answer, seconds = served.sparql.run(query, key)
    except QueryRefused as e:
        return JSONResponse({"detail": str(e)}, status_code=e.status)
    except QueryTimeout as e:
        return JSONResponse({"detail": str(e), "timed_out": True}, status_code=503, headers={"X-Cancu-Timeout": "true"})
    if answer.error:
        return JSONResponse({"detail": answer.error}, status_code=400)
    headers = {"X-Cancu-Rows": str(answer.rows), "X-Cancu-Seconds": f"{seconds:.3f}"}
    if answer.truncated:
        headers["X-Cancu-Truncated"] = "true"
        headers["X-Cancu-Row-Limit"] = str(served.settings.sparql_row_limit)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


@router.get("", responses={200: {"content": {m: {} for m in _MEDIA}}} | _ERRORS)
async def sparql_get(
    request: Request,
    served: ServedDep,
    query: Annotated[str | None, Query(description="a SPARQL 1.1 query (cancu:, id:, eli:, org:, prov:, skos:… are declared)")] = None,
    format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml, or a media type")] = None,
) -> Response:
    """Run a query given in the URL; without one, the query page (browsers) or the service description."""
    if query is None:
        accept = request.headers.get("accept", "")
        if "text/html" in accept:
            return HTMLResponse(query_page())
        return Response(_SERVICE.replace("{endpoint}", str(request.url_for("sparql_get"))), media_type="text/turtle")
    return await run_in_threadpool(_answer, served, query, format, request.headers.get("accept", ""))


@router.post("", responses={200: {"content": {m: {} for m in _MEDIA}}} | _ERRORS, openapi_extra={"requestBody": {
    "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"], "properties": {
        "query": {"type": "string"}, "format": {"type": "string"}}}},
        "application/sparql-query": {"schema": {"type": "string"}}}}})
async def sparql_post(request: Request, served: ServedDep) -> Response:
    """Run a query sent as a form (`query=…`) or as the body (`Content-Type: application/sparql-query`)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = request.query_params.get("format")
    if ctype == "application/sparql-update" or (ctype == "application/x-www-form-urlencoded" and "update" in
                                                 (await request.form())):
        raise HTTPException(403, "SPARQL updates are refused: this endpoint is read-only")
    if ctype == "application/sparql-query":
        body = await request.body()
        try:
            query = body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise HTTPException(400, f"expected a query in UTF-8, found bytes that are not: {e}") from e
    elif ctype == "application/x-www-form-urlencoded":
        form = await request.form()
        value = form.get("query")
        if not isinstance(value, str):
            raise HTTPException(400, "expected the form field 'query', found none")
        query = value
        fmt = fmt or (form.get("format") if isinstance(form.get("format"), str) else None)  # type: ignore[assignment]
    else:
        raise HTTPException(415, f"expected Content-Type application/x-www-form-urlencoded or application/sparql-query, "
                                 f"found {ctype or 'none'}")
    return await run_in_threadpool(_answer, served, query, fmt, request.headers.get("accept", ""))


_SERVICE = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV, fmt:SPARQL_Results_TSV,
    fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML ;
  sd:feature sd:UnionDefaultGraph ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def _examples() -> list[dict[str, str]]:
    out = []
    for name in query_names("examples"):
        text = query_text(name)
        header = " ".join(line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#"))
        out.append({"name": name.removeprefix("examples/"), "title": header or name, "query": text})
    return out


def query_page() -> str:
    """The browser's query page: a textarea, the example queries, a results table.

    Plain HTML and inlined JavaScript, nothing loaded from elsewhere.  Every text from the
    server is escaped (`html.escape`, or JSON with `<` written `\\u003c` inside the script),
    and answers are put in the table with `textContent`, so no title, agency name or
    evidence can become markup.
    """
    examples = _examples()
    options = "".join(f'<option value="{i}">{html.escape(e["name"])}: {html.escape(e["title"][:100])}</option>'
                      for i, e in enumerate(examples))
    data = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    first = html.escape(examples[0]["query"]) if examples else ""
    return _PAGE.replace("{options}", options).replace("{data}", data).replace("{first}", first)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cancu SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:14em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #bbb;padding:.2em .5em;vertical-align:top}
th{background:#eee}#status{margin:.5em 0;color:#444}.err{color:#a00}
</style></head><body>
<h1>cancu SPARQL</h1>
<p>SPARQL 1.1 over the union of the store's graphs; prefixes cancu:, id:, eli:, org:, prov:, skos:, rdfs:, xsd: are declared.
Read-only, with a time and a row limit. Endpoint: <code>/sparql</code> (GET or POST).</p>
<label>Example: <select id="examples">{options}</select></label>
<form id="f"><textarea id="q" name="query" spellcheck="false">{first}</textarea><br>
<button type="submit">Run</button></form>
<div id="status"></div><div id="out"></div>
<script id="data" type="application/json">{data}</script>
<script>
"use strict";
const examples = JSON.parse(document.getElementById("data").textContent);
const q = document.getElementById("q"), out = document.getElementById("out"), status = document.getElementById("status");
document.getElementById("examples").addEventListener("change", e => { q.value = examples[e.target.value].query; });
function cell(row, tag, text) { const c = document.createElement(tag); c.textContent = text; row.appendChild(c); }
document.getElementById("f").addEventListener("submit", async e => {
  e.preventDefault(); out.replaceChildren(); status.className = ""; status.textContent = "running…";
  const r = await fetch("sparql", {method: "POST", headers: {"Accept": "application/sparql-results+json, text/turtle"},
                                   body: new URLSearchParams({query: q.value})});
  const type = r.headers.get("content-type") || "";
  if (!r.ok) { const m = await r.json(); status.className = "err"; status.textContent = r.status + ": " + m.detail; return; }
  const cut = r.headers.get("X-Cancu-Truncated") ? " (cut at the row limit)" : "";
  if (!type.includes("json")) { const pre = document.createElement("pre"); pre.textContent = await r.text(); out.appendChild(pre);
    status.textContent = r.headers.get("X-Cancu-Rows") + " triples" + cut; return; }
  const res = await r.json();
  if ("boolean" in res) { status.textContent = "answer: " + res.boolean; return; }
  const t = document.createElement("table"), h = document.createElement("tr");
  res.head.vars.forEach(v => cell(h, "th", v)); t.appendChild(h);
  for (const b of res.results.bindings) { const tr = document.createElement("tr");
    res.head.vars.forEach(v => cell(tr, "td", b[v] ? b[v].value : "")); t.appendChild(tr); }
  out.appendChild(t); status.textContent = res.results.bindings.length + " rows" + cut;
});
</script></body></html>
"""
