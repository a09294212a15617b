"""POST /documents: ingest uploaded files, as `cancu ingest` does, for a caller holding the token.

Each file is written under its base name only ("../../etc/passwd" becomes "passwd") in
the server's upload folder (`api.deps`), never at a path the caller chose, and ingested
under the server's write lock; the answer lists each file's outcome like `cancu ingest`.
"""
from __future__ import annotations

import hmac
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api import schemas
from api.deps import ServedDep
from kg.ingest import ingest

router = APIRouter(prefix="/documents", tags=["documents"])

_CHUNK = 1 << 16
_MAX_FILES = 100
_UNSAFE = re.compile(r"[\x00-\x1f]")

_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}}


def base_name(name: str) -> str:
    """The last part of an uploaded file's name, whatever separators it uses; "" when nothing is left.

    >>> base_name("../../etc/passwd"), base_name("C:\\\\docs\\\\kh.docx"), base_name("..")
    ('passwd', 'kh.docx', '')
    """
    last = _UNSAFE.sub("", name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "" if last in ("", ".", "..") else last


def _check_token(served: ServedDep, authorization: str | None) -> None:
    token = os.environ.get(served.settings.token_env, "")
    if not token:
        raise HTTPException(403, f"uploads are disabled: expected the server to be started with {served.settings.token_env} "
                                 "set, found it unset")
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(401, "expected an 'Authorization: Bearer <token>' header, found none",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(authorization.removeprefix("Bearer ").encode(), token.encode()):
        raise HTTPException(403, "expected the upload token, found another")


@router.post("", response_model=schemas.IngestPublic, openapi_extra=_BODY,
             responses={401: {"model": schemas.Message}, 403: {"model": schemas.Message},
                        411: {"model": schemas.Message}, 413: {"model": schemas.Message}})
async def upload_documents(
    request: Request,
    served: ServedDep,
    authorization: Annotated[str | None, Header()] = None,
) -> schemas.IngestPublic:
    """Add documents (multipart field `files`, .txt .md .docx .pdf .html): new files add their graph,
    a file uploaded again under the same name replaces it, unchanged ones are skipped.
    Needs `Authorization: Bearer $CANCU_API_TOKEN`."""
    _check_token(served, authorization)
    limit = served.settings.max_upload_bytes
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise HTTPException(411, "expected a Content-Length header on an upload, found none")
    if int(length) > limit:
        raise HTTPException(413, f"expected an upload of at most {limit} bytes, found {length} bytes")
    form = await request.form(max_files=_MAX_FILES, max_fields=10)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not files:
        raise HTTPException(422, "expected files in the multipart field 'files', found none")
    # written to a folder of this request first: nothing reaches the upload folder before its name is checked
    with tempfile.TemporaryDirectory(prefix="cancu-upload-") as tmp:
        results: list[schemas.FileResultPublic] = []
        staged: dict[str, Path] = {}
        for f in files:
            name = base_name(f.filename or "")
            if not name:
                results.append(schemas.FileResultPublic(file=f.filename or "", status="failed",
                                                        error="expected a file name, found none left once its folders were removed"))
                continue
            path = Path(tmp) / name
            with path.open("wb") as out:
                while chunk := await f.read(_CHUNK):
                    out.write(chunk)
            staged[name] = path
        if staged:
            results += await run_in_threadpool(_ingest, served, staged)
    summary = {s: sum(r.status == s for r in results) for s in ("added", "replaced", "unchanged", "failed")}
    return schemas.IngestPublic(data=results, count=len(results),
                                summary=", ".join(f"{n} {s}" for s, n in summary.items()))


def _ingest(served: ServedDep, staged: dict[str, Path]) -> list[schemas.FileResultPublic]:
    """Move the staged files into the upload folder and ingest them, one writer at a time."""
    with served.write_lock:
        targets = {}
        for name, path in staged.items():
            target = served.uploads / name
            assert target.parent == served.uploads  # base_name left no separator
            shutil.move(path, target)
            targets[str(target)] = name
        report = ingest(list(targets), served.store)
        served.generation += 1
        served.sparql.refresh()
    out = [schemas.FileResultPublic(file=targets[p], status=status)
           for status, paths in (("added", report.added), ("replaced", report.replaced), ("unchanged", report.unchanged))
           for p in paths]
    for p, msg in report.failed:
        name = targets.get(p, Path(p).name)
        # the message names the server's folder: the caller only needs its own file name
        out.append(schemas.FileResultPublic(file=name, status="failed", error=msg.replace(str(served.uploads) + os.sep, "")))
    return out
