"""Tests of the extractors through `extract_source`: small hand-written documents in the forms
of the corpus, the identity of every seed file, evidence spans, and the format fixtures.

The hand-written documents reuse sentences of tests/corpus/seeds (a decision of a UBND, a
plan of a Sở Nội vụ, a report with budget requests and a reassignment request).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import extract_source, read_source
from loaders.model import DocKey, Evidence, Extraction, Source

HERE = Path(__file__).resolve().parents[1]
SEEDS = HERE / "corpus" / "seeds"
FORMATS = HERE / "data" / "formats"


def extract(text: str, name: str = "doc.txt") -> Extraction:
    return extract_source(Source(path=name, name=name, text=text, format="txt"))


def key(ref: str, year: int | None, jurisdiction: str | None) -> DocKey:
    """DocKey from "number/symbol" as canonically written: key("45/TTr-SNV", 2025, "quang-ngai")."""
    number, symbol = ref.split("/", 1)
    return DocKey(number, symbol, year, jurisdiction)


def relations(ex: Extraction) -> set[tuple[str, DocKey | None, DocKey]]:
    return {(r.kind, r.source, r.target) for r in ex.relations}


def roles(ex: Extraction, task_part: str = "") -> set[tuple[str, str]]:
    """(role, agency) of the assignments whose task contains `task_part`."""
    return {(a.role, a.agency) for a in ex.assignments if task_part in a.task_text}


def quoted(ex: Extraction, ev: Evidence) -> str:
    assert ev.file == ex.source.name
    assert 0 <= ev.start < ev.end <= len(ex.source.text)
    return ex.source.text[ev.start:ev.end]


# --- (a) a decision of a UBND ---------------------------------------------------------

DECISION = """ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI\tĐộc lập - Tự do - Hạnh phúc

Số: 12/QĐ-UBND\tQuảng Ngãi, ngày 05 tháng 3 năm 2025

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch chuyển đổi số năm 2025

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước;
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 28/02/2025.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2025.
Điều 2. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính tổ chức triển khai thực hiện Kế hoạch; định kỳ báo cáo UBND tỉnh trước ngày 20 hằng tháng.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Nội vụ, Tài chính và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
"""
QD12 = key("12/QĐ-UBND", 2025, "quang-ngai")


@pytest.fixture(scope="module")
def decision() -> Extraction:
    return extract(DECISION, "qd12.txt")


def test_decision_identity(decision: Extraction) -> None:
    i = decision.identity
    assert (i.key, i.type, i.issuer, i.date, i.province) == (
        QD12, "Quyết định", "UBND tỉnh Quảng Ngãi", "2025-03-05", "Quảng Ngãi"
    )
    assert i.title == "Về việc ban hành Kế hoạch chuyển đổi số năm 2025"


def test_decision_preamble_relations(decision: Extraction) -> None:
    assert relations(decision) == {
        ("based_on", QD12, key("47/NĐ-CP", 2020, "VN")),
        ("based_on", QD12, key("749/QĐ-TTg", 2020, "VN")),
        ("responds_to", QD12, key("45/TTr-SNV", 2025, "quang-ngai")),
    }


def test_decision_cites_with_dates_and_issuers(decision: Extraction) -> None:
    got = {(c.written, c.date, c.issuer) for c in decision.citations}
    assert got == {
        ("Nghị định số 47/2020/NĐ-CP", "2020-04-09", "Chính phủ"),
        ("Quyết định số 749/QĐ-TTg", "2020-06-03", "Thủ tướng Chính phủ"),
        ("Tờ trình số 45/TTr-SNV", "2025-02-28", "Sở Nội vụ tỉnh Quảng Ngãi"),
    }


def test_decision_article_2_gives_lead_and_support(decision: Extraction) -> None:
    task = "tổ chức triển khai thực hiện Kế hoạch"
    assert roles(decision, task) == {("lead", "Sở Nội vụ tỉnh Quảng Ngãi"), ("support", "Sở Tài chính tỉnh Quảng Ngãi")}
    (lead,) = [a for a in decision.assignments if a.role == "lead" and task in a.task_text]
    assert (lead.by_doc, lead.by_agency, lead.deadline) == (None, "UBND tỉnh Quảng Ngãi", "trước ngày 20 hằng tháng")
    assert quoted(decision, lead.evidence).startswith("Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính")
    assert lead.evidence.sentence.startswith("Giao Sở Nội vụ")


def test_decision_has_no_findings(decision: Extraction) -> None:
    assert decision.findings == []


# --- (b) a plan of a Sở: unit lines and a task table ----------------------------------

def test_a_decision_that_replaces_another_says_so_of_itself() -> None:
    replacing = DECISION.replace(
        "chịu trách nhiệm thi hành Quyết định này./.",
        "chịu trách nhiệm thi hành Quyết định này.\nĐiều 4. Quyết định này có hiệu lực kể từ ngày ký và thay thế "
        "Quyết định số 85/QĐ-UBND ngày 22 tháng 01 năm 2020 của UBND tỉnh Quảng Ngãi.\n"
        "Điều 5. Sở Tư pháp rà soát, đề xuất sửa đổi hoặc ban hành thay thế Quyết định số 37/2018/QĐ-TTg của Thủ tướng Chính phủ./.")
    got = relations(extract(replacing, "qd12.txt"))
    assert ("replaces", QD12, key("85/QĐ-UBND", 2020, "quang-ngai")) in got
    # a task to replace a decision is not this document replacing it
    assert not any(kind == "replaces" and t.number == "37" for kind, _, t in got)


BASIS_PLAN = """ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP
Số: 28/KH-UBND\tĐồng Tháp, ngày 22 tháng 08 năm 2024

KẾ HOẠCH
Lưu trữ tài liệu điện tử năm 2024

