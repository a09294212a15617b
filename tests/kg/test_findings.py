"""Tests of kg/findings.py (findings that only a batch shows) and kg/evalview.eval_view.

Hand-made extractions for the batch rules; two small reports run through the extractor
for the eval view.
"""
from __future__ import annotations

from collections import Counter

import pytest

from kg.evalview import eval_view
from kg.findings import conflicting_assignments, date_conflicts, similar_task
from kg.resolve import DocRecord, Resolver, documents
from loaders import extract_source
from loaders.model import Assignment, Citation, DocIdentity, DocKey, Evidence, Extraction, Finding, Source

# --- factories ------------------------------------------------------------------------


def key(ref: str, year: int | None = None, jurisdiction: str | None = "quang-ngai") -> DocKey:
    number, symbol = ref.split("/", 1)
    return DocKey(number, symbol, year, jurisdiction)


def ev(file: str, sentence: str = "") -> Evidence:
    return Evidence(file, 0, max(1, len(sentence)), sentence)


def lead(agency: str, task: str, *, role: str = "lead", by: DocKey | None = None, file: str = "") -> Assignment:
    return Assignment(by, None, agency, role, task, None, None, ev(file, task))


def cited(k: DocKey, file: str, date: str | None = None) -> Citation:
    return Citation(k, None, None, date, None, None, None, f"{k.number}/{k.symbol}", ev(file))


def extraction(
    name: str,
    own: DocKey | None,
    province: str | None,
    assignments: list[Assignment] = (),  # type: ignore[assignment]
    citations: list[Citation] = (),  # type: ignore[assignment]
) -> Extraction:
    source = Source(path=name, name=name, text="", format="txt")
    identity = DocIdentity(name, own, "Kế hoạch", None, None, None, province, None)
    return Extraction(source, identity, citations=list(citations), assignments=list(assignments))


def conflicts(*exs: Extraction):
    batch = list(exs)
    return conflicting_assignments(batch, Resolver(batch))


# --- similar_task ---------------------------------------------------------------------

SIMILAR_CASES = [
    ("Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức", "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức", True),
    # the same words, other diacritics, case and punctuation
    ("Số hoá hồ sơ, kết quả giải quyết TTHC", "số hóa hồ sơ kết quả giải quyết tthc", True),
    # one task restated inside a longer one (containment)
    ("Chủ trì, phối hợp với Văn phòng UBND tỉnh hướng dẫn chuẩn hóa quy trình", "hướng dẫn chuẩn hóa quy trình", True),
    ("Triển khai nền tảng trợ lý ảo phục vụ công chức, viên chức",
     "Sở Nội vụ được giao nhiệm vụ theo dõi, thúc đẩy: Triển khai nền tảng trợ lý ảo phục vụ công chức, viên chức", True),
    # a few shared words are not one task
    ("Xây dựng cơ sở dữ liệu cán bộ", "Xây dựng phần mềm quản lý văn bản", False),
    ("Nâng cấp phòng họp trực tuyến của Sở", "Bảo đảm an toàn thông tin mạng", False),
    ("", "Bảo đảm an toàn thông tin mạng", False),
    ("...", "---", False),
]


@pytest.mark.parametrize("a,b,expected", SIMILAR_CASES, ids=[f"{a[:20]}|{b[:20]}" for a, b, _ in SIMILAR_CASES])
def test_similar_task(a: str, b: str, expected: bool) -> None:
    assert similar_task(a, b) is expected
    assert similar_task(b, a) is expected


def test_similar_task_thresholds() -> None:
    a, b = "Xây dựng cơ sở dữ liệu cán bộ", "Xây dựng cơ sở dữ liệu viên chức"
    # 6 shared words of 10 in all, 6 of 8 in the shorter
    assert similar_task(a, b, jaccard=0.6, contain=1.0)
    assert not similar_task(a, b, jaccard=0.7, contain=0.8)
    assert similar_task(a, b, jaccard=0.7, contain=0.75)


# --- conflicting_assignments ----------------------------------------------------------

