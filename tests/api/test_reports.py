"""GET /reports/budget on a bare app with only the reports router and through `create_app`, and
`cancu report budget` on the seed store."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app as cli
from api.routes import reports
from kg.report_render import MEDIA_TYPES, TITLE
from kg.store import open_store


@pytest.fixture(scope="module")
def bare(seed_dir: Path) -> Iterator[TestClient]:
    """The router mounted on an app of its own: only `app.state.served.store` is needed."""
    app = FastAPI()
    app.include_router(reports.router)
    with open_store(seed_dir, read_only=True) as s:
        app.state.served = SimpleNamespace(store=s)
        yield TestClient(app)


@pytest.mark.parametrize("fmt", list(MEDIA_TYPES))
def test_each_format_comes_with_its_media_type(bare, fmt):
    r = bare.get("/reports/budget", params={"format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"] == MEDIA_TYPES[fmt]
    assert r.headers["content-disposition"].endswith(f'filename="bao-cao-kinh-phi.{fmt}"')
    if fmt in ("html", "md"):
        assert TITLE in r.text and "Quyết định 673/QĐ-UBND thay thế Quyết định 733/QĐ-UBND" in r.text
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(r.content))["Khoản kinh phí"]["B2"].value == "Ban Dân tộc tỉnh Quảng Ngãi"
    elif fmt == "docx":
        assert Document(io.BytesIO(r.content)).paragraphs[0].text == TITLE


def test_filters_and_refusals(bare):
    r = bare.get("/reports/budget", params={"format": "csv", "agency": "so noi vu", "year": 2023})
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 5 and {row["Đơn vị"] for row in rows} == {"Sở Nội vụ tỉnh Quảng Ngãi"}
    assert bare.get("/reports/budget", params={"format": "pdf"}).status_code == 422
    assert bare.get("/reports/budget", params={"year": "năm"}).status_code == 422


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_control_characters_in_the_agency_filter_are_no_server_error(bare, fmt):
    # schemathesis found this 500: openpyxl and python-docx refuse characters XML cannot hold
    r = bare.get("/reports/budget", params={"format": fmt, "agency": "s\x00o\x1f noi vu\x0b"})
    assert r.status_code == 200
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(r.content))["Nguồn dữ liệu"]["A3"].value.startswith("Phạm vi: đơn vị “so noi vu")
    else:
        assert any("“so noi vu" in p.text for p in Document(io.BytesIO(r.content)).paragraphs)


def test_the_application_serves_the_report(client):
    r = client.get("/reports/budget", params={"format": "md", "agency": "Ban Dân tộc"})
    assert r.status_code == 200 and "Ban Dân tộc tỉnh Quảng Ngãi" in r.text and "Sở Nội vụ" not in r.text.split("## ")[0]


def test_cli_writes_files_and_text_to_standard_output(seed_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "r.xlsx"
    done = runner.invoke(cli, ["report", "budget", "--store", str(seed_dir), "--format", "xlsx", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert load_workbook(out).sheetnames[0] == "Khoản kinh phí"
    md = runner.invoke(cli, ["report", "budget", "--store", str(seed_dir), "--format", "md", "--year", "2023", "-o", "-"])
    assert md.exit_code == 0 and md.stdout.startswith(f"# {TITLE}") and "năm 2023" in md.stdout
    table = runner.invoke(cli, ["report", "budget", "--store", str(seed_dir), "--format", "csv", "-o", "-"])
    assert table.exit_code == 0 and table.stdout.startswith("STT,")  # no byte-order mark in a pipe
    binary = runner.invoke(cli, ["report", "budget", "--store", str(seed_dir), "--format", "docx", "-o", "-"])
    assert binary.exit_code == 2
    unknown = runner.invoke(cli, ["report", "budget", "--store", str(seed_dir), "--format", "pdf", "-o", str(tmp_path / "x")])
    assert unknown.exit_code == 2
