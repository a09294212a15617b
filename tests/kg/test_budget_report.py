"""The budget legal-basis report: on the seed store against the gold file, on a hand-written
graph for the checks the seeds do not show, and in each of its five formats opened with the
library that reads it (the html printed to PDF by headless Chromium)."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from kg.budget_report import OK, WARNING, BudgetReport, BudgetRow, budget_report
from kg.ingest import ingest
from kg.iri import ID
from kg.namespace import CANCU
from kg.report_render import COLUMNS, TITLE, XLSX_MONEY, render
from kg.store import MemoryStore, OxigraphStore, Store
from loaders.gazetteer import fold
from loaders.symbols import symbol_key

HERE = Path(__file__).resolve().parent.parent
SEEDS = HERE / "corpus" / "seeds"
GOLD = json.loads((HERE / "gold" / "seeds.json").read_text(encoding="utf-8"))
SNV, BDT = "Sở Nội vụ tỉnh Quảng Ngãi", "Ban Dân tộc tỉnh Quảng Ngãi"
NOW = dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def seed(request, tmp_path_factory) -> Store:
    s: Store = OxigraphStore(tmp_path_factory.mktemp("seed") / "kg") if request.param == "oxigraph" else MemoryStore()
    assert ingest([SEEDS], s).ok
    yield s
    s.close()


@pytest.fixture(scope="module")
def seed_report(seed) -> BudgetReport:
    return budget_report(seed, now=NOW)


def _gold_items() -> list[dict]:
    """The gold's 2024 requests of the two agencies and the 2023 allocations under 569/QĐ-UBND."""
    return [g for g in GOLD["budget_items"] if g["agency"] in (SNV, BDT) and not g.get("optional") and (
        (g["kind"] == "request" and "2024" in (g["years"] or {}))
        or (g["kind"] == "allocation" and (g.get("allocated_by") or {}).get("number") == "569"))]


def _row(report: BudgetReport, agency: str, kind: str, title: str) -> BudgetRow:
    # titles compared without diacritics (the normaliser writes "số hóa" where the gold has "số hoá"),
    # the gold's title a beginning of the row's (the extractor keeps "(12 mos renewal) tại Sở Nội vụ")
    [row] = [r for r in report.rows if r.agency == agency and r.kind == kind and fold(r.title).startswith(fold(title))]
    return row


def _key(number: str | None, symbol: str | None, year: int | None) -> tuple:
    return (str(int(number)) if number else None, symbol_key(symbol or ""), year)


def _codes(row: BudgetRow) -> list[str]:
    return [c.code for c in row.checks]


# --------------------------------------------------------------------------- the seeds against the gold


def test_every_gold_item_is_a_row_with_its_amount_years_and_bases(seed_report):
    gold = _gold_items()
    assert len(gold) == 21
    for g in gold:
        row = _row(seed_report, g["agency"], g["kind"], g["title"])
        assert row.amount == g["amount_vnd"], g["title"]
        assert {str(y): a for y, a in row.years.items()} == g["years"], g["title"]
        assert row.funding_source == g.get("funding_source"), g["title"]
        want = {_key(b["number"], b["symbol"], b["year"]) for b in g["basis"]}
        assert {_key(b.number, b.symbol, b.year) for b in row.bases} == want, g["title"]
        if g["kind"] == "allocation":
            assert row.allocated_by == "Quyết định 569/QĐ-UBND"


def test_the_four_priced_requests_without_basis_are_flagged(seed_report):
    gold = {fold(f["detail"]) for f in GOLD["findings"] if f["kind"] == "missing_basis"}
    flagged = [fold(r.title) for r in seed_report.rows if "no_basis" in _codes(r) and r.amount is not None]
    assert len(flagged) == len(gold) == 4
    assert all(any(f.startswith(g) for f in flagged) for g in gold)
    # the two lines that name no money are flagged too, and say so
    unpriced = [r for r in seed_report.rows if r.amount is None]
    assert len(unpriced) == 2 and all({"no_basis", "no_amount"} <= set(_codes(r)) for r in unpriced)
    assert all(r.bases for r in seed_report.rows if "no_basis" not in _codes(r))