TASK = "Triển khai nền tảng trợ lý ảo phục vụ công chức, viên chức"
KH189 = key("189/KH-UBND", 2022)
QD03 = key("3/QĐ-BCĐ", 2023)


def test_same_task_two_leads_two_documents_one_province() -> None:
    a = extraction("a.txt", KH189, "Quảng Ngãi", [lead("Văn phòng UBND tỉnh Quảng Ngãi", TASK, file="a.txt")])
    b = extraction("b.txt", QD03, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK + " trong năm 2023", file="b.txt")])
    (f,) = conflicts(a, b)
    assert (f.kind, f.subjects, f.task) == ("conflicting_assignment", (KH189, QD03), TASK)
    assert "Văn phòng UBND tỉnh Quảng Ngãi" in f.detail and "Sở Nội vụ tỉnh Quảng Ngãi" in f.detail
    assert "189/KH-UBND (2022)" in f.detail and "3/QĐ-BCĐ (2023)" in f.detail
    assert f.evidence is not None and f.evidence.file == "b.txt"


def test_a_report_restating_a_task_speaks_for_the_document_that_gave_it() -> None:
    report = extraction("bc.txt", key("224/BC-SNV", 2023), "Quảng Ngãi",
                        [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK, by=QD03, file="bc.txt")])
    plan = extraction("kh.txt", KH189, "Quảng Ngãi", [lead("Văn phòng UBND tỉnh Quảng Ngãi", TASK, file="kh.txt")])
    (f,) = conflicts(report, plan)
    assert set(f.subjects) == {QD03, KH189}


NO_CONFLICT_CASES = {
    "two provinces": (
        extraction("a.txt", key("189/KH-UBND", 2022, "quang-ngai"), "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK)]),
        extraction("b.txt", key("35/KH-UBND", 2024, "bac-giang"), "Bắc Giang", [lead("Văn phòng UBND tỉnh Bắc Giang", TASK)]),
    ),
    "one document": (
        extraction("a.txt", KH189, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK),
                                                   lead("Văn phòng UBND tỉnh Quảng Ngãi", TASK)]),
    ),
    "one document in two files": (
        extraction("a.txt", KH189, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK)]),
        extraction("b.txt", None, "Quảng Ngãi", [lead("Văn phòng UBND tỉnh Quảng Ngãi", TASK, by=KH189)]),
    ),
    "one agency": (
        extraction("a.txt", KH189, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK)]),
        extraction("b.txt", QD03, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK)]),
    ),
    "support is no lead": (
        extraction("a.txt", KH189, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK)]),
        extraction("b.txt", QD03, "Quảng Ngãi", [lead("Sở Thông tin và Truyền thông tỉnh Quảng Ngãi", TASK, role="support")]),
    ),
    # "Chuyển đổi số" folds to the head word of "Sở"
    "two units of one department": (
        extraction("a.txt", KH189, "Quảng Ngãi", [lead("Phòng Chuyển đổi số - Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", TASK)]),
        extraction("b.txt", QD03, "Quảng Ngãi", [lead("Văn phòng Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", TASK)]),
    ),
    "other tasks": (
        extraction("a.txt", KH189, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK)]),
        extraction("b.txt", QD03, "Quảng Ngãi", [lead("Văn phòng UBND tỉnh Quảng Ngãi", "Bảo đảm an toàn thông tin mạng")]),
    ),
}


@pytest.mark.parametrize("batch", NO_CONFLICT_CASES.values(), ids=NO_CONFLICT_CASES.keys())
def test_no_conflict(batch: tuple[Extraction, ...]) -> None:
    assert conflicts(*batch) == []


def test_files_without_a_number_are_told_apart_by_name() -> None:
    a = extraction("000.txt", DocKey(None, None, 2023, "quang-ngai"), "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", TASK)])
    b = extraction("004.txt", DocKey(None, "BC-BDT", 2023, "quang-ngai"), "Quảng Ngãi", [lead("Ban Dân tộc tỉnh Quảng Ngãi", TASK)])
    (f,) = conflicts(a, b)
    assert f.subjects == ()
    assert "000.txt" in f.detail and "004.txt" in f.detail


