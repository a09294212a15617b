"""POST /documents: the token, the size limit, file names with paths, and per-file results as `cancu ingest`."""
from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import SEEDS

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    return tmp_path / "uploads"


@pytest.fixture
def app_client(store_copy: Path, uploads: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CANCU_API_TOKEN", TOKEN)
    with TestClient(create_app(Settings(store=str(store_copy), upload_dir=str(uploads), max_upload_bytes=1_000_000))) as c:
        yield c


def _files(*named: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in named]


def test_upload_ingests_like_cancu_ingest(app_client: TestClient) -> None:
    text = next(SEEDS.iterdir()).read_bytes()
    # answers kept per state of the store (the list, search) are built before the upload…
    assert "ke-hoach.txt" not in {d["file"] for d in app_client.get("/documents", params={"limit": 500}).json()["data"]}
    assert app_client.get("/search", params={"q": "ke-hoach.txt"}).json()["count"] == 0
    first = app_client.post("/documents", files=_files(("ke-hoach.txt", text)), headers=AUTH)
    assert first.status_code == 200, first.text
    assert first.json()["data"] == [{"file": "ke-hoach.txt", "status": "added", "error": None}]
    again = app_client.post("/documents", files=_files(("ke-hoach.txt", text)), headers=AUTH).json()
    assert again["data"][0]["status"] == "unchanged"
    found = app_client.get("/documents", params={"seen": True, "limit": 500}).json()["data"]
    assert "ke-hoach.txt" in {d["file"] for d in found}  # …and rebuilt after it
    assert app_client.get("/search", params={"q": "ke-hoach.txt"}).json()["count"] == 1
    # the SPARQL snapshot was refreshed: the new file's graph is visible there too
    ask = app_client.get("/sparql", params={"query": 'ASK { ?d cancu:sourceFile "ke-hoach.txt" }'}).json()
    assert ask["boolean"] is True


def test_upload_without_or_with_a_wrong_token(app_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(("a.txt", b"x"))
    r = app_client.post("/documents", files=files)
    assert r.status_code == 401 and "Bearer" in r.json()["detail"]
    assert app_client.post("/documents", files=files, headers={"Authorization": "Bearer nope"}).status_code == 403
    monkeypatch.delenv("CANCU_API_TOKEN")
    r = app_client.post("/documents", files=files, headers=AUTH)
    assert r.status_code == 403 and "CANCU_API_TOKEN" in r.json()["detail"]


def test_upload_over_the_size_limit_is_413(app_client: TestClient, uploads: Path) -> None:
    r = app_client.post("/documents", files=_files(("big.txt", b"a" * 1_200_000)), headers=AUTH)
    assert r.status_code == 413 and "at most 1000000 bytes" in r.json()["detail"]
    assert not any(uploads.iterdir())


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/cron.d/x.txt", ".."])
def test_a_path_in_the_file_name_is_reduced_to_its_base_name(app_client: TestClient, uploads: Path, tmp_path: Path,
                                                             name: str) -> None:
    r = app_client.post("/documents", files=_files((name, "Kế hoạch thử nghiệm".encode())), headers=AUTH)
    assert r.status_code == 200
    (result,) = r.json()["data"]
    assert result["file"] == {"../../etc/passwd": "passwd", "..\\..\\windows\\win.ini": "win.ini",
                              "/etc/cron.d/x.txt": "x.txt", "..": ".."}[name]
    assert result["status"] in ("added", "failed")
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name in ("passwd", "win.ini", "x.txt")]
    assert all(p.parent == uploads for p in written)
    assert "/" not in (result["error"] or "").split(":")[0]  # the server's folders are not shown


def test_zip_bomb_docx_is_a_per_file_error(app_client: TestClient, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(bytes(1 << 20))
    assert bomb.stat().st_size < 1_000_000
    text = next(SEEDS.iterdir()).read_bytes()
    r = app_client.post("/documents", files=_files(("bomb.docx", bomb.read_bytes()), ("ok.txt", text)), headers=AUTH)
    assert r.status_code == 200
    by = {f["file"]: f for f in r.json()["data"]}
    assert by["bomb.docx"]["status"] == "failed" and "zip bomb" in by["bomb.docx"]["error"]
    assert by["ok.txt"]["status"] == "added"


def test_the_upload_folder_the_server_made_goes_with_it_unless_it_holds_an_upload(
        store_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setenv("CANCU_API_TOKEN", TOKEN)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-tmp"))
    (tmp_path / "system-tmp").mkdir()
    with TestClient(create_app(Settings(store=str(store_copy)))) as c:
        assert c.get("/documents").status_code == 200
    assert list((tmp_path / "system-tmp").iterdir()) == []
    with TestClient(create_app(Settings(store=str(store_copy)))) as c:
        text = next(SEEDS.iterdir()).read_bytes()
        assert c.post("/documents", files=_files(("ke-hoach.txt", text)), headers=AUTH).json()["data"][0]["status"] == "added"
    [kept] = (tmp_path / "system-tmp").iterdir()
    assert [p.name for p in kept.iterdir()] == ["ke-hoach.txt"]  # the file its graph's evidence names