def test_decision_673_shows_as_the_basis_that_replaced_733(seed_report):
    row = _row(seed_report, SNV, "request", "Điều chỉnh, bổ sung tiêu chí của phần mềm đánh giá chấm điểm xác định chỉ số "
                                            "CCHC của các sở, ban ngành và UBND cấp huyện")
    assert [b.label for b in row.bases] == ["Quyết định 673/QĐ-UBND"]
    [check] = [c for c in row.checks if c.code == "replaces_older"]
    assert check.text == "Quyết định 673/QĐ-UBND thay thế Quyết định 733/QĐ-UBND"
    assert row.bases[0].chain_texts() == ["Quyết định 673/QĐ-UBND → thay thế Quyết định 733/QĐ-UBND — chưa đến văn bản trung ương"]
    # the replaced decision is in the chain, never a direct basis
    assert not any(b.number == "733" for r in seed_report.rows for b in r.bases)


def test_the_allocations_under_569_add_up_to_the_totals_the_reports_state(seed_report):
    stated = {SNV: "2.800.000.000 đ", BDT: "600.000.000 đ"}
    rows = [r for r in seed_report.rows if r.allocated_by == "Quyết định 569/QĐ-UBND"]
    assert len(rows) == 8
    for r in rows:
        [check] = [c for c in r.checks if c.code in ("items_add_up", "total_mismatch", "no_stated_total")]
        assert check.level == OK and check.code == "items_add_up"
        assert f"khớp tổng {stated[r.agency]}" in check.text


def test_bases_climb_to_their_national_root(seed_report):
    row = _row(seed_report, SNV, "request", "Xây dựng cơ sở dữ liệu tài liệu lưu trữ điện tử tại Trung tâm Lưu trữ lịch sử tỉnh")
    [plan] = [b for b in row.bases if b.label == "Kế hoạch 154/KH-UBND"]
    assert plan.chain_texts() == ["Kế hoạch 154/KH-UBND → thực hiện Quyết định 458/QĐ-TTg (trung ương)"]
    assert (plan.dates, plan.issuer, plan.seen) == (["2020-12-24"], "UBND tỉnh Quảng Ngãi", False)
    assert "cited_only" in _codes(row)
    [decree] = [b for b in row.bases if b.number == "1" and b.symbol == "NĐ-CP"]
    assert decree.national and decree.label == "Nghị định 1/2013/NĐ-CP" and decree.above() == []


def test_a_request_above_last_years_allocation_shows_the_ratio(seed_report):
    row = _row(seed_report, SNV, "request", "Tiếp tục triển khai Phần mềm quản lý cơ sở dữ liệu cán bộ, công chức, viên chức tỉnh Quảng Ngãi")
    [check] = [c for c in row.checks if c.code == "above_last_year"]
    assert check.level == WARNING and "gấp 2,10 lần" in check.text and "1.240.000.000 đ" in check.text


def test_totals_header_and_filters(seed, seed_report):
    by_agency = {t.key: t for t in seed_report.totals_by("agency")}
    assert by_agency[SNV].allocated == 2_800_000_000 and by_agency[BDT].allocated == 600_000_000
    assert sum(t.requested for t in seed_report.totals_by("year")) == sum(
        r.amount or 0 for r in seed_report.rows if r.kind == "request")
    assert {t.key for t in seed_report.totals_by("fund")} == {"NST", "Không nêu"}
    assert [s.file for s in seed_report.sources] == sorted(p.name for p in SEEDS.iterdir())
    only = budget_report(seed, agency="ban dan toc", year=2024)
    assert {r.agency for r in only.rows} == {BDT} and all(2024 in r.years for r in only.rows)
    assert {t.key for t in only.totals_by("year")} == {"2024"}
    assert {t.key: t.requested for t in only.totals_by("agency")} == {BDT: 510_000_000}
    assert budget_report(seed, year=2023).totals_by("year")[0].allocated == 3_400_000_000


# --------------------------------------------------------------------------- a hand-written graph


