"""Real document files made on the fly: text and scanned PDFs (fpdf2, Pillow), DOCX (python-docx), XLSX
(openpyxl) and, through LibreOffice headless, DOC, ODT, RTF and XLS. Shared by the tests and
benchmarks/documents.py. Fonts: Debian's fonts-dejavu-core (it has every Vietnamese glyph)."""
from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = FONT_DIR / "DejaVuSerif.ttf"
SERIF_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.9
FONT_POINTS = 12
SOFFICE_TIMEOUT_S = 180

HEADER_LEFT = ["HUYỆN ỦY LỘC NINH", "BAN DÂN VẬN", "*", "Số 86-KH/HU"]
HEADER_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "", "Lộc Ninh, ngày 05 tháng 3 năm 2021"]
TITLE = ["KẾ HOẠCH", "Tuyên truyền kỷ niệm Ngày Dân vận 15/10"]
EXPECTED_META = {"number": "86-KH/HU", "doc_type": "Kế hoạch", "issuer": "HUYỆN ỦY LỘC NINH - BAN DÂN VẬN",
                 "issued": "2021-03-05", "summary": "Tuyên truyền kỷ niệm Ngày Dân vận 15/10"}

BODY = [
    ("Thực hiện Chương trình công tác năm 2021 của Ban Thường vụ Huyện ủy, Ban Dân vận Huyện ủy xây dựng kế "
     "hoạch tuyên truyền kỷ niệm 91 năm Ngày truyền thống công tác dân vận của Đảng, 22 năm Ngày "
     "\"Dân vận\" của cả nước với những nội dung cụ thể như sau:"),
    "I. MỤC ĐÍCH, YÊU CẦU",
    ("1. Tuyên truyền sâu rộng trong cán bộ, đảng viên và các tầng lớp nhân dân về truyền thống vẻ vang của "
     "công tác dân vận; nâng cao nhận thức, trách nhiệm của cả hệ thống chính trị đối với công tác dân vận "
     "trong tình hình mới, góp phần củng cố vững chắc khối đại đoàn kết toàn dân tộc."),
    ("2. Phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong việc tập hợp, đoàn "
     "kết nhân dân, đặc biệt là đồng bào dân tộc thiểu số, đồng bào có đạo ở các xã biên giới; tiếp tục "
     "thực hiện có hiệu quả phong trào thi đua \"Dân vận khéo\" gắn với việc học tập và làm theo tư tưởng, "
     "đạo đức, phong cách Hồ Chí Minh."),
    "II. NỘI DUNG TUYÊN TRUYỀN",
    ("Quá trình hình thành, phát triển và những thành tựu của công tác dân vận; những điển hình tiên tiến, "
     "mô hình hay, cách làm hiệu quả trong phong trào thi đua yêu nước ở cơ sở; kết quả thực hiện quy chế "
     "dân chủ ở xã, phường, thị trấn và những đóng góp của nhân dân trong xây dựng nông thôn mới."),
]


def body_paragraphs(seed: int = 0, count: int = len(BODY)) -> list[str]:
    """``count`` paragraphs of BODY, starting at paragraph ``seed`` (cycled), for pages that differ."""
    return [BODY[(seed + k) % len(BODY)] for k in range(count)]


# --- PDF ----------------------------------------------------------------------------------------------------

def _fpdf():
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.add_font("Serif", "", str(SERIF))
    pdf.add_font("Serif", "B", str(SERIF_BOLD))
    pdf.set_margins(20, 15, 15)
    return pdf