I. CƠ SỞ XÂY DỰNG KẾ HOẠCH
1. Cơ sở pháp lý
- Thông tư số 01/2019/TT-BNV ngày 24-1-2019 của Bộ trưởng Bộ Nội vụ quy định quy trình trao đổi, lưu trữ, xử lý tài liệu điện tử;
- Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư.
2. Cơ sở thực tiễn
Báo cáo số 112/BC-SNV ngày 10/01/2024 của Sở Nội vụ cho thấy tỷ lệ hồ sơ điện tử còn thấp.

II. NHIỆM VỤ
1. Căn cứ Kế hoạch này, các sở xây dựng kế hoạch chi tiết; Kế hoạch số 15/KH-SNV ngày 02/02/2024 của Sở Nội vụ được tiếp tục thực hiện.
"""


def test_ban_hanh_in_a_cited_title_ties_no_cited_documents() -> None:
    """ "về ban hành" names what a cited document did; only the sentence's own verb ties what it carries out to what was issued."""
    text = BASIS_PLAN.replace(
        "II. NHIỆM VỤ\n",
        "II. NHIỆM VỤ\n1. Căn cứ áp dụng: Nghị quyết số 76/NQ-CP ngày 15/07/2021 của Chính phủ về ban hành Chương trình "
        "tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030; Nghị định số 45/2020/NĐ-CP ngày 08-4-2020 của Chính phủ "
        "về việc thực hiện thủ tục hành chính trên môi trường điện tử.\n"
        "2. Thực hiện Nghị quyết số 76/NQ-CP ngày 15/07/2021 của Chính phủ, UBND tỉnh đã ban hành Kế hoạch số 17/KH-UBND "
        "ngày 02/02/2022 về cải cách hành chính.\n")
    got = relations(extract(text, "kh28.txt"))
    nq76, kh17 = key("76/NQ-CP", 2021, "VN"), key("17/KH-UBND", 2022, "dong-thap")
    assert ("implements", kh17, nq76) in got
    assert not any(kind == "implements" and s != kh17 and s != extract(text, "kh28.txt").identity.key for kind, s, _ in got)


def test_a_support_named_like_a_verb_is_no_end_of_the_supports() -> None:
    """ "Sở Xây dựng" holds the verb "xây dựng": only a verb in lower case ends the supports."""
    text = BASIS_PLAN.replace(
        "II. NHIỆM VỤ\n",
        "II. NHIỆM VỤ\n1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Xây dựng và Sở Công Thương cập nhật, chuẩn hóa dữ liệu "
        "hồ sơ cán bộ, công chức, viên chức trên phần mềm quản lý của tỉnh; thời hạn: Thường xuyên.\n")
    got = {(a.role, a.agency, a.task_text[:24]) for a in extract(text, "kh28.txt").assignments if "cập nhật" in a.task_text}
    assert got == {("lead", "Sở Nội vụ tỉnh Đồng Tháp", "cập nhật, chuẩn hóa dữ l"),
                   ("support", "Sở Xây dựng tỉnh Đồng Tháp", "cập nhật, chuẩn hóa dữ l"),
                   ("support", "Sở Công Thương tỉnh Đồng Tháp", "cập nhật, chuẩn hóa dữ l")}



@pytest.mark.parametrize(
    "task,role",
    [
        ("theo dõi, đánh giá, xác định Chỉ số cải cách hành chính của các sở, ban, ngành", "lead"),
        ("theo dõi biến động đất đai trên địa bàn tỉnh", "lead"),
        ("theo dõi, đôn đốc các cơ quan triển khai Kế hoạch này", "monitor"),
        ("theo dõi, đánh giá kết quả thực hiện Kế hoạch này", "monitor"),
        ("theo dõi việc thực hiện Kế hoạch này", "monitor"),
    ],
)
def test_following_up_others_work_is_monitoring_following_a_subject_is_a_task(task: str, role: str) -> None:
    text = BASIS_PLAN.replace("II. NHIỆM VỤ\n", f"II. NHIỆM VỤ\n1. Giao Sở Nội vụ {task}.\n")
    got = {(a.role, a.task_text) for a in extract(text, "kh28.txt").assignments if a.agency == "Sở Nội vụ tỉnh Đồng Tháp"}
    assert got == {(role, task)}


@pytest.mark.parametrize(
    "item,task,expected",
    [
        # no verb the rules know ends the supports: the names the gazetteer knows do, with a group joined to them
        ("Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính, Sở Nội vụ và các sở, ban, ngành kiểm soát chặt chẽ dịch bệnh.",
         "kiểm soát chặt chẽ dịch bệnh", {("lead", "Sở Y tế"), ("support", "Sở Tài chính"), ("support", "Sở Nội vụ"),
                                          ("support", "các sở, ban, ngành")}),
        ("Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Sở Tư pháp thẩm định hồ sơ.",
         "thẩm định hồ sơ", {("lead", "Sở Nội vụ"), ("support", "Sở Tài chính"), ("support", "Sở Tư pháp")}),
        ("Giao Sở Xây dựng chủ trì, phối hợp với các sở, ban, ngành liên quan kiểm soát giá vật liệu.",
         "kiểm soát giá vật liệu", {("lead", "Sở Xây dựng"), ("support", "các sở, ban, ngành liên quan")}),
        # a verb further on does not make the task's first words a support
        ("Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan, đơn vị, địa phương kiểm soát tiêu chí đầu vào "
         "của các dự án đảm bảo phù hợp với quy định.",
         "kiểm soát tiêu chí", {("lead", "Sở Khoa học và Công nghệ"), ("support", "các cơ quan, đơn vị, địa phương")}),
        # a name that ends at its level word goes on with the province; "các tổ chức chính trị - xã hội" is a group
        ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Tháp và các tổ chức chính trị - xã hội tuyên truyền Kế hoạch.",
         "tuyên truyền Kế hoạch", {("lead", "Ủy ban Mặt trận Tổ quốc Việt Nam"), ("lead", "các tổ chức chính trị - xã hội")}),
        # what the subject says of itself before its duty
        ("Sở Tài chính, trên cơ sở đề xuất của các cơ quan, đơn vị, chủ trì tổng hợp dự toán kinh phí thực hiện Kế hoạch.",
         "tổng hợp dự toán", {("lead", "Sở Tài chính")}),
        ("Sở Nội vụ là cơ quan thường trực, chủ trì tổng hợp kết quả thực hiện Kế hoạch.",
         "tổng hợp kết quả", {("lead", "Sở Nội vụ")}),
        # a group the last name heads, or one joined by "và", ends the agencies given the task
        ("Giao Sở Công Thương và UBND các xã, phường kiểm soát thị trường.",
         "kiểm soát thị trường", {("lead", "Sở Công Thương"), ("lead", "UBND các xã, phường")}),
        ("Giao Sở Y tế, Sở Tài chính và các sở, ban, ngành kiểm soát dịch bệnh.",
         "kiểm soát dịch bệnh", {("lead", "Sở Y tế"), ("lead", "Sở Tài chính"), ("lead", "các sở, ban, ngành")}),
    ],
)
def test_the_agencies_of_a_task_end_where_the_known_names_end(item: str, task: str, expected: set[tuple[str, str]]) -> None:
    text = BASIS_PLAN.replace("II. NHIỆM VỤ\n", f"II. NHIỆM VỤ\n1. {item}\n")
    got = {(a.role, a.agency.removesuffix(" tỉnh Đồng Tháp")) for a in extract(text, "kh28.txt").assignments
           if a.task_text.startswith(task)}
    assert got == expected

