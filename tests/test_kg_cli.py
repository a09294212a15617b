"""The store commands of `cancu`: ingest, stats, export, remove, validate, query, demo."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from api import kg_commands
from api.cli import app
from kg.evalview import eval_view
from kg.scoring import load_json, score
from kg.store import OxigraphStore
from loaders import extract_paths
from loaders.model import Extraction
from loaders.read import iter_paths

HERE = Path(__file__).parent
SEEDS = HERE / "corpus" / "seeds"
GOLD = HERE / "gold" / "seeds.json"
runner = CliRunner()


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def stats(store: Path) -> dict[str, int]:
    """`cancu stats` read back from its table."""
    result = run("stats", "--store", store)
    assert result.exit_code == 0, result.output
    cells = [line.strip("│ ").split("│") for line in result.output.splitlines() if line.count("│") == 3]
    return {" ".join(c[0].split()): int(c[1]) for c in cells}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A store holding the five seed documents (read-only commands share it)."""
    store = tmp_path_factory.mktemp("kg") / "store"
    result = run("ingest", SEEDS, "--store", store)
    assert result.exit_code == 0, result.output
    assert "5 added, 0 replaced, 0 unchanged, 0 failed" in result.output
    return store


def test_ingest_again_changes_nothing(seeded):
    before = stats(seeded)
    result = run("ingest", SEEDS, "--store", seeded)
    assert result.exit_code == 0 and "0 added, 0 replaced, 5 unchanged" in result.output
    assert stats(seeded) == before


def test_stats(seeded):
    n = stats(seeded)
    assert n["graphs (files)"] == 5 and n["input files"] == 5
    assert n["quads"] > 1000 and n["documents"] > 50 and n["agencies"] > 10 and n["agency sub-units"] > 0
    assert n["role lead"] > 0 and n["role support"] > 0 and n["tasks"] > 0
    assert n["assignments"] == sum(v for k, v in n.items() if k.startswith("role "))


def test_export_json_scores_at_least_as_well_as_extract(seeded):
    result = run("export", "--format", "json", "--store", seeded)
    assert result.exit_code == 0, result.output
    from_store = json.loads(result.stdout)
    assert from_store["schema"] == "cancu-eval/1"
    extracted = eval_view([ex for _, ex in extract_paths(iter_paths([SEEDS])) if isinstance(ex, Extraction)])
    gold = load_json(GOLD)
    mine, theirs = score(gold, from_store), score(gold, extracted)
    for part in theirs.parts:
        assert mine.part(part.name).f1 >= part.f1 - 1e-9, (part.name, mine.part(part.name).to_dict(), part.to_dict())


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "jsonld"])
def test_export_rdf_parses_back(seeded, fmt, tmp_path):
    out = tmp_path / f"kg.{fmt}"
    result = run("export", "--format", fmt, "--store", seeded, "-o", out)
    assert result.exit_code == 0, result.output
    rdflib_fmt = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
    parsed = Graph() if fmt == "ttl" else Dataset()
    parsed.parse(out, format=rdflib_fmt)
    with OxigraphStore(seeded, read_only=True) as s:
        if fmt == "ttl":
            assert len(parsed) == len(set(s.dataset().triples((None, None, None))))
        else:
            assert sum(len(parsed.graph(g)) for g in s.graphs()) == s.count()
    # and on standard output
    assert run("export", "--format", fmt, "--store", seeded).stdout_bytes == out.read_bytes()


def test_export_refuses_an_unknown_format(seeded):
    result = run("export", "--format", "rdfxml", "--store", seeded)
    assert result.exit_code == 2 and "expected one of ttl, trig, nq, jsonld, json" in result.output


