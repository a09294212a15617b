"""Tests of loaders.agencies: splitting cells that name several agencies, completing names."""
from __future__ import annotations

import pytest

from loaders.agencies import complete, split_agencies
from loaders.gazetteer import Body, Province, gazetteer

G = gazetteer()
BAC_GIANG = G.province("Bắc Giang")
QUANG_NGAI = G.province("Quảng Ngãi")
DONG_THAP = G.province("Đồng Tháp")


def issuer(body_name: str, province: Province | None) -> tuple[Province | None, Body | None, str]:
    """(province, own body, own name) of a document issued by `body_name` in `province`."""
    body = G.body(body_name)
    assert body is not None, body_name
    name = f"{body.name} {province.full}" if province and body.local else body.name
    return province, body, name


SNV_BAC_GIANG = issuer("Sở Nội vụ", BAC_GIANG)
UBND_QUANG_NGAI = issuer("UBND", QUANG_NGAI)
UBND_DONG_THAP = issuer("UBND", DONG_THAP)
THU_TUONG = issuer("Thủ tướng Chính phủ", None)
STC_QUANG_NGAI = issuer("Sở Tài chính", QUANG_NGAI)

COMPLETE_CASES = [
    # a plan of the Sở Nội vụ of Bắc Giang speaks of its own units
    ("Văn phòng Sở", SNV_BAC_GIANG, "Văn phòng Sở Nội vụ tỉnh Bắc Giang"),
    ("Thanh tra Sở", SNV_BAC_GIANG, "Thanh tra Sở Nội vụ tỉnh Bắc Giang"),
    ("Các phòng thuộc Sở", SNV_BAC_GIANG, "Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang"),
    ("Phòng, đơn vị thuộc Sở.", SNV_BAC_GIANG, "Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang"),
    ("Các phòng, đơn vị thuộc Sở", SNV_BAC_GIANG, "Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang"),
    ("Các phòng đơn vị thuộc Sở", SNV_BAC_GIANG, "Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang"),
    # a known sub-unit, two words swapped ("chính hành")
    ("Phòng Cải cách chính hành", SNV_BAC_GIANG, "Phòng Cải cách hành chính - Sở Nội vụ tỉnh Bắc Giang"),
    ("Phòng Cải cách hành chính", SNV_BAC_GIANG, "Phòng Cải cách hành chính - Sở Nội vụ tỉnh Bắc Giang"),
    ("Phòng Công chức, viên chức.", SNV_BAC_GIANG, "Phòng Công chức, viên chức - Sở Nội vụ tỉnh Bắc Giang"),
    ("Phòng Quản lý ngân sách", STC_QUANG_NGAI, "Phòng Quản lý ngân sách - Sở Tài chính tỉnh Quảng Ngãi"),
    ("Trung tâm lưu trữ lịch sử", SNV_BAC_GIANG, "Trung tâm lưu trữ lịch sử - Sở Nội vụ tỉnh Bắc Giang"),
    # the head of a body stands for the body
    ("Giám đốc Sở", SNV_BAC_GIANG, "Sở Nội vụ tỉnh Bắc Giang"),
    ("Giám đốc Sở Tài chính", UBND_QUANG_NGAI, "Sở Tài chính tỉnh Quảng Ngãi"),
    ("giao Sở Tài chính", UBND_QUANG_NGAI, "Sở Tài chính tỉnh Quảng Ngãi"),
    # other local bodies get the document's province
    ("Sở Tài chính", SNV_BAC_GIANG, "Sở Tài chính tỉnh Bắc Giang"),
    ("UBND tỉnh", SNV_BAC_GIANG, "UBND tỉnh Bắc Giang"),
    ("Sở Thông tin và Truyền thông", UBND_QUANG_NGAI, "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"),
    ("Văn phòng UBND tỉnh", UBND_QUANG_NGAI, "Văn phòng UBND tỉnh Quảng Ngãi"),
    ("Công an tỉnh", UBND_QUANG_NGAI, "Công an tỉnh Quảng Ngãi"),
    ("Các sở, ban ngành, UBND huyện, thành phố", UBND_QUANG_NGAI, "Các sở, ban ngành, UBND huyện, thành phố tỉnh Quảng Ngãi"),
    ("Các sở, ban, ngành", UBND_DONG_THAP, "Các sở, ban, ngành tỉnh Đồng Tháp"),
    # the province named alone is its People's Committee
    ("tỉnh Quảng Ngãi", UBND_QUANG_NGAI, "UBND tỉnh Quảng Ngãi"),
    ("tỉnh Bắc Giang", SNV_BAC_GIANG, "UBND tỉnh Bắc Giang"),
    # a province already named is kept as written
    ("Sở Nội vụ tỉnh Bắc Giang", UBND_QUANG_NGAI, "Sở Nội vụ tỉnh Bắc Giang"),
    ("Viettel Quảng Ngãi", UBND_QUANG_NGAI, "Viettel Quảng Ngãi"),
    # national bodies get no province
    ("Bộ Nội vụ", SNV_BAC_GIANG, "Bộ Nội vụ"),
    ("Bộ Thông tin và Truyền thông", UBND_QUANG_NGAI, "Bộ Thông tin và Truyền thông"),
    ("Bộ Công an", UBND_QUANG_NGAI, "Bộ Công an"),
    ("Thủ tướng Chính phủ", UBND_QUANG_NGAI, "Thủ tướng Chính phủ"),
    ("Văn phòng Chính phủ", UBND_QUANG_NGAI, "Văn phòng Chính phủ"),
    ("Ngân hàng Nhà nước Việt Nam", UBND_QUANG_NGAI, "Ngân hàng Nhà nước Việt Nam"),
    ("Bộ Công an", THU_TUONG, "Bộ Công an"),
    ("Các cơ quan liên quan", THU_TUONG, "Các cơ quan liên quan"),
    # abbreviations of known bodies are written out
    ("Sở KH&CN", UBND_DONG_THAP, "Sở Khoa học và Công nghệ tỉnh Đồng Tháp"),
    ("Sở KHCN", UBND_DONG_THAP, "Sở Khoa học và Công nghệ tỉnh Đồng Tháp"),
    ("Sở TT&TT", UBND_DONG_THAP, "Sở Thông tin và Truyền thông tỉnh Đồng Tháp"),
    ("VPUB", UBND_DONG_THAP, "Văn phòng UBND tỉnh Đồng Tháp"),
]