def test_one_finding_per_pair_of_documents() -> None:
    tasks = [TASK, "Triển khai nền tảng trợ lý ảo cho công chức, viên chức"]
    a = extraction("a.txt", KH189, "Quảng Ngãi", [lead("Sở Nội vụ tỉnh Quảng Ngãi", t) for t in tasks])
    b = extraction("b.txt", QD03, "Quảng Ngãi", [lead("Văn phòng UBND tỉnh Quảng Ngãi", t) for t in tasks])
    assert len(conflicts(a, b)) == 1


# --- date_conflicts -------------------------------------------------------------------


def record(k: DocKey, *dates: str) -> DocRecord:
    return DocRecord(k, dates=Counter(dates))


DATE_CASES = [
    (record(key("61/KH-UBND", 2019), "2019-04-10", "2019-04-14", "2019-04-10"), "cited as 10/4/2019 and 14/4/2019"),
    (record(key("61/KH-UBND", 2019), "2019-04-10", "2019-04-10"), None),
    (record(key("61/KH-UBND", 2019)), None),
    # a file without a number is no cited document
    (record(DocKey(None, "KH-SNV", 2024, "bac-giang"), "2024-02-01", "2024-02-20"), None),
]


@pytest.mark.parametrize("rec,detail", DATE_CASES, ids=["two dates", "one date twice", "no date", "no number"])
def test_date_conflicts(rec: DocRecord, detail: str | None) -> None:
    found = date_conflicts({("k",): rec})
    assert [(f.kind, f.subjects, f.detail) for f in found] == ([("date_conflict", (rec.key,), detail)] if detail else [])


def test_date_conflict_across_files() -> None:
    k = key("61/KH-UBND", 2019)
    a = extraction("001.txt", None, "Quảng Ngãi", citations=[cited(k, "001.txt", "2019-04-10")])
    b = extraction("003.txt", None, "Quảng Ngãi", citations=[cited(DocKey("61", "KH-UBND", None, "quang-ngai"), "003.txt", "2019-04-14")])
    batch = [a, b]
    docs = documents(batch, Resolver(batch))
    assert len(docs) == 1
    (f,) = date_conflicts(docs)
    assert f.detail == "cited as 10/4/2019 and 14/4/2019"


# --- eval_view ------------------------------------------------------------------------

REPORT_A = """Số: 224/BC-SNV\tQuảng Ngãi, ngày 15 tháng 9 năm 2023

BÁO CÁO
Kết quả thực hiện công tác lưu trữ điện tử

Sở Nội vụ đã triển khai Kế hoạch số 154/KH-UBND ngày 24/12/2020 của Chủ tịch UBND tỉnh Quảng Ngãi về thực hiện Quyết định số 458/QĐ/TTg ngày 03/4/2020 của Thủ tướng Chính phủ phê duyệt Đề án “Lưu trữ tài liệu điện tử của các cơ quan nhà nước giai đoạn 2020 - 2025”.
"""
REPORT_B = """Số: 05/BC-BDT\tQuảng Ngãi, ngày 20 tháng 11 năm 2023

BÁO CÁO
Kết quả triển khai công tác Chuyển đổi số năm 2023

Ban Dân tộc tỉnh đã thực hiện Kế hoạch số 154/KH-UBND của Chủ tịch UBND tỉnh về thực hiện Quyết định số 458/QĐ-TTg ngày 03/4/2020 của Thủ tướng Chính phủ.
"""


@pytest.fixture(scope="module")
def view() -> dict:
    exs = [extract_source(Source(path=n, name=n, text=t, format="txt")) for n, t in (("a.txt", REPORT_A), ("b.txt", REPORT_B))]
    return eval_view(exs)


