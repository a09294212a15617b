"""The synthetic corpus of bench/corpus.py: reproducible byte for byte, and extracted as its truth says.

Forty documents with every planted fault ten times as often as in the benchmark corpora, so
that each kind shows up.  The bars are what the extractor reached when they were set
(bench/README.md), a little lower; a drop below one fails with the misses listed.  The
generator writes styles real documents use; when the extractor misses one of them, fix
the extractor, not the generator.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bench.corpus import generate, write_corpus
from kg.evalview import eval_view
from kg.scoring import Report, format_report, score
from loaders import extract_source, read_source

SEED, DOCS, FAULTS = 7, 40, 0.1

# F1 measured on 2026-12-04 (bench/README.md): 1.00 for every part but assignments (0.99), minus a margin
BARS = {
    "documents": 0.97, "relations": 0.95, "assignments": 0.95, "budget_items": 0.95, "budget_basis": 0.95,
    "findings": 0.9, "reassignment_requests": 0.9,
}


def _digest(seed: int, n: int) -> str:
    h = hashlib.sha256()
    for name, text, _ in generate(n, seed, fault_rate=FAULTS):
        h.update(name.encode() + b"\0" + text.encode("utf-8"))
    return h.hexdigest()


def test_same_seed_same_bytes():
    assert _digest(SEED, DOCS) == _digest(SEED, DOCS)
    assert _digest(SEED, DOCS) != _digest(SEED + 1, DOCS)


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one():
    small = [(name, text) for name, text, _ in generate(10, SEED)]
    large = [(name, text) for name, text, _ in generate(30, SEED)]
    assert large[:10] == small


def test_written_files_and_truth_are_reproducible(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_corpus(a, 12, SEED, fault_rate=FAULTS)
    write_corpus(b, 12, SEED, fault_rate=FAULTS)
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name
    truth = json.loads((a / "truth.json").read_text(encoding="utf-8"))
    assert truth["schema"] == "cancu-eval/1" and len(truth["corpus"]) == 12


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    out = tmp_path_factory.mktemp("synth")
    write_corpus(out, DOCS, SEED, fault_rate=FAULTS)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    view = eval_view([extract_source(read_source(out / name)) for name in truth["corpus"]])
    return score(truth, view)


@pytest.mark.parametrize("part,bar", sorted(BARS.items()))
def test_extraction_meets_the_bar(report: Report, part: str, bar: float):
    assert report.part(part).f1 >= bar, format_report(report, show_misses=True)