@pytest.mark.parametrize("name,by,expected", COMPLETE_CASES, ids=[f"{c[0]}@{c[1][2]}" for c in COMPLETE_CASES])
def test_complete(name: str, by: tuple[Province | None, Body | None, str], expected: str) -> None:
    assert complete(name, *by) == expected


def test_complete_without_a_province_keeps_the_name() -> None:
    assert complete("Sở Tài chính", None, None, None) == "Sở Tài chính"
    assert complete("Văn phòng Sở", None, None, None) == "Văn phòng Sở"


def test_complete_writes_out_a_subunit_abbreviation() -> None:
    # seed 002: "+ Đơn vị chủ trì tham mưu thực hiện: Văn phòng Sở; phòng CCVC Sở."
    assert complete("phòng CCVC Sở", *SNV_BAC_GIANG) == "Phòng Công chức, viên chức - Sở Nội vụ tỉnh Bắc Giang"


SPLIT_CASES = [
    ("Sở Thông tin và Truyền thông; Văn phòng UBND tỉnh", [("Sở Thông tin và Truyền thông", ""), ("Văn phòng UBND tỉnh", "")]),
    ("Văn phòng Sở; phòng CCVC Sở.", [("Văn phòng Sở", ""), ("phòng CCVC Sở", "")]),
    ("Sở KH&CN; các cơ quan, đơn vị liên quan", [("Sở KH&CN", ""), ("các cơ quan, đơn vị liên quan", "")]),
    # ", Sở …" starts another body
    ("Văn phòng UBND tỉnh, Sở Nội vụ", [("Văn phòng UBND tỉnh", ""), ("Sở Nội vụ", "")]),
    ("Công an tỉnh, Sở Khoa học và Công nghệ và các cơ quan, đơn vị có liên quan",
     [("Công an tỉnh", ""), ("Sở Khoa học và Công nghệ", ""), ("các cơ quan, đơn vị có liên quan", "")]),
    # "và" between two bodies, not inside a name
    ("Sở Tài chính và Sở Kế hoạch và Đầu tư", [("Sở Tài chính", ""), ("Sở Kế hoạch và Đầu tư", "")]),
    ("Sở Thông tin và Truyền thông", [("Sở Thông tin và Truyền thông", "")]),
    # "phối hợp với": what follows supports
    ("Phòng Cải cách hành chính phối hợp với các phòng thuộc Sở có thủ tục hành chính.",
     [("Phòng Cải cách hành chính", ""), ("các phòng thuộc Sở có thủ tục hành chính", "support")]),
    ("Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ, Sở Tài chính",
     [("Sở Thông tin và Truyền thông", ""), ("Sở Nội vụ", "support"), ("Sở Tài chính", "support")]),
    # a group keeps its commas
    ("Các sở, ban ngành, UBND huyện, thành phố", [("Các sở, ban ngành, UBND huyện, thành phố", "")]),
    ("UBND các huyện, thị xã, thành phố", [("UBND các huyện, thị xã, thành phố", "")]),
    ("Các sở, ban, ngành và UBND các huyện", [("Các sở, ban, ngành", ""), ("UBND các huyện", "")]),
    # a line break or a sentence end separates, a trailing parenthesis goes
    ("Sở Nội vụ.\nSở Tài chính", [("Sở Nội vụ", ""), ("Sở Tài chính", "")]),
    ("Sở Khoa học và Công nghệ (chủ trì)", [("Sở Khoa học và Công nghệ", "")]),
    ("Phòng Công chức, viên chức.", [("Phòng Công chức, viên chức", "")]),
    ("", []),
]


