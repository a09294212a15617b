"""Tests of kg/scoring.py, the scorer behind `cancu evaluate`.

Besides unit tables, the seeds gold file is scored against itself and against perturbed
copies, and the counts are cross-checked with the reference scorer shared/eval/score.py
(both skipped when those shared files are absent).
"""
from __future__ import annotations

import copy
import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.scoring import (
    LIST_KEYS,
    PartScore,
    Report,
    ScoreInputError,
    Similarity,
    Thresholds,
    abbreviations,
    doc_key,
    fold_symbol,
    format_report,
    keys_match,
    load_json,
    parse_abbreviations,
    same_agency,
    score,
    similar,
)

SEEDS = Path("/work/shared/gold/seeds.json")
REFEREE = Path("/work/shared/eval/score.py")

Doc = dict[str, Any]


def ref(citation: str, year: int | None = None) -> Doc:
    """{"number", "symbol", "year"} from a citation as written: "458/QĐ/TTg" or "19-CT/TU"."""
    number, symbol = re.fullmatch(r"(\d+)[/-]?(.*)", citation).groups()  # type: ignore[union-attr]
    return {"number": number, "symbol": symbol or None, "year": year}


def extraction(**lists: list[Doc]) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": "cancu-eval/1", **{k: [] for k in LIST_KEYS}}
    data.update(lists)
    return data


def counts(report: Report) -> dict[str, tuple[int, int, int]]:
    return {p.name: (p.tp, p.n_pred, p.n_gold) for p in report.parts}


# --------------------------------------------------------------------------- document keys


@pytest.mark.parametrize(("gold", "pred", "same"), [
    (ref("458/QĐ-TTg", 2020), ref("458/QĐ/TTg", 2020), True),
    (ref("458/QĐ-TTg", 2020), ref("458/QÐ-TTg", 2020), True),      # Ð (U+00D0) for Đ
    (ref("458/QĐ-TTg", 2020), ref("0458/QĐ-TTg", 2020), True),     # leading zero
    (ref("2820/BNV-CCVC", 2023), ref("2820/BNV –CCVC", 2023), True),  # space and en dash
    (ref("85/NĐ-CP", 2016), ref("85/nđ.cp", 2016), True),          # case, dot
    (ref("19-CT/TU", 2022), ref("19/CT-TU", 2022), True),          # party document
    (ref("906/QĐ-UBND", 2022), ref("906/QĐ-UBND", 2023), False),   # numbering restarts each year
    (ref("906/QĐ-UBND", 2022), ref("906/QĐ-UBND"), True),          # year unknown on one side
    (ref("906/QĐ-UBND"), ref("906/QĐ-UBND", 2022), True),
    (ref("458/QĐ-TTg", 2020), ref("459/QĐ-TTg", 2020), False),
    (ref("458/QĐ-TTg", 2020), ref("458/QĐ-UBND", 2020), False),
    (ref("1582", 2021), ref("1582/QĐ-UBND", 2021), True),          # gold without symbol
    (ref("1582/QĐ-UBND", 2021), ref("1582", 2021), False),         # ... but not the other way
    (ref("1582", 2021), ref("1582/QĐ-UBND", 2020), False),
    ({"file": "a.txt"}, {"file": "a.txt"}, True),
    ({"file": "a.txt"}, {"file": "b.txt"}, False),
    ({"file": "a.txt"}, ref("1/KH-UBND", 2023), False),
])
def test_document_keys(gold: Doc, pred: Doc, same: bool) -> None:
    assert keys_match(doc_key(gold), doc_key(pred)) is same


@pytest.mark.parametrize(("symbol", "folded"), [
    ("QĐ/TTg", "QĐ-TTG"),
    ("QÐ-TTg", "QĐ-TTG"),
    ("BNV –CCVC", "BNV-CCVC"),
    ("CT/TU", "CT-TU"),
    ("KH--UBND", "KH-UBND"),
    (None, ""),
])
def test_fold_symbol(symbol: str | None, folded: str) -> None:
    assert fold_symbol(symbol) == folded