def test_eval_view_one_document_per_key(view: dict) -> None:
    keys = [(d["number"], d["symbol"], d["year"]) for d in view["documents"]]
    assert len(keys) == len(set(keys))
    assert set(keys) == {("224", "BC-SNV", 2023), ("5", "BC-BDT", 2023), ("154", "KH-UBND", 2020), ("458", "QĐ-TTg", 2020)}
    docs = {d["number"]: d for d in view["documents"]}
    # b.txt cites 154 without a date: it is the 154 of 2020 that a.txt dates
    assert (docs["154"]["date"], docs["154"]["issuer"], docs["154"]["jurisdiction"]) == ("2020-12-24", "UBND tỉnh Quảng Ngãi", "quang-ngai")
    assert sorted(docs["154"]["cited_in"]) == ["a.txt", "b.txt"]
    assert sorted(docs["458"]["cited_in"]) == ["a.txt", "b.txt"]
    assert docs["458"]["jurisdiction"] == "VN" and docs["458"]["type"] == "Quyết định"
    assert (docs["224"]["file"], docs["5"]["file"]) == ("a.txt", "b.txt")


def test_eval_view_dedupes_relations(view: dict) -> None:
    rels = [(r["type"], r["from"], r["to"]) for r in view["relations"]]
    assert rels == [("implements", {"number": "154", "symbol": "KH-UBND", "year": 2020},
                     {"number": "458", "symbol": "QĐ-TTg", "year": 2020})]


def test_eval_view_shape(view: dict) -> None:
    assert view["schema"] == "cancu-eval/1"
    assert view["corpus"] == ["a.txt", "b.txt"]
    assert {"documents", "relations", "assignments", "reassignment_requests", "budget_items", "findings"} <= set(view)
    (malformed,) = [f for f in view["findings"] if f["kind"] == "malformed_symbol"]
    assert malformed["documents"] == [{"number": "458", "symbol": "QĐ-TTg", "year": 2020}]
    assert malformed["file"] == "a.txt"


def test_eval_view_lists_a_fault_of_a_cited_document_once() -> None:
    """Three files write one decree's symbol wrongly, two of them the same way: one finding
    names every file and each way it was written; a fault of each file's own stays per file."""
    k = key("47/NĐ-CP", 2020, "VN")
    exs = []
    for name, written in (("a.txt", "47/2020/NĐ- CP"), ("b.txt", "47/2020/NĐ –CP"), ("c.txt", "47/2020/NĐ- CP")):
        ex = extraction(name, None, "Quảng Ngãi", citations=[cited(k, name)])
        ex.findings = [Finding("malformed_symbol", (k,), f"written '{written}'", evidence=ev(name)),
                       Finding("future_date", (k,), f"cited in {name} after it was written", evidence=ev(name))]
        exs.append(ex)
    view = eval_view(exs)
    (malformed,) = [f for f in view["findings"] if f["kind"] == "malformed_symbol"]
    assert malformed["documents"] == [{"number": "47", "symbol": "NĐ-CP", "year": 2020}]
    assert malformed["detail"] == "written '47/2020/NĐ- CP'; written '47/2020/NĐ –CP'"
    assert (malformed["file"], malformed["files"]) == ("a.txt", ["a.txt", "b.txt", "c.txt"])
    assert [f["file"] for f in view["findings"] if f["kind"] == "future_date"] == ["a.txt", "b.txt", "c.txt"]


def test_eval_view_batch_findings_are_added_once() -> None:
    k = key("61/KH-UBND", 2019)
    a = extraction("001.txt", key("1/BC-VP", 2022), "Quảng Ngãi", citations=[cited(k, "001.txt", "2019-04-10")])
    b = extraction("003.txt", key("224/BC-UBND", 2022), "Quảng Ngãi",
                   citations=[cited(k, "003.txt", "2019-04-14"), cited(k, "003.txt", "2019-04-14")])
    view = eval_view([a, b])
    found = [f for f in view["findings"] if f["kind"] == "date_conflict"]
    assert found == [{"kind": "date_conflict", "documents": [{"number": "61", "symbol": "KH-UBND", "year": 2019}],
                      "detail": "cited as 10/4/2019 and 14/4/2019"}]
    (doc,) = [d for d in view["documents"] if d["number"] == "61"]
    assert doc["dates"] == ["2019-04-10", "2019-04-14"] and doc["date"] == "2019-04-14"