@pytest.mark.parametrize("cell,expected", SPLIT_CASES, ids=[c[0][:40] for c in SPLIT_CASES])
def test_split_agencies(cell: str, expected: list[tuple[str, str]]) -> None:
    assert split_agencies(cell) == expected


@pytest.mark.parametrize(
    "cell,by,expected",
    [
        ("Văn phòng Sở; Thanh tra Sở.", SNV_BAC_GIANG, ["Văn phòng Sở Nội vụ tỉnh Bắc Giang", "Thanh tra Sở Nội vụ tỉnh Bắc Giang"]),
        ("Các phòng thuộc Sở", SNV_BAC_GIANG, ["Các phòng, đơn vị thuộc Sở Nội vụ tỉnh Bắc Giang"]),
        ("Sở KH&CN; các cơ quan, đơn vị liên quan", UBND_DONG_THAP,
         ["Sở Khoa học và Công nghệ tỉnh Đồng Tháp", "các cơ quan, đơn vị liên quan tỉnh Đồng Tháp"]),
    ],
)
def test_split_then_complete(cell: str, by: tuple[Province | None, Body | None, str], expected: list[str]) -> None:
    assert [complete(n, *by) for n, _ in split_agencies(cell)] == expected


HO_CHI_MINH = issuer("UBND", G.province("Hồ Chí Minh"))


@pytest.mark.parametrize(
    "name,expected",
    [
        # extra/18: "Công an Thành phố", "Trung tâm Chuyển đổi số Thành phố" finish with the city's name
        ("Công an Thành phố", "Công an Thành phố Hồ Chí Minh"),
        ("Trung tâm Chuyển đổi số Thành phố", "Trung tâm Chuyển đổi số Thành phố Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "UBND Thành phố Hồ Chí Minh"),
        ("Bộ Xây dựng", "Bộ Xây dựng"),
        # extra/12: a name that ends with the city's word in lower case, not written twice
        ("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hồ Chí Minh"),
        ("Công an thành phố", "Công an thành phố Hồ Chí Minh"),
    ],
)
def test_complete_in_ho_chi_minh_city(name: str, expected: str) -> None:
    assert complete(name, *HO_CHI_MINH) == expected


@pytest.mark.parametrize("name", ["Sở Xây dựng", "Sở Nông nghiệp và Môi trường"])
def test_complete_writes_thanh_pho_ho_chi_minh_with_a_capital(name: str) -> None:
    assert complete(name, *HO_CHI_MINH) == f"{name} Thành phố Hồ Chí Minh"