def test_a_text_cut_after_an_agency_heading_keeps_its_evidence_inside() -> None:
    """Found by test_fuzz: an item's evidence ran past the end of a text cut short."""
    text = BASIS_PLAN.replace("II. NHIỆM VỤ\n", "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ\na) L")
    text = text[:text.index("a) L") + 4]
    ex = extract(text, "kh28.txt")
    assert [(a.agency, a.task_text) for a in ex.assignments] == [("Sở Khoa học và Công nghệ tỉnh Đồng Tháp", "L")]
    assert ex.assignments[0].evidence.end <= len(text)


def test_a_section_that_lists_the_legal_basis_gives_based_on_relations() -> None:
    ex = extract(BASIS_PLAN, "kh28.txt")
    own = ex.identity.key
    assert relations(ex) == {("based_on", own, key("1/TT-BNV", 2019, "VN")), ("based_on", own, key("30/NĐ-CP", 2020, "VN"))}


PLAN = """Số: 35/KH-SNV\tBắc Giang, ngày 20 tháng 02 năm 2024

KẾ HOẠCH
Thực hiện chuyển đổi số của Sở Nội vụ năm 2024

Thực hiện Kế hoạch số 199/KH-UBND ngày 11/12/2023 của UBND tỉnh Bắc Giang về việc ban hành kế hoạch chuyển đổi số trong các cơ quan nhà nước tỉnh Bắc Giang năm 2024. Sở Nội vụ xây dựng Kế hoạch thực hiện chuyển đổi số năm 2024 cụ thể như sau:

I. NỘI DUNG

1. Công tác tuyên truyền, nâng cao nhận thức về chuyển đổi số

- Thực hiện tốt việc tuyên truyền, thay đổi nhận thức cho đội ngũ cán bộ, công chức, viên chức và người lao động về nhiệm vụ chuyển đổi số.

+ Đơn vị chủ trì: Văn phòng Sở.

+ Đơn vị phối hợp: Các phòng, đơn vị thuộc Sở.

+ Thời gian thực hiện: Thường xuyên.

2. An toàn thông tin mạng

Tiếp tục rà soát, phê duyệt hồ sơ đề xuất cấp độ an toàn Hệ thống thông tin theo quy định.

+ Đơn vị chủ trì: Phòng Cải cách chính hành.

+ Đơn vị phối hợp: Văn phòng Sở.

+ Thời gian thực hiện: Trong năm 2024.

II. NHIỆM VỤ CỤ THỂ

STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian
1\tNâng cấp phòng họp trực tuyến của Sở\tVăn phòng Sở\tCác phòng thuộc Sở\tQuý II/2024
2\tSố hóa hồ sơ, kết quả giải quyết thủ tục hành chính\t\t\tNăm 2024
3\tXây dựng cơ sở dữ liệu cán bộ, công chức, viên chức\tPhòng Công chức, viên chức\tVăn phòng Sở\tNăm 2024

III. TỔ CHỨC THỰC HIỆN

Giao Văn phòng Sở đôn đốc, kiểm tra việc thực hiện nội dung Kế hoạch này.

GIÁM ĐỐC
"""
KH35 = key("35/KH-SNV", 2024, "bac-giang")
VP_SO = "Văn phòng Sở Nội vụ tỉnh Bắc Giang"
PHONG_DV = "Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang"


@pytest.fixture(scope="module")
def plan() -> Extraction:
    return extract(PLAN, "kh35.txt")


def test_plan_identity(plan: Extraction) -> None:
    i = plan.identity
    assert (i.key, i.type, i.issuer, i.date, i.province) == (KH35, "Kế hoạch", "Sở Nội vụ tỉnh Bắc Giang", "2024-02-20", "Bắc Giang")


def test_plan_implements(plan: Extraction) -> None:
    assert relations(plan) == {("implements", KH35, key("199/KH-UBND", 2023, "bac-giang"))}


