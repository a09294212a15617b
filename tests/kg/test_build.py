"""Tests of identity (kg/iri.py, kg/tasks.py) and of one file's graph (kg/build.py).

Tables of real Vietnamese names and task sentences, hand-made extractions for the shape
of the graph, and the five seed documents for what the rules do on real text.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from rdflib import ORG, PROV, RDF, SKOS, Literal, URIRef

from kg.build import XSD_DATE, XSD_DATETIME, build_graph
from kg.iri import (
    IdentityError,
    agency_chain,
    agency_iri,
    agency_name,
    doc_iri,
    file_doc_iri,
    graph_iri,
    jurisdiction_iri,
    parent_agency,
    task_iri,
)
from kg.namespace import CANCU
from kg.resolve import Resolver
from kg.tasks import strip_task, task_key
from loaders import extract_source, read_source
from loaders.model import (
    Assignment,
    BudgetItem,
    Citation,
    DocIdentity,
    DocKey,
    Evidence,
    Extraction,
    Finding,
    ReassignmentRequest,
    Relation,
    Source,
)

SEEDS = sorted((Path(__file__).parents[1] / "corpus" / "seeds").glob("*.txt"))
WHEN = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)

# --- factories ------------------------------------------------------------------------


def key(ref: str, year: int | None, jurisdiction: str | None = "quang-ngai") -> DocKey:
    number, symbol = ref.split("/", 1)
    return DocKey(number, symbol, year, jurisdiction)


def ev(start: int = 0, sentence: str = "…", file: str = "plan.txt") -> Evidence:
    return Evidence(file, start, start + max(1, len(sentence)), sentence)


def extraction(name: str = "plan.txt", own: DocKey | None = None, **facts) -> Extraction:
    identity = DocIdentity(name, own, "Kế hoạch", "UBND tỉnh Quảng Ngãi", "2022-12-09", "Quảng Ngãi", "Quảng Ngãi",
                           "Chuyển đổi số tỉnh Quảng Ngãi năm 2023", ev(0, "KẾ HOẠCH", name))
    return Extraction(Source(f"docs/{name}", name, "", "txt"), identity, **facts)


def build(ex: Extraction, **kw):
    return build_graph(ex, path=ex.source.path, content_hash="ab" * 32, generated_at=WHEN, **kw)


# --- document IRIs ----------------------------------------------------------------------

DOC_CASES = [
    # (one key, another, same node?)
    (key("189/KH-UBND", 2022), key("189/KH-UBND", 2022, "bac-giang"), False),  # two provinces' plans
    (key("906/QĐ-UBND", 2022), key("906/QĐ-UBND", 2023), False),  # local numbers restart every year
    (key("458/QĐ/TTg", 2020, "VN"), key("458/QĐ-TTg", 2020, "VN"), True),  # a malformed symbol, one decision
    (key("19/CT/TU", 2022), key("19/CT-TU", 2022), True),
    (key("5/TB-BCĐ", 2022), key("5/TB-BCÐ", 2022), True),  # Icelandic eth for Đ
    (key("61/KH-UBND", None), key("61/KH-UBND", 2019), False),  # unresolved: its own node until resolved
    (key("189/KH-UBND", 2022), key("189/SNV-VP", 2022), False),
]


@pytest.mark.parametrize(("a", "b", "same"), DOC_CASES)
def test_doc_iri_identity(a, b, same):
    assert (doc_iri(a) == doc_iri(b)) is same


DOC_IRIS = [
    (key("189/KH-UBND", 2022), "doc/quang-ngai/kh-ubnd/2022/189"),
    (key("85/NĐ-CP", 2016, "VN"), "doc/vn/nd-cp/2016/85"),
    (key("876/STTTT-BCVT&CNTT", 2022), "doc/quang-ngai/stttt-bcvt-cntt/2022/876"),
    (key("19/CT/TU", None, None), "doc/unknown/ct-tu/nd/19"),
]


@pytest.mark.parametrize(("k", "path"), DOC_IRIS)
def test_doc_iri_is_readable(k, path):
    assert doc_iri(k) == URIRef("https://cancu.org/id/" + path)


def test_doc_iri_needs_a_number():
    with pytest.raises(IdentityError, match="needs a number"):
        doc_iri(DocKey(None, "KH-SNV", 2024, "bac-giang"))


def test_file_doc_iri_follows_the_content():
    a = file_doc_iri("000_dc6b3819bf99fd98.txt", "9f86d081884c7d659a2feaa0c55ad015")
    assert a == URIRef("https://cancu.org/id/doc/file/000-dc6b3819bf99fd98-9f86d081884c7d65")
    assert a == file_doc_iri("000_dc6b3819bf99fd98.txt", "sha256:9f86d081884c7d659a2feaa0c55ad015")
    assert a != file_doc_iri("000_dc6b3819bf99fd98.txt", "0" * 32)


def test_graph_iri_follows_the_resolved_path_not_the_content(tmp_path):
    f = tmp_path / "kh-189.txt"
    assert graph_iri(f) == graph_iri(str(tmp_path / "." / "kh-189.txt")) == graph_iri(str(f))
    assert graph_iri(f) != graph_iri(tmp_path / "kh-190.txt")
    assert str(graph_iri(f)).startswith("https://cancu.org/id/graph/kh-189-")


def test_jurisdiction_iri():
    assert jurisdiction_iri("VN") == URIRef("https://cancu.org/id/jurisdiction/vn")
    assert jurisdiction_iri("quang-ngai") == URIRef("https://cancu.org/id/jurisdiction/quang-ngai")


# --- agencies -------------------------------------------------------------------------

AGENCY_IRIS = [
    ("Sở Nội vụ tỉnh Quảng Ngãi", "quang-ngai/so-noi-vu"),
    ("Sở Nội vụ tỉnh Bắc Giang", "bac-giang/so-noi-vu"),
    ("Văn phòng Sở Nội vụ tỉnh Bắc Giang", "bac-giang/van-phong-so-noi-vu"),
    ("Phòng Công chức, viên chức - Sở Nội vụ tỉnh Bắc Giang", "bac-giang/phong-cong-chuc-vien-chuc-so-noi-vu"),
    ("UBND huyện, thành phố tỉnh Quảng Ngãi", "quang-ngai/ubnd-huyen-thanh-pho"),
    ("Đài Phát thanh và Truyền hình Quảng Ngãi", "quang-ngai/dai-phat-thanh-va-truyen-hinh"),
    ("Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu", "ba-ria-vung-tau/so-noi-vu"),
    ("Bộ Nội vụ", "vn/bo-noi-vu"),
    ("Đài Tiếng nói Việt Nam", "vn/dai-tieng-noi-viet-nam"),
]


@pytest.mark.parametrize(("name", "path"), AGENCY_IRIS)
def test_agency_iri(name, path):
    assert agency_iri(name) == URIRef("https://cancu.org/id/agency/" + path)


SAME_AGENCY = [
    ("VPUB tỉnh Quảng Ngãi", "Văn phòng UBND tỉnh Quảng Ngãi"),
    ("Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi", "Văn phòng UBND tỉnh Quảng Ngãi"),
    ("Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),
    ("Chủ tịch UBND tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),  # signs for the committee
    ("Sở TTTT tỉnh Quảng Ngãi", "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"),
    ("Sở Nội vụ Quảng Ngãi", "Sở Nội vụ tỉnh Quảng Ngãi"),
]


@pytest.mark.parametrize(("a", "b"), SAME_AGENCY)
def test_spellings_of_one_agency_are_one_node_with_its_gazetteer_name(a, b):
    assert agency_iri(a) == agency_iri(b)
    assert agency_name(a) == agency_name(b)


DIFFERENT_AGENCY = [
    ("Sở Nội vụ tỉnh Quảng Ngãi", "Sở Nội vụ tỉnh Bắc Giang"),
    ("Văn phòng Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang"),
    ("Văn phòng UBND tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),
    ("Bộ Công an", "Công an tỉnh Quảng Ngãi"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_AGENCY)
def test_different_agencies_are_different_nodes(a, b):
    assert agency_iri(a) != agency_iri(b)


PARENTS = [
    ("Văn phòng Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang"),
    ("Phòng Công chức, viên chức - Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang"),
    ("Trung tâm lưu trữ lịch sử - Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang"),
    ("Ban Tôn giáo - Sở Nội vụ tỉnh Quảng Ngãi", "Sở Nội vụ tỉnh Quảng Ngãi"),
    ("phòng CCVC Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang"),
    ("Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang"),
    ("Phòng Kế hoạch - Tài chính - Sở Y tế tỉnh Quảng Ngãi", "Sở Y tế tỉnh Quảng Ngãi"),
    ("Văn phòng Bộ Nội vụ", "Bộ Nội vụ"),
    # not sub-units: bodies in their own right, a dash inside a name, a phrase that is no body
    ("Sở Nội vụ tỉnh Quảng Ngãi", None),
    ("Văn phòng UBND tỉnh Quảng Ngãi", None),
    ("Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Ngãi", None),
    ("Phòng Hành chính - Tổng hợp", None),
    ("Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu", None),
    ("Thanh tra Sở", None),
    ("các phòng thuộc Sở có thủ tục hành chính tỉnh Bắc Giang", None),
]


@pytest.mark.parametrize(("name", "parent"), PARENTS)
def test_parent_agency(name, parent):
    assert parent_agency(name) == parent


def test_agency_chain_climbs_to_the_top():
    assert agency_chain("Phòng Công chức, viên chức - Văn phòng Sở Nội vụ tỉnh Bắc Giang") == [
        "Phòng Công chức, viên chức - Văn phòng Sở Nội vụ tỉnh Bắc Giang",
        "Văn phòng Sở Nội vụ tỉnh Bắc Giang",
        "Sở Nội vụ tỉnh Bắc Giang",
    ]


# --- tasks ----------------------------------------------------------------------------

KH169 = doc_iri(key("169/KH-UBND", 2021))
KH189 = doc_iri(key("189/KH-UBND", 2022))
BG324 = doc_iri(key("324/KH-UBND", 2021, "bac-giang"))
TASK_169 = ("Chủ trì, phối hợp với Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông hướng dẫn các sở, ban, ngành, "
            "địa phương thực hiện chuẩn hóa, tái cấu trúc quy trình, nghiệp vụ cải cách thủ tục hành chính")
TASK_189 = ("hướng dẫn các sở, ban, ngành, địa phương thực hiện chuẩn hóa, tái cấu trúc quy trình, "
            "nghiệp vụ cải cách thủ tục hành chính")


def test_the_seed_task_stated_with_and_without_its_role_clause_is_one_task():
    assert task_iri(TASK_169, KH169) == task_iri(TASK_189, KH189)


SAME_TASK = [
    # a restatement: role clause, list marker, case and punctuation, a typed-twice phrase, a trailing clause
    (TASK_169, "1. Hướng dẫn các sở, ban, ngành, địa phương thực hiện thực hiện chuẩn hóa, tái cấu trúc quy trình, "
               "nghiệp vụ cải cách thủ tục hành chính"),
    ("Chủ trì xây dựng Kho dữ liệu số của tỉnh", "- Xây dựng kho dữ liệu số của tỉnh"),
    ("Phối hợp triển khai nhân rộng Hệ thống thông tin phục vụ họp và xử lý công việc",
     "Triển khai nhân rộng Hệ thống thông tin phục vụ họp và xử lý công việc"),
    ("Chủ trì, phối hợp với Sở Xây dựng triển khai hạ tầng dữ liệu không gian địa lý của tỉnh",
     "triển khai hạ tầng dữ liệu không gian địa lý của tỉnh"),  # "Xây dựng" in the agency's name is no verb
    ("Trên 10% hoạt động kiểm tra hành chính định kỳ của cơ quan quản lý nhà nước đối với đối tượng quản lý được "
     "thực hiện thông qua môi trường số và hệ thống thông tin",
     "Trên 10% hoạt động kiểm tra hành chính định kỳ của cơ quan quản lý nhà nước đối với đối tượng quản lý được "
     "thực hiện thông qua môi trường số và hệ thống thông tin của cơ quan quản lý; Tổ chức khảo sát"),
]


@pytest.mark.parametrize(("a", "b"), SAME_TASK)
def test_restatements_are_one_task(a, b):
    assert task_key(a) == task_key(b)
    assert task_iri(a, KH169) == task_iri(b, KH189)


DIFFERENT_TASK = [
    # the same opening, another object
    (TASK_189, "hướng dẫn các sở, ban, ngành, địa phương thực hiện chế độ báo cáo định kỳ trên Hệ thống thông tin báo cáo"),
    # the same indicator, another target
    ("Tỷ lệ hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng đạt trên 95%",
     "Tỷ lệ hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng đạt trên 90%"),
    # one word of difference in the object
    ("Tiếp tục duy trì, nâng cấp Hệ thống phần mềm quản lý dữ liệu khen thưởng tỉnh",
     "Tiếp tục duy trì, nâng cấp Hệ thống phần mềm quản lý dữ liệu cán bộ tỉnh"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_TASK)
def test_near_misses_stay_apart(a, b):
    assert task_iri(a, KH169) != task_iri(b, KH189)


def test_the_same_words_in_two_provinces_are_two_tasks():
    assert task_iri(TASK_189, KH189) != task_iri(TASK_189, BG324)


def test_a_heading_is_a_task_of_its_document_only():
    # too short to name one task across plans: "An toàn thông tin mạng" is another task in every plan
    assert task_iri("An toàn thông tin mạng", KH169) != task_iri("An toàn thông tin mạng", KH189)
    assert task_iri("An toàn thông tin mạng", KH169) == task_iri("2. An toàn thông tin mạng", KH169)


@pytest.mark.parametrize("text", [
    "Báo cáo kết quả thực hiện các nhiệm vụ được giao về Sở Nội vụ trước ngày 15 tháng 12 hằng năm",
    "Theo dõi, hướng dẫn, kiểm tra, đôn đốc việc triển khai thực hiện Kế hoạch này trên địa bàn tỉnh",
])
def test_a_task_that_points_at_its_own_document_is_a_task_of_that_document_only(text: str):
    # the same words ask for different work in every plan that states them
    assert task_iri(text, KH169) != task_iri(text, KH189)
    assert task_iri(text, KH169) == task_iri("1. " + text, KH169)


def test_a_role_clause_without_a_verb_is_kept():
    text = "Chủ trì, phối hợp với Sở Tài chính"
    assert strip_task(text) == text


def test_task_iri_is_readable():
    iri = str(task_iri(TASK_189, KH189))
    assert iri.startswith("https://cancu.org/id/task/quang-ngai/huong-dan-so-ban-nganh-dia-")


# --- one file's graph ---------------------------------------------------------------------

OWN = key("189/KH-UBND", 2022)
CITED = key("169/KH-UBND", 2021)


def sample() -> Extraction:
    s = "Thực hiện Kế hoạch số 169/KH-UBND ngày 25/11/2021 của UBND tỉnh."
    return extraction(
        own=OWN,
        citations=[Citation(CITED, "Kế hoạch", "Kế hoạch", "2021-11-25", "UBND tỉnh Quảng Ngãi", "Chuyển đổi số năm 2022",
                            None, "169/KH-UBND", ev(10, s))],
        relations=[Relation("implements", OWN, CITED, ev(10, s))],
        assignments=[
            Assignment(None, "UBND tỉnh Quảng Ngãi", "Văn phòng Sở Nội vụ tỉnh Bắc Giang", "lead", TASK_169, "Quý IV/2023",
                       None, ev(200, TASK_169)),
            Assignment(CITED, None, "Sở Nội vụ tỉnh Quảng Ngãi", "lead", TASK_169, None, "đang thực hiện", ev(400, TASK_169)),
        ],
        reassignments=[ReassignmentRequest("Sở Nội vụ tỉnh Quảng Ngãi", TASK_189, CITED, "Sở Nội vụ tỉnh Quảng Ngãi",
                                           "Văn phòng UBND tỉnh Quảng Ngãi", None, "phù hợp chức năng", ev(600, "đề nghị"))],
        budget_items=[BudgetItem("Sở Nội vụ tỉnh Quảng Ngãi", "Phòng họp trực tuyến", "request", 700_000_000,
                                 ((2024, 400_000_000), (2025, 300_000_000)), "ngân sách tỉnh", None, (CITED,),
                                 ev(800, "700 triệu đồng"))],
        findings=[Finding("type_mismatch", (CITED,), "called 'Quyết định' but its symbol says KH", evidence=ev(10, s)),
                  Finding("unassigned_task", (None,), "table row 3 has no unit in charge", task="Số hóa hồ sơ",
                          evidence=ev(900, "Số hóa hồ sơ"))],
    )


@pytest.fixture(scope="module")
def built():
    graph, triples = build(sample())
    return graph, set(triples)


def test_the_files_graph_is_named_from_its_path(built):
    graph, _ = built
    assert graph == graph_iri("docs/plan.txt")


def test_the_files_document_carries_its_header_and_provenance(built):
    _, t = built
    me = doc_iri(OWN)
    for p, o in [
        (RDF.type, CANCU.LegalDocument), (CANCU.number, Literal("189")), (CANCU.symbol, Literal("KH-UBND")),
        (CANCU.year, Literal(2022)), (CANCU.jurisdiction, jurisdiction_iri("quang-ngai")),
        (CANCU.documentType, CANCU.KeHoach), (CANCU.dateDocument, Literal("2022-12-09", datatype=XSD_DATE)),
        (CANCU.passedBy, agency_iri("UBND tỉnh Quảng Ngãi")), (CANCU.sourceFile, Literal("plan.txt")),
        (CANCU.contentHash, Literal("ab" * 32)), (CANCU.province, jurisdiction_iri("quang-ngai")),
        (PROV.generatedAtTime, Literal(WHEN.isoformat(), datatype=XSD_DATETIME)),
    ]:
        assert (me, p, o) in t, (p, o)
    assert any(s == me and p == CANCU.extractorVersion for s, p, _ in t)


def _one(t: set, s=None, p=None, o=None):
    found = [x for x in t if (s is None or x[0] == s) and (p is None or x[1] == p) and (o is None or x[2] == o)]
    assert len(found) == 1, found
    return found[0]


def test_a_citation_keeps_what_the_file_says_of_the_cited_document(built):
    graph, t = built
    cited = doc_iri(CITED)
    citation = _one(t, p=CANCU.citedDocument, o=cited)[0]
    assert (citation, CANCU.citedDate, Literal("2021-11-25", datatype=XSD_DATE)) in t
    assert (citation, CANCU.citedIssuer, agency_iri("UBND tỉnh Quảng Ngãi")) in t
    assert (citation, CANCU.statedIn, doc_iri(OWN)) in t
    assert (doc_iri(OWN), CANCU.cites, cited) in t
    # the claims of a citation are not the document's own: only its key and type are
    assert not any(s == cited and p in (CANCU.dateDocument, CANCU.title, CANCU.passedBy) for s, p, _ in t)
    assert (cited, CANCU.documentType, CANCU.KeHoach) in t
    # ... and what the citation says is also stated as "as cited" on the document, for the union to list once
    assert (cited, CANCU.dateAsCited, Literal("2021-11-25", datatype=XSD_DATE)) in t
    assert (cited, CANCU.issuerAsCited, agency_iri("UBND tỉnh Quảng Ngãi")) in t
    ev_node = _one(t, s=citation, p=PROV.wasDerivedFrom)[2]
    assert (ev_node, RDF.type, CANCU.Evidence) in t
    assert (ev_node, CANCU.start, Literal(10)) in t
    assert str(ev_node).startswith(str(graph))


def test_a_relation_is_stated_and_reified_with_its_evidence(built):
    _, t = built
    assert (doc_iri(OWN), CANCU.implements, doc_iri(CITED)) in t
    st = _one(t, p=RDF.type, o=CANCU.RelationStatement)[0]
    assert {(p, o) for s, p, o in t if s == st} >= {
        (RDF.subject, doc_iri(OWN)), (RDF.predicate, CANCU.implements), (RDF.object, doc_iri(CITED))}
    assert any(s == st and p == PROV.wasDerivedFrom for s, p, _ in t)


def test_assignments_point_at_task_agency_role_and_issuing_document(built):
    _, t = built
    nodes = sorted(s for s, p, o in t if p == RDF.type and o == CANCU.Assignment)
    assert len(nodes) == 2
    first, second = nodes
    assert (doc_iri(OWN), CANCU.assigns, first) in t  # by_doc None: the file's own document
    assert (doc_iri(CITED), CANCU.assigns, second) in t
    assert (first, CANCU.role, CANCU.Lead) in t
    assert (first, CANCU.assignedTo, agency_iri("Văn phòng Sở Nội vụ tỉnh Bắc Giang")) in t
    assert (first, CANCU.deadline, Literal("Quý IV/2023")) in t
    assert (second, CANCU.status, Literal("đang thực hiện")) in t
    # one task however the two documents word it, every wording kept
    task = _one(t, s=first, p=CANCU.task)[2]
    assert (second, CANCU.task, task) in t
    assert (task, CANCU.wording, Literal(TASK_169)) in t
    # the chain assigns / task stated directly, for a task's trace to read
    assert {s for s, p, o in t if p == CANCU.givesTask and o == task} == {doc_iri(OWN), doc_iri(CITED)}


def test_a_sub_unit_is_linked_to_its_parent_and_province(built):
    _, t = built
    unit, parent = agency_iri("Văn phòng Sở Nội vụ tỉnh Bắc Giang"), agency_iri("Sở Nội vụ tỉnh Bắc Giang")
    assert (unit, ORG.subOrganizationOf, parent) in t
    assert (parent, RDF.type, CANCU.Agency) in t
    assert (parent, SKOS.prefLabel, Literal("Sở Nội vụ tỉnh Bắc Giang", lang="vi")) in t
    assert (unit, CANCU.province, jurisdiction_iri("bac-giang")) in t
    assert (jurisdiction_iri("bac-giang"), RDF.type, CANCU.Province) in t


def test_a_reassignment_request_is_linked_to_the_assignment_it_would_move(built):
    _, t = built
    request = _one(t, p=RDF.type, o=CANCU.ReassignmentRequest)[0]
    assert (request, CANCU.via, doc_iri(OWN)) in t  # via None: the file itself
    assert (request, CANCU.assignedBy, doc_iri(CITED)) in t
    assert (request, CANCU.toAgency, agency_iri("Văn phòng UBND tỉnh Quảng Ngãi")) in t
    moved = _one(t, p=CANCU.reassignmentRequested, o=request)[0]
    assert (doc_iri(CITED), CANCU.assigns, moved) in t
    task = _one(t, s=request, p=CANCU.task)[2]
    assert _one(t, p=CANCU.moveRequested, o=request) == (task, CANCU.moveRequested, request)


def test_a_budget_item_keeps_its_amounts_by_year_and_its_basis(built):
    _, t = built
    item = _one(t, p=RDF.type, o=CANCU.BudgetRequest)[0]
    assert (item, CANCU.amountVnd, Literal(700_000_000)) in t
    assert (item, CANCU.basis, doc_iri(CITED)) in t
    years = {o for s, p, o in t if s == item and p == CANCU.yearAmount}
    assert {(y, a) for y in years for s, p, a in t if s == y and p == CANCU.amountVnd} == {
        (URIRef(f"{item}/year/2024"), Literal(400_000_000)), (URIRef(f"{item}/year/2025"), Literal(300_000_000))}


def test_findings_name_their_kind_documents_and_task(built):
    _, t = built
    kinds = {o for s, p, o in t if p == CANCU.findingKind}
    assert kinds == {CANCU.TypeMismatch, CANCU.UnassignedTask}
    unassigned = _one(t, p=CANCU.findingKind, o=CANCU.UnassignedTask)[0]
    assert (unassigned, CANCU.subject, doc_iri(OWN)) in t
    assert (unassigned, CANCU.taskText, Literal("Số hóa hồ sơ")) in t


def test_building_twice_gives_the_same_triples():
    assert build(sample()) == build(sample())


def test_a_file_without_a_number_is_its_own_document_node():
    ex = extraction("report.txt", own=DocKey(None, "BC-VP", 2022, "quang-ngai"))
    graph, triples = build(ex)
    me = file_doc_iri("report.txt", "ab" * 32)
    assert (me, CANCU.sourceFile, Literal("report.txt")) in triples
    assert (me, CANCU.symbol, Literal("BC-VP")) in triples
    assert not any(s == me and p == CANCU.number for s, p, _ in triples)


def test_the_resolver_completes_keys_before_iris_are_minted():
    dated = extraction("a.txt", own=key("1/KH-SNV", 2023), citations=[
        Citation(key("61/KH-UBND", 2019), None, "Kế hoạch", "2019-04-10", None, None, None, "61/KH-UBND", ev(5))])
    undated = extraction("b.txt", own=key("2/KH-SNV", 2023), citations=[
        Citation(key("61/KH-UBND", None), "Kế hoạch", "Kế hoạch", None, None, None, None, "61/KH-UBND", ev(5))])
    _, triples = build(undated, resolve=Resolver([dated, undated]))
    assert (doc_iri(key("2/KH-SNV", 2023)), CANCU.cites, doc_iri(key("61/KH-UBND", 2019))) in triples
    _, triples = build(undated)
    assert (doc_iri(key("2/KH-SNV", 2023)), CANCU.cites, doc_iri(key("61/KH-UBND", None))) in triples


def test_two_provinces_same_numbered_plans_are_two_nodes():
    qn = extraction("qn.txt", own=key("189/KH-UBND", 2022, "quang-ngai"))
    bg = extraction("bg.txt", own=key("189/KH-UBND", 2022, "bac-giang"))
    subjects = [{s for s, p, o in build(ex)[1] if p == CANCU.sourceFile} for ex in (qn, bg)]
    assert subjects[0] != subjects[1]


# --- the seed documents ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_graphs():
    exs = [extract_source(read_source(p)) for p in SEEDS]
    resolve = Resolver(exs)
    return {p.name: build_graph(ex, path=str(p), content_hash=hashlib.sha256(p.read_bytes()).hexdigest(),
                                resolve=resolve, generated_at=WHEN) for p, ex in zip(SEEDS, exs, strict=True)}


def test_seed_kh169_and_kh189_give_one_task_with_both_wordings(seed_graphs):
    _, triples = seed_graphs["000_dc6b3819bf99fd98.txt"]
    t = set(triples)
    by_doc = {o: s for s, p, o in t if p == CANCU.assigns}
    tasks_of = {doc: {o for s, p, o in t if p == CANCU.task and by_doc.get(s) == doc} for doc in (KH169, KH189)}
    shared = tasks_of[KH169] & tasks_of[KH189]
    assert len(shared) == 1
    wordings = {str(o) for s, p, o in t if s in shared and p == CANCU.wording}
    assert any(w.startswith("Chủ trì, phối hợp với") for w in wordings)
    assert any(w.startswith("hướng dẫn") for w in wordings)


def test_seed_sub_units_of_the_bac_giang_department(seed_graphs):
    _, triples = seed_graphs["002_92f8b03795b25530.txt"]
    parent = agency_iri("Sở Nội vụ tỉnh Bắc Giang")
    units = {s for s, p, o in triples if p == ORG.subOrganizationOf and o == parent}
    assert agency_iri("Văn phòng Sở Nội vụ tỉnh Bắc Giang") in units
    assert agency_iri("Phòng Công chức, viên chức - Sở Nội vụ tỉnh Bắc Giang") in units
    assert len(units) >= 4


def test_seed_graphs_state_every_fact_once(seed_graphs):
    for graph, triples in seed_graphs.values():
        assert len(triples) == len(set(triples))
        assert all(isinstance(s, URIRef) for s, _, _ in triples), f"{graph}: blank nodes make re-ingest compare badly"


def test_an_agency_is_named_as_the_file_writes_it_with_the_gazetteer_name_beside():
    ex = extraction(assignments=[
        Assignment(None, None, "VPUB tỉnh Quảng Ngãi", "lead", TASK_189, None, None, ev(5)),
        Assignment(None, None, "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi", "support", TASK_189, None, None, ev(50)),
    ])
    _, triples = build(ex)
    node = agency_iri("Văn phòng UBND tỉnh Quảng Ngãi")
    labels = {(p, str(o)) for s, p, o in triples if s == node and p in (SKOS.prefLabel, SKOS.altLabel)}
    assert labels == {(SKOS.prefLabel, "VPUB tỉnh Quảng Ngãi"),
                      (SKOS.altLabel, "Văn phòng UBND tỉnh Quảng Ngãi"),
                      (SKOS.altLabel, "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi")}
