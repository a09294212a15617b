"""The page builders: what each page draws, that pages need nothing from the network, and
that text from the store never becomes markup."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from kg.store import open_store
from kg.trace import TargetError
from tests.viz.graphs import IMG, SCRIPT
from viz import Links, conflicts_page, neighbourhood_page, overview_page, render, trace_page
from viz.overview import LEVELS, issuer_level
from viz.page import script_json

TASK = "chuan hoa, tai cau truc quy trinh"
KH189 = "https://cancu.org/id/doc/quang-ngai/kh-ubnd/2022/189"
EXTERNAL = re.compile(r"<script[^>]*\bsrc\s*=|<link[^>]*\bhref\s*=\s*(?![\"']?data:)|url\(\s*['\"]?(?:https?:)?//|@import", re.I)


def _pages(store_dir: Path) -> dict[str, str]:
    with open_store(store_dir, read_only=True) as s:
        return {"trace": render(trace_page(s, TASK)), "neighbourhood": render(neighbourhood_page(s, KH189, depth=2)),
                "conflicts": render(conflicts_page(s)), "overview": render(overview_page(s))}


def _data(html: str) -> dict:
    block = html.split('<script type="application/json" id="cancu-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(block)


def test_seed_pages_are_self_contained(seed_dir: Path) -> None:
    for name, html in _pages(seed_dir).items():
        assert '<meta charset="utf-8">' in html, name
        assert not EXTERNAL.search(html), (name, EXTERNAL.search(html))
        assert "vis.Network" in html and "Kế hoạch" in html, name


def test_trace_of_the_task_has_both_plans_and_the_request(seed_dir: Path) -> None:
    with open_store(seed_dir, read_only=True) as s:
        page = trace_page(s, TASK)
    labels = {n.label for n in page.nodes.values()}
    assert {"Kế hoạch 169/KH-UBND", "Kế hoạch 189/KH-UBND"} <= labels
    assert [n.kind for n in page.nodes.values()].count("request") == 1
    levels = {n.label: n.level for n in page.nodes.values()}
    task = next(n for n in page.nodes.values() if n.kind == "task")
    # the roots on the top row, the task below the documents that assign it
    assert levels["Kế hoạch 169/KH-UBND"] == levels["Kế hoạch 189/KH-UBND"] == 0 < task.level
    assert {e.relation for e in page.edges} >= {"assigned by", "original assignment", "resolved by"}


def test_trace_of_nothing_says_so(seed_dir: Path) -> None:
    with open_store(seed_dir, read_only=True) as s, pytest.raises(TargetError):
        trace_page(s, "không có nhiệm vụ nào như thế")


def test_neighbourhood_grows_with_depth_and_keeps_to_its_limit(seed_dir: Path) -> None:
    with open_store(seed_dir, read_only=True) as s:
        one, two = neighbourhood_page(s, KH189, depth=1), neighbourhood_page(s, KH189, depth=2)
        capped = neighbourhood_page(s, KH189, depth=2, limit=10)
        with pytest.raises(ValueError):
            neighbourhood_page(s, KH189, depth=0)
    assert 1 < len(one.nodes) < len(two.nodes)
    assert {n.kind for n in two.nodes.values()} >= {"task", "agency", "request", "national"}
    assert len(capped.nodes) == 10 and capped.notes
    assert all(e.source in two.nodes and e.target in two.nodes for e in two.edges)


def test_conflicts_put_the_competing_assignments_side_by_side(seed_dir: Path) -> None:
    with open_store(seed_dir, read_only=True) as s:
        page = conflicts_page(s)
    band = [n for n in page.nodes.values() if n.id.startswith("b0|")]
    row = min(n.y or 0 for n in band if n.kind in ("document", "cited", "national"))
    docs = sorted((n for n in band if n.kind in ("document", "cited", "national") and n.y == row), key=lambda n: n.x or 0)
    assert [d.label for d in docs] == ["Kế hoạch 169/KH-UBND", "Kế hoạch 189/KH-UBND"]
    assert docs[1].focus and not docs[0].focus  # the newer one marked
    assert any(n.kind == "request" for n in band)


def test_overview_groups_every_document_once(synthetic_dir: Path) -> None:
    with open_store(synthetic_dir, read_only=True) as s:
        page = overview_page(s, links=Links("http://example.org"))
    data = page.extra["overview"]
    assert len(data["docs"]) == 10_000
    assert sorted(i for m in data["clusters"].values() for i in m) == list(range(10_000))
    clusters = [n for n in page.nodes.values() if n.kind == "cluster"]
    assert len(clusters) < 200 and len(page.edges) <= 250
    levels = {n.id.split(":")[1] for n in clusters}
    assert levels == {"national", "ministry", "province", "department"} and levels <= set(LEVELS)
    assert data["urls"]["trace"].startswith("http://example.org/graph/trace?")


@pytest.mark.parametrize(("symbol", "jurisdiction", "level"), [
    ("NĐ-CP", "VN", "national"), ("QĐ-TTg", "VN", "national"), ("TT-BTTTT", "VN", "ministry"),
    ("BNV-VP", "VN", "ministry"), ("KH-UBND", "quang-ngai", "province"), ("NQ-HĐND", "bac-giang", "province"),
    ("SNV-VP", "quang-ngai", "department"), ("QĐ-SNV", "quang-ngai", "department"), (None, None, "unknown"),
])
def test_issuer_level(symbol: str | None, jurisdiction: str | None, level: str) -> None:
    from kg.docs import DocInfo

    assert issuer_level(DocInfo("x", symbol=symbol, jurisdiction=jurisdiction))[0] == level


def test_text_from_the_store_never_becomes_markup(payload_dir: Path) -> None:
    with open_store(payload_dir, read_only=True) as s:
        pages = {"trace": render(trace_page(s, "https://cancu.org/id/task/quang-ngai/pwned")),
                 "neighbourhood": render(neighbourhood_page(s, "https://cancu.org/id/doc/quang-ngai/kh-ubnd/2021/169", depth=2)),
                 "conflicts": render(conflicts_page(s)), "overview": render(overview_page(s))}
    for name, html in pages.items():
        assert SCRIPT not in html and IMG not in html and "<img" not in html, name
        data = _data(html)
        names = json.dumps(data, ensure_ascii=False)
        assert SCRIPT in names, name  # labels keep the text, to be drawn as text
        named = [(n["name"], n["title"]) for n in data["nodes"]]
        named += [(d[1], d[2]) for d in data.get("overview", {}).get("docs", [])]
        tips = [tip for label, tip in named if SCRIPT in label or IMG in label]
        assert tips and all("&lt;script&gt;" in t or "&lt;img" in t for t in tips), name


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b <!-- c", "\u2028\u2029", "Kế hoạch 'x' \"y\""])
def test_script_json_reads_back(text: str) -> None:
    out = script_json({"t": text})
    assert "<" not in out and ">" not in out and "&" not in out and json.loads(out) == {"t": text}


def test_cli_writes_the_pages(seed_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (["trace", TASK], ["neighbourhood", KH189, "--depth", "2"], ["conflicts"], ["overview"]):
        out = tmp_path / f"{args[0]}.html"
        result = runner.invoke(app, ["viz", *args, "-o", str(out), "--store", str(seed_dir)])
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        assert "http://127.0.0.1:8000/graph/" in html and not EXTERNAL.search(html)
    result = runner.invoke(app, ["viz", "trace", "không có gì", "-o", str(tmp_path / "x.html"), "--store", str(seed_dir)])
    assert result.exit_code == 1