def text_pdf(body: list[str] | None = None, *, header: bool = True, pages: int = 1,
             password: str | None = None) -> bytes:
    """A PDF with a text layer: the two-column header, the type and summary, then ``body`` on every page."""
    pdf = _fpdf()
    if password is not None:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    for n in range(pages):
        pdf.add_page()
        if header and n == 0:
            _pdf_header(pdf)
        pdf.set_font("Serif", "", 13)
        for para in body if body is not None else BODY:
            pdf.multi_cell(0, 6.5, para, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return _output(pdf)


def _output(pdf) -> bytes:
    """The PDF's bytes, with the font files fontTools keeps open (lazy loading) closed."""
    data = bytes(pdf.output())
    for font in pdf.fonts.values():
        if getattr(font, "ttfont", None) is not None:
            font.ttfont.close()
    return data


def _pdf_header(pdf) -> None:
    for left, right in zip(HEADER_LEFT, HEADER_RIGHT):
        pdf.set_font("Serif", "B" if left.isupper() else "", 12)
        pdf.cell(80, 6, left, align="C")
        pdf.set_font("Serif", "B" if right.isupper() else "", 12)
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Serif", "B", 14)
    for line in TITLE:
        pdf.cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def signed_scan_pdf(image, lines: list[str]) -> bytes:
    """A scan as e-signing leaves it: the page image, with the signature's text box typed over it."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210, h=297)
    pdf.set_font("Serif", "", 8)
    pdf.set_xy(120, 20)
    for line in lines:
        pdf.cell(0, 4, line, new_x="LEFT", new_y="NEXT")
    return _output(pdf)


def legacy_font_pdf() -> bytes:
    """A text layer as TCVN3 (ABC) fonts give it: Vietnamese in Latin-1 code points ("KÕ ho¹ch" for "Kế hoạch")."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("Serif", "", 13)
    pdf.multi_cell(0, 7, "KÕ ho¹ch tuyªn truyÒn kû niÖm Ngµy truyÒn thèng c«ng t¸c d©n vËn cña §¶ng, "
                         "ph¸t huy vai trß cña MÆt trËn Tæ quèc vµ c¸c ®oµn thÓ chÝnh trÞ - x· héi.")
    return _output(pdf)


def many_pages_pdf(pages: int) -> bytes:
    """A long PDF: one short Vietnamese line per page."""
    pdf = _fpdf()
    pdf.set_font("Serif", "", 12)
    for n in range(pages):
        pdf.add_page()
        pdf.cell(0, 6, f"Trang {n + 1}: báo cáo kết quả thực hiện công tác dân vận của hệ thống chính trị.")
    return _output(pdf)


# --- scans --------------------------------------------------------------------------------------------------

def scan_image(paragraphs: list[str], *, dpi: int = 300, stamp: bool = True, skew: float = 1.5,
               header: bool = False):
    """An A4 page as a scanner gives it: ``paragraphs`` wrapped to the text width in black serif type, a red
    round stamp printed over the last lines, turned by ``skew`` degrees, slightly soft.

    Returns (image, lines): ``lines`` is the text drawn (the truth for OCR), header lines first."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    page = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(SERIF), round(FONT_POINTS * dpi / 72))
    bold = ImageFont.truetype(str(SERIF_BOLD), round(FONT_POINTS * dpi / 72))
    step, x0 = round(FONT_POINTS * 1.6 * dpi / 72), round(MARGIN_INCHES * dpi)
    drawn: list[str] = []
    y = _draw_header(draw, bold, font, size[0], x0, step, drawn) if header else x0
    for para in paragraphs:
        for line in wrap(draw, para, font, size[0] - 2 * x0):
            if y > size[1] - x0 - step:
                break
            draw.text((x0, y), line, font=font, fill=(20, 20, 20))
            drawn.append(line)
            y += step
    if stamp:
        page = ImageChops.multiply(page, _stamp_layer(size, dpi, (size[0] * 0.62, y - 2.2 * step)))
    if skew:
        page = page.rotate(skew, resample=Image.BICUBIC, fillcolor="white")
    return page.filter(ImageFilter.GaussianBlur(dpi / 400)), drawn


def wrap(draw, text: str, font, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return lines + ([line] if line else [])


def _draw_header(draw, bold, font, width: int, y: int, step: int, drawn: list[str]) -> int:
    for left, right in zip(HEADER_LEFT, HEADER_RIGHT):
        for text, centre in ((left, width * 0.27), (right, width * 0.68)):
            f = bold if text.isupper() else font
            draw.text((centre - draw.textlength(text, font=f) / 2, y), text, font=f, fill=(20, 20, 20))
            drawn.append(text)
        y += step
    y += step
    for text in TITLE:
        draw.text(((width - draw.textlength(text, font=bold)) / 2, y), text, font=bold, fill=(20, 20, 20))
        drawn.append(text)
        y += step
    return y + step


def _stamp_layer(size, dpi: int, centre):
    """White with a red ring, an inner ring, a star and a line of red text: multiplied over the page."""
    from PIL import Image, ImageDraw, ImageFont
    layer = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(layer)
    red, r = (205, 35, 45), 0.8 * dpi
    cx, cy = centre
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(2, dpi // 40))
    draw.ellipse((cx - 0.7 * r, cy - 0.7 * r, cx + 0.7 * r, cy + 0.7 * r), outline=red, width=max(1, dpi // 90))
    star = [(cx + 0.25 * r * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
             cy - 0.25 * r * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(str(SERIF_BOLD), round(9 * dpi / 72))
    text = "BAN DÂN VẬN"
    draw.text((cx - draw.textlength(text, font=font) / 2, cy + 0.35 * r), text, font=font, fill=red)
    return layer


def scanned_pdf(images, dpi: int) -> bytes:
    """Page images as a scanner's PDF: JPEG images, no text layer."""
    buf = io.BytesIO()
    images = list(images)
    images[0].save(buf, format="PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=80)
    return buf.getvalue()


# --- office files -------------------------------------------------------------------------------------------

def docx_bytes(body: list[str] | None = None) -> bytes:
    """A DOCX laid out like a real plan: the header in a borderless two-column table, then the text."""
    import docx
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "\n".join(HEADER_LEFT[:3])
    table.cell(0, 1).text = HEADER_RIGHT[0]
    table.cell(1, 0).text = HEADER_LEFT[3]
    table.cell(1, 1).text = HEADER_RIGHT[3]
    for line in TITLE:
        document.add_paragraph(line)
    for para in body if body is not None else BODY:
        document.add_paragraph(para)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


SHEET_ROWS = [["STT", "Đơn vị", "Mô hình \"Dân vận khéo\"", "Ghi chú"],
              [1, "Xã Lộc Thạnh", 12, "Biên giới"], [2, "Thị trấn Lộc Ninh", 7, None],
              [3, "Xã Lộc Hòa", 5.5, "Đồng bào dân tộc thiểu số"]]


def xlsx_bytes() -> bytes:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp mô hình"
    for row in SHEET_ROWS:
        sheet.append(row)
    book.create_sheet("Sheet2").append(["Ghi chú: số liệu đến ngày 30/6/2021"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_convert(files: dict[str, bytes], target: str) -> dict[str, bytes]:
    """Convert {name: bytes} with LibreOffice headless to ``target`` ("doc", "odt", "rtf", "xls")."""
    with tempfile.TemporaryDirectory(prefix="danvan-lo-") as tmp:
        tmp_path = Path(tmp)
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
        profile = (tmp_path / "profile").as_uri()
        subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", target, "--outdir", str(tmp_path / "out"),
                        *[str(tmp_path / n) for n in files]],
                       check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S,
                       env={**os.environ, "HOME": tmp})
        return {name: (tmp_path / "out" / (Path(name).stem + "." + target)).read_bytes() for name in files}