PLAN_ASSIGNMENTS = [
    # unit lines after a plan item: the task is the item's heading
    ("Công tác tuyên truyền, nâng cao nhận thức về chuyển đổi số", {("lead", VP_SO), ("support", PHONG_DV)}),
    ("An toàn thông tin mạng", {("lead", "Phòng Cải cách hành chính - Sở Nội vụ tỉnh Bắc Giang"), ("support", VP_SO)}),
    # rows of the task table
    ("Nâng cấp phòng họp trực tuyến của Sở", {("lead", VP_SO), ("support", PHONG_DV)}),
    ("Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức",
     {("lead", "Phòng Công chức, viên chức - Sở Nội vụ tỉnh Bắc Giang"), ("support", VP_SO)}),
    # "Giao Văn phòng Sở đôn đốc, kiểm tra …": a monitor
    ("đôn đốc, kiểm tra việc thực hiện nội dung Kế hoạch này", {("monitor", VP_SO)}),
]


@pytest.mark.parametrize("task,expected", PLAN_ASSIGNMENTS, ids=[t for t, _ in PLAN_ASSIGNMENTS])
def test_plan_assignments(plan: Extraction, task: str, expected: set[tuple[str, str]]) -> None:
    assert roles(plan, task) == expected


@pytest.mark.parametrize(
    "task,deadline",
    [("Nâng cấp phòng họp trực tuyến của Sở", "Quý II/2024"), ("Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức", "Năm 2024")],
)
def test_plan_table_deadlines(plan: Extraction, task: str, deadline: str) -> None:
    leads = [a for a in plan.assignments if a.role == "lead" and a.task_text == task]
    supports = [a for a in plan.assignments if a.role == "support" and a.task_text == task]
    assert [a.deadline for a in leads] == [deadline]
    assert all(a.deadline is None for a in supports)


def test_plan_unit_line_deadline_is_read(plan: Extraction) -> None:
    (lead,) = [a for a in plan.assignments if a.role == "lead" and a.task_text.startswith("Công tác tuyên truyền")]
    assert lead.deadline is not None and lead.deadline.startswith("Thường xuyên")


def test_plan_unit_line_deadline_has_no_final_period(plan: Extraction) -> None:
    deadlines = {a.task_text: a.deadline for a in plan.assignments if a.role == "lead"}
    assert deadlines["Công tác tuyên truyền, nâng cao nhận thức về chuyển đổi số"] == "Thường xuyên"
    assert deadlines["An toàn thông tin mạng"] == "Trong năm 2024"


def test_plan_row_without_unit_is_an_unassigned_task(plan: Extraction) -> None:
    task = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
    unassigned = [f for f in plan.findings if f.kind == "unassigned_task"]
    assert [f.task for f in unassigned] == [task]
    assert task in quoted(plan, unassigned[0].evidence)
    assert not any(a.task_text == task for a in plan.assignments)


PLAN_WITH_HEADER = "UBND TỈNH BẮC GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc\n\n" + PLAN


def test_plan_issuer_is_the_second_header_line() -> None:
    """The usual two-line header: the superior body, then the issuing body (and the symbol KH-SNV)."""
    ex = extract(PLAN_WITH_HEADER, "kh35-header.txt")
    assert ex.identity.issuer == "Sở Nội vụ tỉnh Bắc Giang"
    assert ("lead", VP_SO) in roles(ex, "Nâng cấp phòng họp trực tuyến của Sở")


# --- (c) a report: budget requests, allocations, a reassignment request ----------------

REPORT = """Số: 224/BC-SNV\tQuảng Ngãi, ngày 15 tháng 9 năm 2023

BÁO CÁO
Kết quả thực hiện công tác chuyển đổi số của Sở Nội vụ năm 2023

Theo đề nghị của Sở Thông tin và Truyền thông tại Công văn số 1723/STTTT-BCVT&CNTT ngày 11/9/2023 về việc đề nghị gửi báo cáo; Sở Nội vụ báo cáo kết quả như sau:

I. Kết quả thực hiện

1. Việc quản lý, sử dụng kinh phí

a) Kết quả thực hiện việc quản lý, sử dụng kinh phí được bố trí tại Quyết định số 569/QĐ-UBND ngày 26/6/2023 của UBND tỉnh phân bổ {total} triệu đồng:

- Nhiệm vụ: “Bảo đảm an toàn thông tin đối với Hệ thống thông tin cấp độ 2 đã được phê duyệt” (100 triệu đồng).

- Nhiệm vụ: “Chỉnh lý, số hóa tài liệu lưu trữ” (300 triệu đồng).

II. Khó khăn, kiến nghị

2.1. Tại Quyết định số 03/QĐ-BCĐ ngày 07/6/2023 của Ban chỉ đạo chuyển đổi số tỉnh ban hành Kế hoạch thực hiện năm dữ liệu số; có giao Sở Nội vụ thực hiện các nội dung:

- Chỉ đạo triển khai thí điểm hoạt động kiểm tra hành chính qua môi trường số.

- Tổ chức khảo sát, thống kê, lập kế hoạch triển khai công tác kiểm tra hành chính qua mạng.

Sở Nội vụ không có chức năng quản lý nhà nước về kiểm tra hành chính, đề nghị Ban Chỉ đạo xem xét chuyển nội dung nhiệm vụ trên cho Sở Thông tin và Truyền thông để phù hợp với chức năng, nhiệm vụ.

III. {part3}

1. Tiếp tục triển khai Phần mềm quản lý cơ sở dữ liệu cán bộ, công chức, viên chức

1.1. Căn cứ áp dụng: Công văn số 639/BNV-VP ngày 21/2/2023 của Bộ Nội vụ về việc triển khai cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức.

1.2. Kinh phí và nguồn vốn: Kinh phí thực hiện năm 2024: 2.600 triệu đồng; nguồn ngân sách tỉnh (NST).

2. Trang bị phần mềm phòng, chống mã độc

2.1. Mục tiêu của nhiệm vụ: Bảo đảm an toàn thông tin cho hệ thống mạng của Sở Nội vụ.

2.2. Kinh phí và nguồn vốn: 90 triệu đồng; nguồn ngân sách tỉnh (NST).

GIÁM ĐỐC
"""
BC224 = key("224/BC-SNV", 2023, "quang-ngai")
QD569 = key("569/QĐ-UBND", 2023, "quang-ngai")
QD03 = key("3/QĐ-BCĐ", 2023, "quang-ngai")
SNV_QN = "Sở Nội vụ tỉnh Quảng Ngãi"


