"""The `cancu` command on good and bad input: one bad file never stops the batch."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

HERE = Path(__file__).parent
runner = CliRunner()
SEED = HERE / "corpus" / "seeds" / "004_f1add9e50b08e375.txt"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese archives hold it: base letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tones = [c for c in d if c in "\u0300\u0301\u0303\u0309\u0323"]
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in tones)) + "".join(tones))
    return "".join(out).encode("cp1258")


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty": tmp / "empty.txt",
        "binary": tmp / "binary.txt",
        "big": tmp / "big.txt",
        "cp1258": tmp / "legacy.txt",
        "ragged": tmp / "ragged.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 40)
    with files["big"].open("wb") as f:  # 50 MB, over the reader's limit
        f.truncate(50 * 1024 * 1024)
    files["cp1258"].write_bytes(_cp1258("Số: 12/KH-UBND\nKẾ HOẠCH\nThực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025 của UBND tỉnh."))
    files["ragged"].write_text(
        "Số: 5/KH-SNV\n\nKẾ HOẠCH\nThử nghiệm\n\nSTT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\n"
        "1\tXây dựng cơ sở dữ liệu\tVăn phòng Sở\n2\n3\tRà soát\tPhòng Tổ chức\tVăn phòng Sở\tthừa\tthừa nữa\n",
        encoding="utf-8",
    )
    return files


def test_extract_json_goes_on_past_bad_files(tmp_path):
    bad = _bad_files(tmp_path)
    result = runner.invoke(app, ["extract", str(SEED), *map(str, bad.values()), "--json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    errors = {Path(e["file"]).name: e["error"] for e in view["errors"]}
    assert set(errors) == {"empty.txt", "binary.txt", "big.txt"}
    assert "50.0 MiB" in errors["big.txt"]
    names = set(view["corpus"])
    assert {"004_f1add9e50b08e375.txt", "legacy.txt", "ragged.txt"} <= names
    # the legacy-encoded plan still yields its citation, the ragged table its rows
    assert any(d.get("number") == "283" for d in view["documents"])
    tasks = {a["task"] for a in view["assignments"] if a["file"] == "ragged.txt"}
    assert "Xây dựng cơ sở dữ liệu" in tasks and "Rà soát" in tasks


def test_extract_fails_only_when_nothing_could_be_read(tmp_path):
    bad = _bad_files(tmp_path)
    result = runner.invoke(app, ["extract", str(bad["empty"])])
    assert result.exit_code == 1
    assert "empty" in result.output


def test_extract_summary_names_each_file():
    result = runner.invoke(app, ["extract", str(HERE / "corpus" / "seeds")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for p in (HERE / "corpus" / "seeds").glob("*.txt"):
        assert p.name in result.output


def test_evaluate_scores_against_gold():
    result = runner.invoke(app, ["evaluate", "--gold", str(HERE / "gold" / "seeds.json"), str(HERE / "corpus" / "seeds"), "--json"])
    assert result.exit_code == 0, result.output
    parts = json.loads(result.stdout)
    assert parts["documents"]["f1"] >= 0.97
    assert parts["reassignment_requests"]["f1"] == 1.0


def test_evaluate_reports_a_bad_gold_file(tmp_path):
    g = tmp_path / "gold.json"
    g.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--gold", str(g), str(SEED)])
    assert result.exit_code == 2
    assert "gold.json" in result.output