# --------------------------------------------------------------------------- names and texts


@pytest.mark.parametrize(("a", "b", "same"), [
    ("UBND tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi", True),
    ("UBND tỉnh Quảng Ngãi", "Uỷ ban Nhân dân", True),                  # province on one side only
    ("UBND tỉnh Quảng Ngãi", "UBND tỉnh Bắc Giang", False),              # two provinces
    ("Sở Nội vụ tỉnh Hà Nam", "Sở Nội vụ tỉnh Nam Định", False),
    ("Sở Nội vụ tỉnh Quảng Ngãi", "SNV", True),
    ("Sở TTTT tỉnh Quảng Ngãi", "Sở Thông tin và Truyền thông Quảng Ngãi", True),
    ("STTTT", "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi", True),
    ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi", True),
    ("BCĐ chuyển đổi số tỉnh", "Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Ngãi", True),
    ("BDT", "Ban Dân tộc tỉnh Quảng Ngãi", True),
    ("UBND TP. Hà Nội", "Ủy ban nhân dân thành phố Hà Nội", True),
    ("Đảng ủy Sở Nội vụ", "DANG UY SO NOI VU", True),
    ("Sở Nội vụ", "Sở Nội vụ Phòng Cải cách hành chính", True),         # a sub-unit written after its unit
    ("Sở Nội vụ", "Sở Tài chính", False),
    ("Bộ Nội vụ", "Sở Nội vụ", False),
    ("Sở Nội vụ", "Sở Nội vụ tỉnh Bắc Giang", True),
    ("tỉnh Quảng Ngãi", "tỉnh Quảng Ngãi", False),                        # nothing but a province
    (None, "UBND", False),
    ("", "", False),
])
def test_same_agency(a: str | None, b: str | None, same: bool) -> None:
    assert same_agency(a, b) is same
    assert same_agency(b, a) is same


def test_similar_uses_jaccard_or_containment() -> None:
    task = "Triển khai nền tảng trợ lý ảo phục vụ công chức, viên chức"
    assert similar(task, "triển khai nền tảng trợ lý ảo")                 # contained
    assert not similar(task, "Tổ chức tập huấn chuyển đổi số")
    assert similar("Phòng họp trực tuyến", "Đầu tư phòng họp trực tuyến", jaccard=0.3, containment=0.5)
    # 2 shared words of 4 and 5: Jaccard 2/7, containment 2/4
    assert similar("Phòng họp trực tuyến", "Phòng họp Ban Dân tộc", jaccard=0.3, containment=0.5)
    assert not similar("Phòng họp trực tuyến", "Phòng họp Ban Dân tộc", jaccard=0.3, containment=0.6)
    assert similar("Phòng họp trực tuyến", "Phòng họp Ban Dân tộc", jaccard=0.28, containment=0.6)
    assert not similar("", "Phòng họp")


def test_abbreviation_table_is_data() -> None:
    table = abbreviations()
    assert table["ubnd"] == "uy ban nhan dan"
    assert table["bcd"] == "ban chi dao"
    assert parse_abbreviations({"abbreviations": {"SKHĐT": "Sở Kế hoạch và Đầu tư"}}) == {
        "skhdt": "so ke hoach va dau tu"}
    with pytest.raises(ScoreInputError, match="one word"):
        parse_abbreviations({"abbreviations": {"KH ĐT": "Kế hoạch và Đầu tư"}})


# --------------------------------------------------------------------------- whole parts