class _Graph:
    """Budget facts in the shape kg.build writes, with what the seeds lack: a replaced basis, a
    basis cited with two dates, totals that do not add up, a request that outgrows last year."""

    def __init__(self) -> None:
        self.triples: list = []
        self.n = 0
        self.source = self.doc("3", symbol="BC-UBND", date="2024-01-10", kind=CANCU.BaoCao)
        self.triples.append((self.source, CANCU.sourceFile, Literal("bao-cao.txt")))

    def doc(self, number: str, *, symbol: str = "QĐ-UBND", date: str | None = None, national: bool = False,
            kind: URIRef = CANCU.QuyetDinh) -> URIRef:
        d = ID[f"doc/test/{number}"]
        j = ID["jurisdiction/vn" if national else "jurisdiction/test"]
        self.triples += [(d, RDF.type, CANCU.LegalDocument), (d, CANCU.number, Literal(number)), (d, CANCU.symbol, Literal(symbol)),
                         (d, CANCU.documentType, kind), (d, CANCU.jurisdiction, j),
                         (j, SKOS.notation, Literal("VN" if national else "test"))]
        if date:
            self.triples += [(d, CANCU.dateDocument, Literal(date, datatype=XSD.date)), (d, CANCU.year, Literal(int(date[:4])))]
        return d

    def fact(self, cls: URIRef, agency: str) -> URIRef:
        self.n += 1
        f, a = ID[f"test/fact/{self.n}"], ID[f"agency/test/{fold(agency).replace(' ', '-')}"]
        ev = URIRef(f"{f}/evidence")
        self.triples += [(f, RDF.type, cls), (f, CANCU.statedIn, self.source), (f, CANCU.position, Literal(self.n)),
                         (f, CANCU.agency, a), (a, RDF.type, CANCU.Agency), (a, SKOS.prefLabel, Literal(agency, lang="vi")),
                         (f, PROV.wasDerivedFrom, ev), (ev, CANCU.file, Literal("bao-cao.txt")), (ev, CANCU.start, Literal(0)),
                         (ev, CANCU.end, Literal(9)), (ev, CANCU.sentence, Literal(f"câu {self.n}"))]
        return f

    def item(self, cls: URIRef, agency: str, title: str, amount: int, year: int, *, bases=(), by: URIRef | None = None) -> URIRef:
        f = self.fact(cls, agency)
        y = URIRef(f"{f}/year/{year}")
        self.triples += [(f, CANCU.itemTitle, Literal(title)), (f, CANCU.amountVnd, Literal(amount)), (f, CANCU.yearAmount, y),
                         (y, RDF.type, CANCU.YearAmount), (y, CANCU.year, Literal(year)), (y, CANCU.amountVnd, Literal(amount))]
        self.triples += [(f, CANCU.basis, b) for b in bases]
        if by is not None:
            self.triples.append((f, CANCU.allocatedBy, by))
        return f

    def total(self, agency: str, by: URIRef, amount: int) -> None:
        f = self.fact(CANCU.AllocationTotal, agency)
        self.triples += [(f, CANCU.allocatedBy, by), (f, CANCU.amountVnd, Literal(amount))]

    def cite(self, doc: URIRef, date: str) -> None:
        self.n += 1
        c = ID[f"test/citation/{self.n}"]
        ev = URIRef(f"{c}/evidence")
        self.triples += [(c, RDF.type, CANCU.Citation), (c, CANCU.citedDocument, doc), (c, CANCU.statedIn, self.source),
                         (c, CANCU.citedDate, Literal(date, datatype=XSD.date)), (c, PROV.wasDerivedFrom, ev),
                         (doc, CANCU.dateAsCited, Literal(date, datatype=XSD.date)),  # as kg.build states it
                         (ev, CANCU.file, Literal("bao-cao.txt")), (ev, CANCU.start, Literal(0)), (ev, CANCU.end, Literal(9))]

    def store(self) -> Store:
        s = MemoryStore()
        s.replace_graph(URIRef("urn:cancu:test:budget"), self.triples)
        return s


AG = "Sở Văn hóa, Thể thao và Du lịch tỉnh Thử"


@pytest.fixture(scope="module")
def made() -> BudgetReport:
    g = _Graph()
    law = g.doc("12", symbol="NĐ-CP", date="2020-02-01", national=True, kind=CANCU.NghiDinh)
    old, new, fix, alloc = g.doc("45", date="2021-05-03"), g.doc("80", date="2023-08-01"), g.doc("90", date="2023-09-09"), g.doc("7", date="2023-02-14")
    g.triples += [(old, CANCU.basedOn, law), (new, CANCU.replaces, old), (fix, CANCU.amends, old)]
    g.cite(old, "2021-05-04")  # the basis's own date is 03/5/2021: two dates
    g.item(CANCU.BudgetAllocation, AG, "Phần mềm quản lý văn bản điều hành", 100_000_000, 2023, bases=[alloc], by=alloc)
    g.item(CANCU.BudgetAllocation, AG, "Hội nghị tập huấn <chuyển đổi số> & “an toàn”", 50_000_000, 2023, bases=[alloc], by=alloc)
    g.total(AG, alloc, 200_000_000)
    g.item(CANCU.BudgetRequest, AG, "Nâng cấp phần mềm quản lý văn bản điều hành", 250_000_000, 2024, bases=[old])
    # another agency's similar allocation is no yardstick
    g.item(CANCU.BudgetAllocation, "Sở Tài chính tỉnh Thử", "Phần mềm quản lý văn bản điều hành", 10_000_000, 2023, bases=[alloc], by=alloc)
    return budget_report(g.store(), now=NOW)