def test_validate_the_seeds(seeded):
    result = run("validate", "--store", seeded)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_reports_violations_and_fails(tmp_path):
    from rdflib import RDF, Literal, URIRef

    from kg.namespace import CANCU

    ev = URIRef("https://cancu.org/id/graph/x/evidence/5-2")
    with OxigraphStore(tmp_path / "kg") as s:
        s.replace_graph(URIRef("https://cancu.org/id/graph/x"), [
            (ev, RDF.type, CANCU.Evidence), (ev, CANCU.file, Literal("x.txt")),
            (ev, CANCU.start, Literal(5)), (ev, CANCU.end, Literal(2)),
        ])
    result = run("validate", "--store", tmp_path / "kg")
    assert result.exit_code == 1
    assert "1 violation" in result.output and "id:graph/x/evidence/5-2 cancu:start" in result.output


def test_query(seeded):
    result = run("query", "--store", seeded, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d cancu:contentHash ?h } }")
    assert result.exit_code == 0, result.output
    assert "│ 5 " in result.output
    assert run("query", "--store", seeded, "ASK { ?d cancu:number '906' }").output.strip() == "yes"
    bad = run("query", "--store", seeded, "SELECT WHERE {")
    assert bad.exit_code == 2 and "SPARQL" in bad.output


def test_remove(tmp_path):
    store = tmp_path / "kg"
    files = tmp_path / "docs"
    shutil.copytree(SEEDS, files)
    assert run("ingest", files, "--store", store).exit_code == 0
    victim = files / "002_92f8b03795b25530.txt"
    result = run("remove", victim, "--store", store)
    assert result.exit_code == 0, result.output
    assert "removed" in result.output
    assert stats(store)["graphs (files)"] == 4
    again = run("remove", victim, "--store", store)
    assert again.exit_code == 1 and "nothing to remove" in again.output
    result = run("ingest", files, "--store", store)  # it comes back as a new file
    assert "1 added, 0 replaced, 4 unchanged" in result.output


def test_ingest_lists_the_bad_file_and_fails(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "004_f1add9e50b08e375.txt", docs)
    (docs / "empty.txt").write_bytes(b"")
    result = run("ingest", docs, "--store", tmp_path / "kg")
    assert result.exit_code != 0
    assert "1 added, 0 replaced, 0 unchanged, 1 failed" in result.output
    assert "empty.txt" in result.output and "empty file" in result.output
    assert stats(tmp_path / "kg")["graphs (files)"] == 1  # the good file went in


def test_refuses_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("ingest", SEEDS, "--store", tmp_path)
    assert result.exit_code == 2
    assert "expected a cancu store" in result.output and "notes.txt" in result.output


def test_a_second_writer_fails_fast(tmp_path):
    with OxigraphStore(tmp_path / "kg"):
        result = run("ingest", SEEDS, "--store", tmp_path / "kg")
    assert result.exit_code == 2 and "in use by a writer" in result.output


def test_read_commands_on_a_missing_store(tmp_path):
    result = run("stats", "--store", tmp_path / "nothing")
    assert result.exit_code == 2 and "found nothing there" in result.output
    assert not (tmp_path / "nothing").exists()


def test_demo(tmp_path):
    result = run("demo", "--store", tmp_path / "kg")
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    assert "What to look at next" in result.output and f"cancu query --store {tmp_path / 'kg'}" in result.output
    # it prints every example of ontology/queries/examples/, and each one runs and answers
    examples = kg_commands.examples()
    assert len(examples) == len(list((HERE.parent / "ontology" / "queries" / "examples").glob("*.rq")))
    for what, sparql in examples:
        assert f"# {what}" in result.output and sparql in result.output, what
        answer = run("query", "--store", tmp_path / "kg", sparql)
        assert answer.exit_code == 0 and "rows" in answer.output, (sparql, answer.output)
    again = run("demo", "--store", tmp_path / "kg")
    assert again.exit_code == 0 and "0 added, 0 replaced" in again.output


def test_demo_without_the_samples(tmp_path, monkeypatch):
    monkeypatch.setattr(kg_commands, "SAMPLES", tmp_path / "samples")
    result = run("demo", "--store", tmp_path / "kg")
    assert result.exit_code == 2
    assert "expected the sample documents in" in result.output and "checkout" in result.output
    assert not (tmp_path / "kg").exists()