def test_optional_gold_items_are_neither_missed_nor_false_positives() -> None:
    required = {"type": "implements", "from": ref("1/KH-SNV", 2023), "to": ref("5/TB-BCĐ", 2022)}
    optional = {"type": "based_on", "from": ref("1/KH-SNV", 2023), "to": ref("6/QĐ-TTg", 2022), "optional": True}
    spurious = {"type": "based_on", "from": ref("1/KH-SNV", 2023), "to": ref("7/QĐ-TTg", 2022)}
    gold = extraction(relations=[required, optional])

    def rel(*pred: Doc) -> tuple[int, int, int]:
        return counts(score(gold, extraction(relations=list(pred))))["relations"]

    assert rel(required, optional) == (1, 1, 1)
    assert rel(required) == (1, 1, 1)
    assert rel(optional) == (0, 0, 1)
    assert rel(required, spurious) == (1, 2, 1)
    # a part whose gold items are all optional is perfect when nothing is predicted for it
    based_on = score(gold, extraction(relations=[required])).part("relations:based_on")
    assert (based_on.tp, based_on.n_pred, based_on.n_gold, based_on.f1) == (0, 0, 0, 1.0)


def test_file_references_alias_the_files_number() -> None:
    numbered = {"file": "a.txt", "number": "12", "symbol": "KH-UBND", "year": 2023, "type": "Kế hoạch"}
    target = ref("5/TB-BCĐ", 2022)
    by_file = {"type": "implements", "from": {"file": "a.txt"}, "to": target}
    by_number = {"type": "implements", "from": ref("012/KH/UBND", 2023), "to": target}

    # gold names the file, the prediction its number
    gold = extraction(documents=[numbered], relations=[by_file])
    assert counts(score(gold, extraction(relations=[by_number])))["relations"] == (1, 1, 1)
    # the prediction names the file and gives it its number; gold uses the number
    gold = extraction(relations=[by_number])
    assert counts(score(gold, extraction(documents=[numbered], relations=[by_file])))["relations"] == (1, 1, 1)
    # a file reference with no number known on the prediction's side is only the file
    gold = extraction(documents=[numbered], relations=[by_file])
    assert counts(score(gold, extraction(relations=[by_file])))["relations"] == (0, 1, 1)
    # files without a number match by name
    unnumbered = {"type": "implements", "from": {"file": "b.txt"}, "to": target}
    assert counts(score(extraction(relations=[unnumbered]), extraction(relations=[unnumbered])))["relations"] == (1, 1, 1)


def test_budget_basis_ignores_optional_and_counts_forbidden() -> None:
    a, b, c, d = ref("569/QĐ-UBND", 2023), ref("673/QĐ-UBND", 2023), ref("893/QĐ-TTg", 2020), ref("733/QĐ-UBND", 2022)
    item = {"agency": "Sở Nội vụ tỉnh Quảng Ngãi", "title": "Phần mềm cơ sở dữ liệu về tín ngưỡng, tôn giáo",
            "amount_vnd": 600000000, "basis": [a, b], "basis_optional": [c], "basis_forbidden": [d]}
    optional = {"agency": "Sở Nội vụ", "title": "Phòng họp trực tuyến", "amount_vnd": None, "basis": [], "optional": True}
    gold = extraction(budget_items=[item, optional])
    predicted = {"agency": "SNV", "title": "Phần mềm CSDL về tín ngưỡng, tôn giáo tỉnh", "amount_vnd": 600000000,
                 "basis": [ref("569/QĐ/UBND", 2023), c, d]}
    predicted_optional = {**optional, "basis": [a]}
    report = score(gold, extraction(budget_items=[predicted_optional, predicted]))
    assert counts(report)["budget_items"] == (1, 1, 1)
    basis = report.part("budget_basis")
    # c is tolerated, d is a false positive and flagged; the optional item's basis is not scored
    assert (basis.tp, basis.n_pred, basis.n_gold) == (1, 2, 2)
    assert basis.extra == {"forbidden_cited": 1}
    assert any(line.startswith("forbidden 733/QĐ-UBND") for line in report.misses["budget_basis"])