def report_text(total: int = 400, part3: str = "Định hướng nhiệm vụ và kinh phí đề xuất năm 2024") -> str:
    return REPORT.format(total=total, part3=part3)


@pytest.fixture(scope="module")
def report() -> Extraction:
    return extract(report_text(), "bc224.txt")


def test_report_identity_and_response(report: Extraction) -> None:
    i = report.identity
    assert (i.key, i.type, i.issuer) == (BC224, "Báo cáo", SNV_QN)
    assert relations(report) == {("responds_to", BC224, key("1723/STTTT-BCVT&CNTT", 2023, "quang-ngai"))}


def test_report_budget_requests(report: Extraction) -> None:
    requests = {b.title: b for b in report.budget_items if b.kind == "request"}
    assert set(requests) == {
        "Tiếp tục triển khai Phần mềm quản lý cơ sở dữ liệu cán bộ, công chức, viên chức",
        "Trang bị phần mềm phòng, chống mã độc",
    }
    with_basis = requests["Tiếp tục triển khai Phần mềm quản lý cơ sở dữ liệu cán bộ, công chức, viên chức"]
    assert (with_basis.agency, with_basis.amount_vnd, with_basis.years, with_basis.funding_source, with_basis.basis) == (
        SNV_QN, 2_600_000_000, ((2024, 2_600_000_000),), "NST", (key("639/BNV-VP", 2023, "VN"),)
    )
    without = requests["Trang bị phần mềm phòng, chống mã độc"]
    assert (without.amount_vnd, without.years, without.basis) == (90_000_000, ((2024, 90_000_000),), ())


def test_report_request_without_basis_is_a_finding(report: Extraction) -> None:
    missing = [f for f in report.findings if f.kind == "missing_basis"]
    assert [f.detail for f in missing] == ["Trang bị phần mềm phòng, chống mã độc"]
    assert "90 triệu đồng" in quoted(report, missing[0].evidence)


def test_report_allocations_add_up(report: Extraction) -> None:
    allocations = sorted((b.title, b.amount_vnd, b.allocated_by, b.years) for b in report.budget_items if b.kind == "allocation")
    assert allocations == [
        ("Bảo đảm an toàn thông tin đối với Hệ thống thông tin cấp độ 2 đã được phê duyệt", 100_000_000, QD569,
         ((2023, 100_000_000),)),
        ("Chỉnh lý, số hóa tài liệu lưu trữ", 300_000_000, QD569, ((2023, 300_000_000),)),
    ]
    assert not [f for f in report.findings if f.kind == "allocation_total_mismatch"]


def test_report_allocations_that_do_not_add_up() -> None:
    ex = extract(report_text(total=500), "bc224-500.txt")
    mismatch = [f for f in ex.findings if f.kind == "allocation_total_mismatch"]
    assert [f.subjects for f in mismatch] == [(QD569,)]
    assert "400.000.000" in mismatch[0].detail and "500.000.000" in mismatch[0].detail


def test_allocation_mismatch_detail_reads_well() -> None:
    ex = extract(report_text(total=500), "bc224-500.txt")
    (mismatch,) = [f for f in ex.findings if f.kind == "allocation_total_mismatch"]
    assert mismatch.detail == "items add up to 400.000.000 đồng, the stated total is 500.000.000 đồng"


def test_report_restates_tasks_given_by_another_document(report: Extraction) -> None:
    given = sorted((a.role, a.agency, a.task_text, a.by_doc) for a in report.assignments if a.by_doc == QD03)
    assert given == [
        ("lead", SNV_QN, "Chỉ đạo triển khai thí điểm hoạt động kiểm tra hành chính qua môi trường số", QD03),
        ("lead", SNV_QN, "Tổ chức khảo sát, thống kê, lập kế hoạch triển khai công tác kiểm tra hành chính qua mạng", QD03),
    ]
    # the task was given by the document's issuer as the report cites it, not by the report's
    assert {a.by_agency for a in report.assignments if a.by_doc == QD03} == {"Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Ngãi"}


@pytest.mark.parametrize(
    "sentence,role",
    [
        ("2.2. Tại Kế hoạch số 118/KH-UBND ngày 04/02/2023 của UBND tỉnh Quảng Ngãi, Sở Nội vụ được giao chủ trì "
         "nhiệm vụ: “Xây dựng cơ sở dữ liệu tài liệu lưu trữ điện tử của tỉnh”; đến nay đã triển khai.", "lead"),
        ("2.2. Tại Kế hoạch số 118/KH-UBND ngày 04/02/2023 của UBND tỉnh Quảng Ngãi, Sở Nội vụ được giao phối hợp "
         "nhiệm vụ: “Xây dựng cơ sở dữ liệu tài liệu lưu trữ điện tử của tỉnh”.", "support"),
        ("2.2. Nhiệm vụ “Xây dựng cơ sở dữ liệu tài liệu lưu trữ điện tử của tỉnh” được giao cho Sở Nội vụ chủ trì "
         "tại Kế hoạch số 118/KH-UBND ngày 04/02/2023 của UBND tỉnh Quảng Ngãi.", "lead"),
    ],
)
def test_report_restates_a_quoted_task_and_who_was_given_it(sentence: str, role: str) -> None:
    text = report_text().replace("Sở Nội vụ không có chức năng", f"{sentence}\n\nSở Nội vụ không có chức năng")
    kh118 = key("118/KH-UBND", 2023, "quang-ngai")
    got = [(a.role, a.agency, a.task_text, a.by_agency) for a in extract(text, "bc224.txt").assignments if a.by_doc == kh118]
    assert got == [(role, SNV_QN, "Xây dựng cơ sở dữ liệu tài liệu lưu trữ điện tử của tỉnh", "UBND tỉnh Quảng Ngãi")]


