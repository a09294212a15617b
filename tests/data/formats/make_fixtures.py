"""Generate the committed format fixtures of tests/loaders/test_read.py.

Run once from the repository root and commit the output:

    .venv/bin/pip install fpdf2        # generator only, not a runtime dependency
    .venv/bin/python tests/data/formats/make_fixtures.py

Writes plan_with_task_table.docx, decision.pdf and notice.html next to this file.
The PDF embeds DejaVu Sans (apt package fonts-dejavu-core) for the Vietnamese text.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def make_docx(target: Path) -> None:
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND TỈNH ĐỒNG THÁP"
    header.cell(0, 0).add_paragraph("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "Số: 12/KH-SKHCN"
    header.cell(1, 1).text = "Đồng Tháp, ngày 05 tháng 3 năm 2025"
    for line in [
        "KẾ HOẠCH",
        "Triển khai nhiệm vụ chuyển đổi số ngành khoa học và công nghệ năm 2025",
        "Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt "
        "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;",
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 20 tháng 02 năm 2025 của Ủy ban nhân dân tỉnh Đồng Tháp "
        "về chuyển đổi số năm 2025;",
        "Sở Khoa học và Công nghệ ban hành Kế hoạch triển khai như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Nâng cao hiệu quả quản lý nhà nước về khoa học và công nghệ trên nền tảng số.",
        "2. Yêu cầu",
        "Nhiệm vụ được giao phải rõ đơn vị chủ trì, đơn vị phối hợp và thời gian hoàn thành.",
        "",
        "II. NHIỆM VỤ CỤ THỂ",
    ]:
        document.add_paragraph(line)

    rows = [
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"],
        ["I", "Hạ tầng số", None, None, None],
        ["1", "Nâng cấp hệ thống hội nghị truyền hình trực tuyến của Sở", "Văn phòng Sở",
         "Viễn thông Đồng Tháp", "Quý II/2025"],
        ["2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", None,
         "Trung tâm Phục vụ hành chính công tỉnh", "Tháng 6/2025"],
        ["3", "Xây dựng cơ sở dữ liệu nhiệm vụ khoa học và công nghệ cấp tỉnh", "Phòng Quản lý khoa học",
         ["Sở Nội vụ;", "Sở Tài chính"], "Năm 2025"],
    ]  # fmt: skip
    table = document.add_table(rows=len(rows), cols=5)
    table.style = "Table Grid"
    # Group heading: "Hạ tầng số" spans the four columns after STT (w:gridSpan).
    table.cell(1, 1).merge(table.cell(1, 4))
    # "Văn phòng Sở" leads tasks 1 and 2 (w:vMerge restart / continue).
    table.cell(2, 2).merge(table.cell(3, 2))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None:
                continue
            cell = table.cell(r, c)
            if isinstance(value, list):
                cell.text = value[0]
                for extra in value[1:]:
                    cell.add_paragraph(extra)
            else:
                cell.text = value

    for line in [
        "III. TỔ CHỨC THỰC HIỆN",
        "Giao Văn phòng Sở chủ trì, phối hợp với các phòng chuyên môn theo dõi, đôn đốc việc thực hiện "
        "Kế hoạch này; tổng hợp, báo cáo Giám đốc Sở trước ngày 15 tháng 12 năm 2025.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ]:
        document.add_paragraph(line)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Tiêu đề trang (không được đọc)"
    section.footer.paragraphs[0].text = "Chân trang (không được đọc)"
    document.core_properties.author = "Sở Khoa học và Công nghệ"
    document.save(target)


DECISION_PAGE_1 = [
    ("B", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"),
    ("B", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("", "Độc lập - Tự do - Hạnh phúc"),
    ("", "Số: 356/QĐ-UBND"),
    ("", "Đồng Tháp, ngày 18 tháng 3 năm 2025"),
    ("B", "QUYẾT ĐỊNH"),
    ("B", "Về việc giao nhiệm vụ triển khai Đề án 06 trên địa bàn tỉnh năm 2025"),
    ("B", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"),
    ("", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
    ("", "Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt "
         "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi "
         "số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030;"),
    ("", "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 10 tháng 3 năm 2025."),
    ("B", "QUYẾT ĐỊNH:"),
    ("", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai Đề án 06 trên địa bàn tỉnh năm 2025."),
    ("", "Điều 2. Giao Sở Nội vụ chủ trì, phối hợp với Công an tỉnh, Sở Khoa học và Công nghệ và các "
         "cơ quan, đơn vị có liên quan theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; định kỳ báo "
         "cáo Ủy ban nhân dân tỉnh trước ngày 20 hằng tháng."),
]  # fmt: skip
DECISION_PAGE_2 = [
    ("", "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Công an tỉnh, "
         "Thủ trưởng các sở, ban, ngành tỉnh và Chủ tịch Ủy ban nhân dân các huyện, thành phố chịu "
         "trách nhiệm thi hành Quyết định này./."),
    ("B", "Nơi nhận:"),
    ("", "- Như Điều 3;"),
    ("", "- Lưu: VT, NC."),
    ("B", "KT. CHỦ TỊCH"),
    ("B", "PHÓ CHỦ TỊCH"),
]  # fmt: skip


def make_pdf(target: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_creator("cancu make_fixtures.py")
    for page in (DECISION_PAGE_1, DECISION_PAGE_2):
        pdf.add_page()
        for style, line in page:
            pdf.set_font("DejaVu", style, 11)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    pdf.output(str(target))


NOTICE_HTML = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Thông báo kết luận - Cổng thông tin điện tử tỉnh Đồng Tháp</title>
<style>td { border: 1px solid #999; }</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head>
<body>
<div class="header">ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP</div>
<p>Số: 89/TB-VPUBND&nbsp;&nbsp;&nbsp;&nbsp;Đồng Tháp, ngày 21 tháng 3 năm 2025</p>
<h1>THÔNG BÁO</h1>
<h2>Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh
    tại cuộc họp về tiến độ chuyển đổi số</h2>
<p>Ngày 19 tháng 3 năm 2025, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp nghe báo cáo
tiến độ thực hiện Kế hoạch số 45/KH-UBND<sup>1</sup> của Ủy ban nhân dân tỉnh.
Sau khi nghe báo cáo, Phó Chủ tịch kết luận như sau:</p>
<table>
  <thead>
    <tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời hạn</th></tr>
  </thead>
  <tbody>
    <tr><td>1</td><td>Hoàn thành kết nối Hệ thống thông tin giải quyết thủ tục hành chính
        với Cơ sở dữ liệu quốc gia về dân cư</td><td><b>Sở Khoa học và Công nghệ</b></td><td>30/4/2025</td></tr>
    <tr><td>2</td><td>Rà soát, cắt giảm thủ tục hành chính &amp; giấy tờ công dân</td><td>Sở Nội vụ</td><td>31/5/2025</td></tr>
  </tbody>
</table>
<p>Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.</p>
<p>&nbsp;</p>
<p>&nbsp;</p>
<p><sup>1</sup> Kế hoạch số 45/KH-UBND ngày 20 tháng 02 năm 2025 về chuyển đổi số năm 2025.</p>
<!-- footer: cổng thông tin -->
<script type="text/javascript">document.write("không được đọc");</script>
</body>
</html>
"""


def make_html(target: Path) -> None:
    target.write_text(NOTICE_HTML, encoding="utf-8")


def main() -> None:
    make_docx(HERE / "plan_with_task_table.docx")
    make_pdf(HERE / "decision.pdf")
    make_html(HERE / "notice.html")


if __name__ == "__main__":
    main()