def test_documents_extras() -> None:
    gold = extraction(documents=[
        {**ref("42/KH-UBND", 2022), "type": "Kế hoạch", "dates": ["2022-03-11", "2022-03-12"], "issuer": "UBND tỉnh Quảng Ngãi"},
        {**ref("6/QĐ-TTg", 2022), "type": "Quyết định", "dates": ["2022-01-06"], "issuer": "Thủ tướng Chính phủ"},
    ])
    pred = extraction(documents=[
        {**ref("42/KH-UBND", 2022), "type": "Kế hoạch", "date": "2022-03-12", "issuer": "UBND"},
        {**ref("6/QĐ-TTg", 2022), "type": "Quyết Định", "date": None, "issuer": "Bộ Nội vụ"},
    ])
    part = score(gold, pred).part("documents")
    assert (part.tp, part.n_pred, part.n_gold) == (2, 2, 2)
    assert part.extra == {"date_accuracy": 1.0, "date_coverage": 0.5, "type_accuracy": 1.0, "issuer_accuracy": 0.5}
    assert score(gold, pred).misses["documents"] == [
        "wrong 6/QĐ-TTg (2022): issuer 'Bộ Nội vụ' (gold 'Thủ tướng Chính phủ')"]


def test_malformed_predictions_score_without_crashing() -> None:
    gold = extraction(
        documents=[{**ref("1/KH-UBND", 2023), "type": "Kế hoạch", "dates": [], "issuer": "UBND tỉnh Quảng Ngãi"}],
        relations=[{"type": "implements", "from": ref("1/KH-UBND", 2023), "to": ref("2/QĐ-TTg", 2022)}],
        findings=[{"kind": "missing_basis", "documents": [], "detail": "Phòng họp trực tuyến"}],
        budget_items=[{"agency": "Sở Nội vụ", "title": "Phòng họp trực tuyến", "amount_vnd": 1, "basis": []}],
    )
    pred = extraction(
        documents=[{"number": 1, "symbol": None, "year": "2023?", "type": None, "date": None, "issuer": 5}],
        relations=[{"type": "implements", "from": None, "to": "2/QĐ-TTg"}],
        assignments=[{"by": None, "agency": None, "role": None, "task": None}],
        findings=[{"kind": "missing_basis", "detail": None, "title": None, "documents": None}],
        budget_items=[{"agency": "Sở Nội vụ", "title": "Phòng họp trực tuyến", "amount_vnd": 1, "basis": None}],
    )
    report = score(gold, pred)
    assert counts(report)["documents"] == (0, 1, 1)  # a symbol-less prediction does not match a symbol
    assert counts(report)["budget_items"] == (1, 1, 1)
    assert counts(report)["findings"] == (0, 1, 1)


def test_thresholds_are_parameters() -> None:
    gold = extraction(assignments=[{"by": ref("3/QĐ-BCĐ", 2023), "agency": "Sở Nội vụ", "role": "lead",
                                    "task": "Triển khai nền tảng trợ lý ảo phục vụ công chức, viên chức"}])
    pred = copy.deepcopy(gold)
    pred["assignments"][0]["task"] = "Triển khai trợ lý ảo cho công chức"  # 7 of its 8 words shared
    assert counts(score(gold, pred))["assignments"] == (1, 1, 1)
    strict = Thresholds(task=Similarity(0.9, 0.9))
    assert counts(score(gold, pred, strict))["assignments"] == (0, 1, 1)


# --------------------------------------------------------------------------- the seeds gold file


def as_prediction(gold: dict[str, Any]) -> dict[str, Any]:
    """The gold file as an extractor would print it (one `date` per document instead of `dates`)."""
    pred = copy.deepcopy(gold)
    for d in pred["documents"]:
        d["date"] = (d.pop("dates", None) or [None])[0]
    return pred


@pytest.fixture(scope="module")
def seeds() -> dict[str, Any]:
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent")
    return load_json(SEEDS)