def _made_row(report: BudgetReport, kind: str, words: str) -> BudgetRow:
    [row] = [r for r in report.rows if r.agency == AG and r.kind == kind and r.title.startswith(words)]
    return row


def test_a_replaced_and_amended_basis_cited_with_two_dates_is_named(made):
    row = _made_row(made, "request", "Nâng cấp")
    texts: dict[str, list[str]] = {}
    for c in row.checks:
        texts.setdefault(c.code, []).append(c.text)
    assert sorted(texts["replaced_basis"]) == ["Quyết định 45/QĐ-UBND đã bị thay thế bởi Quyết định 80/QĐ-UBND",
                                               "Quyết định 45/QĐ-UBND đã được sửa đổi, bổ sung bởi Quyết định 90/QĐ-UBND"]
    assert texts["date_conflict"] == ["Quyết định 45/QĐ-UBND được trích dẫn với các ngày khác nhau: 03/5/2021, 04/5/2021"]
    assert row.bases[0].chain_texts() == ["Quyết định 45/QĐ-UBND → căn cứ Nghị định 12/2020/NĐ-CP (trung ương)"]


def test_allocations_that_do_not_add_up_say_by_how_much(made):
    for words in ("Phần mềm", "Hội nghị"):
        [check] = [c for c in _made_row(made, "allocation", words).checks if c.code == "total_mismatch"]
        assert check.level == WARNING and check.text == (
            "Các khoản phân bổ theo Quyết định 7/QĐ-UBND cộng lại 150.000.000 đ, không khớp tổng 200.000.000 đ "
            "nêu tại Báo cáo 3/BC-UBND")
    [other] = [r for r in made.rows if r.agency == "Sở Tài chính tỉnh Thử"]
    assert "no_stated_total" in _codes(other)


def test_a_request_above_last_years_allocation_of_the_same_agency(made):
    [check] = [c for c in _made_row(made, "request", "Nâng cấp").checks if c.code == "above_last_year"]
    assert check.text == ("Đề xuất năm 2024 (250.000.000 đ) gấp 2,50 lần kinh phí phân bổ năm 2023 cho "
                          "“Phần mềm quản lý văn bản điều hành” (100.000.000 đ, Quyết định 7/QĐ-UBND)")


def test_html_escapes_every_string(made):
    page = render(made, "html").decode("utf-8")
    assert "Hội nghị tập huấn &lt;chuyển đổi số&gt; &amp; “an toàn”" in page
    assert "<chuyển" not in page


# --------------------------------------------------------------------------- the five formats


@pytest.fixture(scope="module")
def seed_memory_report() -> BudgetReport:
    s = MemoryStore()
    assert ingest([SEEDS], s).ok
    return budget_report(s, now=NOW)