def test_report_reassignment_request(report: Extraction) -> None:
    (req,) = report.reassignments
    assert (req.requester, req.assigned_by, req.from_agency, req.to_agency, req.via) == (
        SNV_QN, QD03, SNV_QN, "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi", BC224
    )
    assert "Chỉ đạo triển khai thí điểm" in req.task_text and "Tổ chức khảo sát" in req.task_text
    assert req.reason == "phù hợp với chức năng, nhiệm vụ"
    assert "chuyển nội dung nhiệm vụ trên cho Sở Thông tin và Truyền thông" in quoted(report, req.evidence)


@pytest.mark.parametrize("sentence, moved", [
    ("Sở Nội vụ kiến nghị Ban Chỉ đạo xem xét, giao nhiệm vụ này cho Sở Thông tin và Truyền thông chủ trì thực hiện.", True),
    # plain "giao" of a task not named as one already given is an assignment, not a move
    ("Sở Nội vụ đề nghị Ban Chỉ đạo giao Sở Thông tin và Truyền thông chủ trì các nhiệm vụ năm 2024.", False),
    ("Sở Nội vụ đề nghị Ban Chỉ đạo giao nhiệm vụ cho Sở Thông tin và Truyền thông chủ trì.", False),
])
def test_a_request_to_give_the_task_to_another_agency(sentence: str, moved: bool) -> None:
    text = report_text().replace(
        "Sở Nội vụ không có chức năng quản lý nhà nước về kiểm tra hành chính, đề nghị Ban Chỉ đạo xem xét chuyển nội dung "
        "nhiệm vụ trên cho Sở Thông tin và Truyền thông để phù hợp với chức năng, nhiệm vụ.", sentence)
    got = [(q.assigned_by, q.to_agency) for q in extract(text, "bc224.txt").reassignments]
    assert got == ([(QD03, "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi")] if moved else [])


def test_report_part_headed_kinh_phi_is_not_a_request_of_part_one() -> None:
    ex = extract(report_text(part3="Kinh phí đề xuất năm 2024"), "bc224-kp.txt")
    assert {b.title for b in ex.budget_items if b.kind == "request"} == {
        "Tiếp tục triển khai Phần mềm quản lý cơ sở dữ liệu cán bộ, công chức, viên chức",
        "Trang bị phần mềm phòng, chống mã độc",
    }


# --- (d) identity of every seed file ---------------------------------------------------