def test_seeds_against_themselves_are_perfect(seeds: dict[str, Any]) -> None:
    report = score(seeds, as_prediction(seeds))
    assert {p.name: p.f1 for p in report.parts} == {p.name: 1.0 for p in report.parts}
    extra = report.part("documents").extra
    assert (extra["date_accuracy"], extra["type_accuracy"], extra["issuer_accuracy"]) == (1.0, 1.0, 1.0)
    # one numbered gold document (348/KH-BDT) is cited without any date
    assert extra["date_coverage"] == pytest.approx(153 / 154)
    assert not any(report.misses.values())


Mutation = Callable[[dict[str, Any]], None]


def _first(items: list[Doc], **where: Any) -> Doc:
    return next(x for x in items if all(x.get(k) == v for k, v in where.items()))


def _delete(key: str, **where: Any) -> Mutation:
    return lambda p: p[key].remove(_first(p[key], **where))


def _set(key: str, field: str, value: Any, **where: Any) -> Mutation:
    return lambda p: _first(p[key], **where).__setitem__(field, value)


def _add_relation(p: dict[str, Any]) -> None:
    p["relations"].append({"type": "implements", "from": ref("1/KH-SNV", 2023), "to": ref("2/KH-UBND", 2023)})


def _drop_basis(p: dict[str, Any]) -> None:
    _first(p["budget_items"], amount_vnd=100000000)["basis"] = []


def _cite_forbidden(p: dict[str, Any]) -> None:
    _first(p["budget_items"], amount_vnd=40000000, agency="Sở Nội vụ tỉnh Quảng Ngãi")["basis"].append(
        ref("733/QĐ-UBND", 2022))


MUTATIONS: dict[str, tuple[Mutation, set[str]]] = {
    "delete a relation": (_delete("relations", type="implements"), {"relations", "relations:implements"}),
    "add a relation": (_add_relation, {"relations", "relations:implements"}),
    "delete a cited document": (_delete("documents", number="1134"), {"documents"}),
    "drop a symbol": (_set("documents", "symbol", None, number="1134"), {"documents"}),
    "wrong date": (_set("documents", "date", "2022-12-30", number="1134"), set()),
    "assignment in another province": (
        _set("assignments", "agency", "Sở Nội vụ tỉnh Bắc Giang", agency="Sở Nội vụ tỉnh Quảng Ngãi"), {"assignments"}),
    "wrong amount": (_set("budget_items", "amount_vnd", 7, title="Phòng họp trực tuyến"), {"budget_items"}),
    "basis dropped": (_drop_basis, {"budget_basis"}),
    "forbidden basis cited": (_cite_forbidden, {"budget_basis"}),
    "input file issuer": (
        _set("documents", "issuer", "Sở Nội vụ tỉnh Bắc Giang", file="000_dc6b3819bf99fd98.txt"), {"input_files"}),
    "delete a finding": (_delete("findings", kind="date_conflict"), {"findings", "findings:date_conflict"}),
    "reassigned elsewhere": (
        _set("reassignment_requests", "to_agency", "Sở Tài chính tỉnh Quảng Ngãi"), {"reassignment_requests"}),
}


def _mutated(seeds: dict[str, Any], name: str) -> dict[str, Any]:
    pred = as_prediction(seeds)
    MUTATIONS[name][0](pred)
    return pred


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_perturbation_lowers_exactly_its_part(seeds: dict[str, Any], name: str) -> None:
    report = score(seeds, _mutated(seeds, name))
    assert {p.name for p in report.parts if p.f1 < 1.0} == MUTATIONS[name][1]


def test_perturbations_show_in_the_extras(seeds: dict[str, Any]) -> None:
    assert score(seeds, _mutated(seeds, "wrong date")).part("documents").extra["date_accuracy"] < 1.0
    assert score(seeds, _mutated(seeds, "forbidden basis cited")).part("budget_basis").extra["forbidden_cited"] == 1


# --------------------------------------------------------------------------- the reference scorer