def test_md_and_csv(seed_memory_report):
    md = render(seed_memory_report, "md").decode("utf-8")
    assert md.startswith(f"# {TITLE}\n\nLập lúc 08:30 ngày 05/3/2024 (UTC), từ 5 tệp")
    assert "| " + " | ".join(COLUMNS) + " |" in md
    assert "| Hệ thống quản lý Cán bộ công chức, viên chức cho tỉnh Quảng Ngãi | Phân bổ | 1.240.000.000 |" in md
    raw = render(seed_memory_report, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with it
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(seed_memory_report.rows)
    [r] = [r for r in rows if r["Nhiệm vụ"] == "Phòng họp trực tuyến"]
    assert (r["Kinh phí (đồng)"], r["Năm 2024 (đồng)"], r["Kiểm tra"]) == ("700000000", "700000000", "Cảnh báo: Không có căn cứ pháp lý")


def test_xlsx_sheets_cells_formats_frozen_header_and_filters(seed_memory_report, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(render(seed_memory_report, "xlsx"))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Khoản kinh phí", "Căn cứ", "Tổng hợp", "Nguồn dữ liệu"]
    items = wb["Khoản kinh phí"]
    header = [c.value for c in items[1]]
    assert header[:5] == ["STT", "Đơn vị", "Nhiệm vụ", "Loại", "Kinh phí (đồng)"] and "Năm 2026" in header
    assert items.freeze_panes == "A2" and items.auto_filter.ref == items.dimensions
    assert all(c.font.b for c in items[1])
    [row] = [r for r in items.iter_rows(min_row=2) if r[2].value == "Hệ thống quản lý Cán bộ công chức, viên chức cho tỉnh Quảng Ngãi"]
    assert (row[1].value, row[3].value, row[4].value, row[4].number_format) == (
        "Sở Nội vụ tỉnh Quảng Ngãi", "Phân bổ", 1_240_000_000, XLSX_MONEY)
    assert row[header.index("Năm 2023")].value == 1_240_000_000
    assert "Đạt: Các khoản phân bổ theo Quyết định 569/QĐ-UBND cộng lại 2.800.000.000 đ" in row[header.index("Kiểm tra")].value
    bases = wb["Căn cứ"]
    assert bases.freeze_panes == "A2" and bases.auto_filter.ref
    assert any(r[3].value == "Quyết định 673/QĐ-UBND" and r[6].value == "17/7/2023" for r in bases.iter_rows(min_row=2))
    assert wb["Nguồn dữ liệu"]["A1"].value == TITLE


def test_docx_is_a4_times_new_roman_with_a_header_row(seed_memory_report, tmp_path):
    path = tmp_path / "r.docx"
    path.write_bytes(render(seed_memory_report, "docx"))
    doc = Document(str(path))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (297, 210)  # A4 landscape, stored in twips
    assert doc.paragraphs[0].text == TITLE and doc.paragraphs[0].runs[0].bold
    assert doc.styles["Normal"].font.name == "Times New Roman"
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == COLUMNS
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeated on every page
    texts = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(texts) == len(seed_memory_report.rows)
    [line] = [t for t in texts if t[2] == "Điều chỉnh, bổ sung tiêu chí của phần mềm đánh giá chấm điểm xác định chỉ số CCHC "
                                         "của các sở, ban ngành và UBND cấp huyện"]
    assert line[4] == "40.000.000" and "Lưu ý: Quyết định 673/QĐ-UBND thay thế Quyết định 733/QĐ-UBND" in line[9]


def test_control_characters_from_the_store_or_the_filter_never_break_xlsx_or_docx(seed_memory_report, tmp_path):
    # Guards: kg.report_render.xml_text on every text of the xlsx and docx (openpyxl and
    # python-docx raise on characters XML 1.0 cannot hold).
    report = copy.deepcopy(seed_memory_report)
    report.agency = "s\x00o\x1f noi\x0bvu"
    row = report.rows[0]
    row.agency, row.title = "Sở\x01 Nội vụ\x0c", "Phần mềm\x08\x0b quản lý\ufffe"
    for b in (b for r in report.rows for b in r.bases):
        b.label, b.issuer = b.label + "\x07", "UBND\x1b"
    xlsx = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert xlsx["Khoản kinh phí"]["B2"].value == "Sở Nội vụ\n" and xlsx["Khoản kinh phí"]["C2"].value == "Phần mềm\n quản lý"
    assert any("“so noi\nvu”" in (c.value or "") for c in xlsx["Nguồn dữ liệu"]["A"])
    doc = Document(io.BytesIO(render(report, "docx")))
    assert doc.tables[0].rows[1].cells[1].text == "Sở Nội vụ\n"


def _squeeze(text: str) -> str:
    """PDF text without the spaces text extraction puts around stacked Vietnamese diacritics."""
    return "".join(unicodedata.normalize("NFC", text).split())


def test_html_prints_to_a4_pdf_in_headless_chromium(seed_memory_report, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CANCU_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is not installed, and CANCU_REQUIRE_BROWSER=1 says the html must be printed")
        pytest.skip("chromium is not installed")
    from pypdf import PdfReader

    page, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    page.write_bytes(render(seed_memory_report, "html"))
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)  # A4 landscape
    text = _squeeze("".join(p.extract_text() for p in reader.pages))
    for want in (TITLE, "Quyết định 673/QĐ-UBND thay thế Quyết định 733/QĐ-UBND", "1.240.000.000",
                 "khớp tổng 2.800.000.000 đ", "Không có căn cứ pháp lý", "Triển khai và tập huấn phần mềm cơ sở dữ liệu tín ngưỡng"):
        assert _squeeze(want) in text, want