SEED_IDENTITY = [
    ("000_dc6b3819bf99fd98.txt", "Báo cáo", "Sở Nội vụ tỉnh Quảng Ngãi", "Quảng Ngãi", None, None, 2023),
    ("001_b6d390cc0191ec74.txt", "Báo cáo", "Văn phòng UBND tỉnh Quảng Ngãi", "Quảng Ngãi", None, "BC-VP", 2022),
    ("002_92f8b03795b25530.txt", "Kế hoạch", "Sở Nội vụ tỉnh Bắc Giang", "Bắc Giang", None, "KH-SNV", 2024),
    ("003_88eefef0c3cb7b8c.txt", "Báo cáo", "UBND tỉnh Quảng Ngãi", "Quảng Ngãi", "224", "BC-UBND", 2022),
    ("004_f1add9e50b08e375.txt", "Báo cáo", "Ban Dân tộc tỉnh Quảng Ngãi", "Quảng Ngãi", None, "BC-BDT", 2023),
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Extraction]:
    return {p.name: extract_source(read_source(p)) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.mark.parametrize("file,type_,issuer,province,number,symbol,year", SEED_IDENTITY, ids=[c[0][:3] for c in SEED_IDENTITY])
def test_seed_identity(seeds: dict[str, Extraction], file: str, type_: str, issuer: str, province: str,
                       number: str | None, symbol: str | None, year: int) -> None:
    i = seeds[file].identity
    assert (i.type, i.issuer, i.province) == (type_, issuer, province)
    assert i.key is not None
    assert (i.key.number, i.key.symbol, i.key.year) == (number, symbol, year)


def test_seed_003_date_and_number_evidence(seeds: dict[str, Extraction]) -> None:
    ex = seeds["003_88eefef0c3cb7b8c.txt"]
    assert ex.identity.date == "2022-12-08"
    assert ex.identity.key == DocKey("224", "BC-UBND", 2022, "quang-ngai")
    assert ex.identity.evidence is not None and "224" in quoted(ex, ex.identity.evidence)


# --- (e) evidence points into the original text ----------------------------------------


def test_relation_evidence_quotes_the_target(decision: Extraction, plan: Extraction, report: Extraction) -> None:
    for ex in (decision, plan, report):
        assert ex.relations
        for r in ex.relations:
            assert f"{r.target.number}/" in quoted(ex, r.evidence), r


def test_citation_evidence_quotes_the_number(decision: Extraction, report: Extraction) -> None:
    for ex in (decision, report):
        for c in ex.citations:
            text = quoted(ex, c.evidence)
            assert re.search(rf"\b0*{c.key.number}\b", text), (c.written, text)


@pytest.mark.parametrize("file", [c[0] for c in SEED_IDENTITY], ids=[c[0][:3] for c in SEED_IDENTITY])
def test_seed_citation_evidence_quotes_the_number(seeds: dict[str, Extraction], file: str) -> None:
    ex = seeds[file]
    assert ex.citations
    for c in ex.citations:
        text = quoted(ex, c.evidence)
        assert re.search(rf"(?<!\d)0*{c.key.number}(?!\d)", text), (c.written, text)


def test_assignment_and_budget_evidence(plan: Extraction, report: Extraction) -> None:
    (row,) = [a for a in plan.assignments if a.role == "lead" and a.task_text == "Nâng cấp phòng họp trực tuyến của Sở"]
    assert quoted(plan, row.evidence) == "1\tNâng cấp phòng họp trực tuyến của Sở\tVăn phòng Sở\tCác phòng thuộc Sở\tQuý II/2024"
    (item,) = [a for a in plan.assignments if a.role == "lead" and a.task_text == "An toàn thông tin mạng"]
    assert "Đơn vị chủ trì: Phòng Cải cách chính hành" in quoted(plan, item.evidence)
    for b in report.budget_items:
        text = quoted(report, b.evidence)
        assert "triệu đồng" in text, b.title


def test_evidence_survives_normalisation() -> None:
    """Markdown emphasis and a broken symbol are normalised away; the evidence still quotes the file."""
    text = DECISION.replace("Nghị định số 47/2020/NĐ-CP", "**Nghị định số 47/2020/NĐ- CP**")
    ex = extract(text, "qd12-md.txt")
    (c,) = [c for c in ex.citations if c.key.number == "47"]
    assert c.key == key("47/NĐ-CP", 2020, "VN")
    assert quoted(ex, c.evidence).startswith("Nghị định số 47/2020/NĐ-")


# --- the format fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_plan() -> Extraction:
    return extract_source(read_source(FORMATS / "plan_with_task_table.docx"))


@pytest.fixture(scope="module")
def pdf_decision() -> Extraction:
    return extract_source(read_source(FORMATS / "decision.pdf"))


def test_docx_task_table_assignments(docx_plan: Extraction) -> None:
    i = docx_plan.identity
    assert (i.key, i.type, i.date) == (key("12/KH-SKHCN", 2025, "dong-thap"), "Kế hoạch", "2025-03-05")
    rows = {(a.role, a.agency, a.deadline) for a in docx_plan.assignments
            if a.task_text == "Xây dựng cơ sở dữ liệu nhiệm vụ khoa học và công nghệ cấp tỉnh"}
    assert ("support", "Sở Nội vụ tỉnh Đồng Tháp", None) in rows
    assert ("support", "Sở Tài chính tỉnh Đồng Tháp", None) in rows
    assert any(role == "lead" and agency.startswith("Phòng Quản lý khoa học") and deadline == "Năm 2025"
               for role, agency, deadline in rows)
    first = [a for a in docx_plan.assignments if a.task_text == "Nâng cấp hệ thống hội nghị truyền hình trực tuyến của Sở"]
    assert any(a.role == "lead" and a.agency.startswith("Văn phòng Sở") and a.deadline == "Quý II/2025" for a in first)


def test_docx_plan_issuer_is_the_department(docx_plan: Extraction) -> None:
    """Header 'UBND TỈNH ĐỒNG THÁP SỞ KHOA HỌC VÀ CÔNG NGHỆ' in one cell, symbol KH-SKHCN: the Sở issues it."""
    assert docx_plan.identity.issuer == "Sở Khoa học và Công nghệ tỉnh Đồng Tháp"
    lead = [a.agency for a in docx_plan.assignments
            if a.role == "lead" and a.task_text == "Nâng cấp hệ thống hội nghị truyền hình trực tuyến của Sở"]
    assert lead == ["Văn phòng Sở Khoa học và Công nghệ tỉnh Đồng Tháp"]


def test_docx_support_cell_with_an_unlisted_head_word(docx_plan: Extraction) -> None:
    """A cell of the 'Đơn vị phối hợp' column names an agency whatever its first word."""
    assert ("support", "Viễn thông Đồng Tháp") in roles(docx_plan, "Nâng cấp hệ thống hội nghị truyền hình trực tuyến")


def test_pdf_decision_article_2(pdf_decision: Extraction) -> None:
    i = pdf_decision.identity
    assert (i.key, i.type, i.issuer, i.date) == (key("356/QĐ-UBND", 2025, "dong-thap"), "Quyết định", "UBND tỉnh Đồng Tháp", "2025-03-18")
    article2 = roles(pdf_decision, "kiểm tra việc thực hiện Kế hoạch")
    # "Giao Sở Nội vụ chủ trì, phối hợp với … theo dõi, đôn đốc, kiểm tra …": it leads the follow-up
    assert {r for r, a in article2 if a == "Sở Nội vụ tỉnh Đồng Tháp"} & {"lead", "monitor"}
    assert ("support", "Công an tỉnh Đồng Tháp") in article2
    assert ("support", "Sở Khoa học và Công nghệ tỉnh Đồng Tháp") in article2
    (lead,) = [a for a in pdf_decision.assignments if a.role != "support" and a.agency == "Sở Nội vụ tỉnh Đồng Tháp"]
    assert lead.deadline == "trước ngày 20 hằng tháng"
    assert "Giao Sở Nội vụ" in quoted(pdf_decision, lead.evidence)


def test_support_names_stop_at_the_verb(pdf_decision: Extraction, docx_plan: Extraction) -> None:
    """"… phối hợp với X và các cơ quan, đơn vị có liên quan theo dõi, đôn đốc, kiểm tra việc …": the verb ends the list."""
    for ex in (pdf_decision, docx_plan):
        agencies = [a.agency for a in ex.assignments]
        assert agencies and not any(re.search(r"theo dõi|đôn đốc|kiểm tra", a) for a in agencies), agencies
    assert ("support", "các cơ quan, đơn vị có liên quan tỉnh Đồng Tháp") in roles(pdf_decision, "theo dõi, đôn đốc")


@pytest.mark.parametrize(
    "fixture,expected",
    [
        ("pdf_decision", {("based_on", "6/QĐ-TTg"), ("responds_to", "45/TTr-SNV")}),
        ("docx_plan", {("based_on", "749/QĐ-TTg"), ("based_on", "45/KH-UBND")}),
    ],
)
def test_format_fixture_preamble_relations(request: pytest.FixtureRequest, fixture: str, expected: set[tuple[str, str]]) -> None:
    """Paragraphs separated by single line breaks (PDF, docx): the title ends at its line, the preamble follows."""
    ex: Extraction = request.getfixturevalue(fixture)
    assert not (ex.identity.title or "").count("Căn cứ")
    got = {(r.kind, f"{r.target.number}/{r.target.symbol}") for r in ex.relations if r.source == ex.identity.key}
    assert expected <= got


def test_html_notice_table_assignments() -> None:
    ex = extract_source(read_source(FORMATS / "notice.html"))
    assert ex.identity.key == key("89/TB-VPUBND", 2025, "dong-thap")
    assert {(a.role, a.agency, a.deadline) for a in ex.assignments} >= {
        ("lead", "Sở Khoa học và Công nghệ tỉnh Đồng Tháp", "30/4/2025"),
        ("lead", "Sở Nội vụ tỉnh Đồng Tháp", "31/5/2025"),
    }


def test_html_notice_place() -> None:
    ex = extract_source(read_source(FORMATS / "notice.html"))
    assert (ex.identity.place, ex.identity.date) == ("Đồng Tháp", "2025-03-21")


# --- a group named with commas ----------------------------------------------------------

_DISPATCH = """UBND TỈNH BẮC NINH
SỞ THÔNG TIN VÀ TRUYỀN THÔNG

Số: 23/STTTT-QLCL
V/v báo cáo kết quả thực hiện nhiệm vụ năm 2021
Bắc Ninh, ngày 04 tháng 09 năm 2021

Kính gửi: Các sở, ban, ngành tỉnh.

Để có cơ sở tổng hợp, Sở Thông tin và Truyền thông đề nghị {group} {duty}.
"""


@pytest.mark.parametrize(("group", "duty"), [
    ("các cơ quan, đơn vị", "báo cáo kết quả thực hiện các nhiệm vụ được giao"),
    ("các sở, ban, ngành, địa phương", "rà soát, cập nhật dữ liệu cán bộ"),
    ("các cơ quan, đơn vị", "kịp thời phản ánh về Sở Thông tin và Truyền thông để tổng hợp"),
    ("các bộ, ngành và địa phương", "khẩn trương triển khai thực hiện"),
    ("các cơ quan, tổ chức, cá nhân có liên quan", "thực hiện nghiêm các quy định"),
])
def test_a_group_named_with_commas_is_one_agency_and_the_duty_follows(group: str, duty: str) -> None:
    ex = extract(_DISPATCH.format(group=group, duty=duty))
    assert [(a.agency.split(" tỉnh")[0], a.task_text) for a in ex.assignments] == [(group, duty)]


def test_giao_in_a_ministrys_name_gives_nothing() -> None:
    row = "| 136. | Xây dựng cơ sở dữ liệu chuyên gia | Bộ Ngoại giao Các bộ, ngành, địa phương liên quan | Thường xuyên |"
    assert [a for a in extract(_DISPATCH.format(group="", duty="") + row).assignments if "Ngoại giao" in a.evidence.sentence] == []


def test_a_deadline_clause_and_a_joint_clause_belong_to_the_task_before() -> None:
    text = _DISPATCH.format(group="", duty="") + (
        "Giao Sở Tư pháp rà soát văn bản quy phạm pháp luật của tỉnh; phối hợp với Sở Y tế, Sở Giáo dục và Đào tạo "
        "trong quá trình thực hiện. Thời gian hoàn thành: Quý IV/2021.\n")
    got = {(a.agency.split(" tỉnh")[0], a.role, a.task_text, a.deadline) for a in extract(text).assignments
           if "Tư pháp rà soát" in a.evidence.sentence}
    task = "rà soát văn bản quy phạm pháp luật của tỉnh"
    assert got == {("Sở Tư pháp", "lead", task, "Quý IV/2021"), ("Sở Y tế", "support", task, "Quý IV/2021"),
                   ("Sở Giáo dục và Đào tạo", "support", task, "Quý IV/2021")}


# --- robustness -------------------------------------------------------------------------

# pieces of the documents above, glued in any order: every extractor meets half-formed input
_PIECES = [
    "Số: 12/QĐ-UBND", "\t", "\n", "\n\n", "Quảng Ngãi, ngày 05 tháng 3 năm 2025", "QUYẾT ĐỊNH", "BÁO CÁO", "Căn cứ ",
    "Quyết định số 458/QĐ/TTg ngày 03/4/2020 ", "của UBND tỉnh", "I. ", "II. ", "1. ", "1.1. ", "a) ", "- ", "+ ",
    "Đơn vị chủ trì: ", "Đơn vị phối hợp: ", "Thời gian thực hiện: ", "Văn phòng Sở", "Kinh phí và nguồn vốn: ",
    "90 triệu đồng", "Căn cứ áp dụng: ", "Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính ",
    "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp", "1\tNâng cấp\t\t", "đề nghị chuyển nội dung nhiệm vụ trên cho Sở X",
    "có giao Sở Nội vụ thực hiện các nội dung:\n", "kinh phí được bố trí tại Quyết định số 569/QĐ-UBND ",
    "(gọi tắt Quyết định 03)", "“", "”", ";", ".", "<sup>1</sup>", "|", "**", "Tại Quyết định số 03/QĐ-BCĐ ",
    "Thực hiện Kế hoạch số 199/KH-UBND", "Điều 2. ", "được giao nhiệm vụ: “", "Theo đề nghị của Sở Nội vụ tại Tờ trình số 45/TTr-SNV",
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=40))
def test_extract_source_never_raises_and_evidence_stays_in_the_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    ex = extract(text, "fuzz.txt")
    evidence = [c.evidence for c in ex.citations] + [r.evidence for r in ex.relations]
    evidence += [a.evidence for a in ex.assignments] + [q.evidence for q in ex.reassignments]
    evidence += [b.evidence for b in ex.budget_items] + [f.evidence for f in ex.findings if f.evidence]
    for e in evidence:
        assert e.file == "fuzz.txt" and 0 <= e.start <= e.end <= len(text)