@pytest.fixture(scope="module")
def referee() -> ModuleType:
    if not REFEREE.exists():
        pytest.skip(f"{REFEREE} is absent")
    spec = importlib.util.spec_from_file_location("cancu_eval_referee", REFEREE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_agrees(referee: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> None:
    theirs = referee.score(copy.deepcopy(gold), copy.deepcopy(pred))["metrics"]
    ours = score(gold, pred)
    assert [p.name for p in ours.parts] == list(theirs)
    for part in ours.parts:
        m = theirs[part.name]
        if part.name == "input_files":  # the referee reports no predicted count here
            assert (part.tp, part.n_gold) == (m["correct"], m["gold"])
            continue
        assert (part.name, part.tp, part.n_pred, part.n_gold) == (part.name, m["tp"], m["pred"], m["gold"])
        for key, value in part.extra.items():
            assert round(value, 3) == m[key], (part.name, key)


def test_abbreviations_agree_with_the_referee(referee: ModuleType) -> None:
    assert abbreviations() == referee.ABBREV


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_counts_agree_with_the_referee(seeds: dict[str, Any], referee: ModuleType, name: str) -> None:
    assert_agrees(referee, seeds, _mutated(seeds, name))


def test_counts_agree_with_the_referee_on_extremes(seeds: dict[str, Any], referee: ModuleType) -> None:
    assert_agrees(referee, seeds, as_prediction(seeds))
    assert_agrees(referee, seeds, extraction())
    reversed_pred = as_prediction(seeds)
    for key in LIST_KEYS:
        reversed_pred[key].reverse()
    assert_agrees(referee, seeds, reversed_pred)


# Random edits of the gold copy, each on the item chosen by an integer.

def _pick(pred: dict[str, Any], key: str, n: int) -> Doc | None:
    items = pred[key]
    return items[n % len(items)] if items else None


def _edit_ref(r: Any, n: int) -> None:
    if not isinstance(r, dict) or not r.get("number"):
        return
    variant = n % 5
    if variant == 0:
        r["symbol"] = (r.get("symbol") or "").replace("-", "/")
    elif variant == 1:
        r["symbol"] = (r.get("symbol") or "").replace("Đ", "Ð").replace("-", " – ").lower()
    elif variant == 2:
        r["number"] = "0" + str(r["number"])
    elif variant == 3:
        r["year"] = None
    else:
        r["year"] = (r.get("year") or 2020) + 1


def _refs_of(item: Doc) -> list[Any]:
    found = [item.get(k) for k in ("from", "to", "by", "assigned_by", "via")]
    return found + list(item.get("basis") or []) + list(item.get("documents") or [])


AGENCY_EDITS = (
    lambda a: a.replace("Ủy ban nhân dân", "UBND").replace("Sở Nội vụ", "SNV"),
    lambda a: a.replace(" tỉnh Quảng Ngãi", ""),
    lambda a: a.replace("Quảng Ngãi", "Bắc Giang"),
    lambda a: a.upper(),
    lambda a: a.split(" ", 1)[0],
    lambda a: a + " Phòng Tổ chức",
)
AGENCY_FIELDS = (("assignments", "agency"), ("assignments", "by_agency"), ("budget_items", "agency"),
                 ("reassignment_requests", "from_agency"), ("reassignment_requests", "to_agency"),
                 ("documents", "issuer"))
TEXT_FIELDS = (("assignments", "task"), ("budget_items", "title"), ("findings", "detail"), ("findings", "task"))
VALUE_EDITS: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
    ("assignments", "role", ("LEAD", "support", "monitor")),
    ("budget_items", "amount_vnd", (1, None, 100000000)),
    ("findings", "kind", ("date_conflict", "missing_basis", "unassigned_task", "future_date")),
    ("documents", "type", ("Quyết định", "kế hoạch", None)),
    ("documents", "date", ("2022-03-12", None, "2023-01-01")),
    ("relations", "type", ("based_on", "implements", "replaces")),
)


def _edit_text(text: str, n: int) -> str:
    """Keep a quarter to all of the words and replace none to all of those kept, so that
    the word overlap with the original crosses every Jaccard and containment threshold."""
    words = text.split()
    kept = words[: max(1, len(words) * (1 + n % 4) // 4)]
    replaced = len(kept) * (n // 4 % 11) // 10
    return " ".join([f"khác{i}" for i in range(replaced)] + kept[replaced:])


def _edit(pred: dict[str, Any], op: str, n: int) -> None:
    """Apply one edit of kind `op` to the item chosen by `n` (nothing when there is none)."""
    if op in ("delete", "duplicate", "ref"):
        key = LIST_KEYS[n % len(LIST_KEYS)]
        item = _pick(pred, key, n // 7)
        if item is None:
            return
        if op == "delete":
            pred[key].remove(item)
        elif op == "duplicate":
            pred[key].append(copy.deepcopy(item))
        else:
            targets = [item] if key == "documents" else _refs_of(item)
            _edit_ref(targets[n % len(targets)] if targets else None, n // 3)
    elif op == "agency":
        key, field = AGENCY_FIELDS[n % len(AGENCY_FIELDS)]
        item = _pick(pred, key, n // 7)
        if item is not None:
            item[field] = AGENCY_EDITS[n % len(AGENCY_EDITS)](item.get(field) or "Sở Nội vụ tỉnh Quảng Ngãi")
    elif op == "text":
        key, field = TEXT_FIELDS[n % len(TEXT_FIELDS)]
        item = _pick(pred, key, n // 7)
        if item is not None and isinstance(item.get(field), str):
            item[field] = _edit_text(item[field], n // 5)
    else:
        key, field, values = VALUE_EDITS[n % len(VALUE_EDITS)]
        item = _pick(pred, key, n // 7)
        if item is not None:
            item[field] = values[(n // 3) % len(values)]


EDIT_KINDS = ("delete", "duplicate", "ref", "agency", "text", "value")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDIT_KINDS),
                                st.integers(0, 10_000)), max_size=30))
def test_counts_agree_with_the_referee_on_random_edits(
        seeds: dict[str, Any], referee: ModuleType, edits: list[tuple[str, int]]) -> None:
    pred = as_prediction(seeds)
    for op, n in edits:
        _edit(pred, op, n)
    assert_agrees(referee, seeds, pred)


# --------------------------------------------------------------------------- files and text


def test_load_json_accepts_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(extraction()), encoding="utf-8")
    assert load_json(path)["documents"] == []


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    (b"\xff\xfe{", "not UTF-8"),
    ("{\"documents\": [", "not valid JSON"),
    ("[]", "expected a cancu-eval/1 JSON object, found a list"),
    ("{\"documents\": []}", r"missing key\(s\) relations, assignments"),
    (json.dumps({**extraction(), "schema": "cancu-eval/2"}), "schema 'cancu-eval/2'"),
    (json.dumps({**extraction(), "relations": {}}), "'relations' should be a list"),
    (json.dumps({**extraction(), "findings": ["x"]}), r"findings\[0\] should be an object"),
])
def test_load_json_says_what_is_wrong(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ScoreInputError, match=message) as info:
        load_json(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_format_report_aligns_parts_and_lists_misses() -> None:
    report = Report(
        (PartScore("documents", 154, 160, 158, {"date_accuracy": 0.99}),
         PartScore("reassignment_requests", 2, 3, 3, {"via_correct": 2})),
        {"documents": ["missed 458/QĐ-TTg (2020)"], "reassignment_requests": []},
    )
    lines = format_report(report, show_misses=False).splitlines()
    assert lines[0] == ("documents              P=0.96 R=0.97 F1=0.97 (154/158 gold, 160 predicted) "
                        "date_accuracy=0.99")
    assert lines[1].startswith("reassignment_requests  P=0.67 R=0.67 F1=0.67 (2/3 gold, 3 predicted) via_correct=2")
    text = format_report(report, show_misses=True)
    assert "## documents (1)\n  missed 458/QĐ-TTg (2020)" in text
    assert "## reassignment_requests" not in text
