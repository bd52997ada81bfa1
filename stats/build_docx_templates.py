"""Build the Word templates under stats/templates/docx/ (run: python -m stats.build_docx_templates).

The templates are docxtpl files: ordinary .docx with Jinja tags. They are committed; this
script is how they were made, so a layout change is a code change that can be reviewed.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent / "templates" / "docx"


def _document() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(16)  # 三号
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    return doc


def _para(doc, text, *, align=None, bold=False, size=None, font=None):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if font:
        run.font.name = font
        run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    return p


def reply_letter() -> None:
    doc = _document()
    _para(doc, "{{ category_mark }}", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, size=22, font="黑体")
    _para(doc, "{{ unit_name }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=22, font="方正小标宋简体")
    _para(doc, "关于{{ session_name }}{{ number_text }}建议的答复", align=WD_ALIGN_PARAGRAPH.CENTER, size=22)
    _para(doc, "{{ unit_code }}〔{{ year }}〕{{ number_text }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=16)
    _para(doc, "{{ deputy_names }}代表：")
    _para(doc, "您提出的《{{ title }}》收悉。现答复如下：")
    _para(doc, "{%p for text in paragraphs %}")
    p = _para(doc, "{{ text }}")
    p.paragraph_format.first_line_indent = Pt(32)
    _para(doc, "{%p endfor %}")
    _para(doc, "{% if co_units %}协办单位：{{ co_units }}{% endif %}")
    _para(doc, "感谢您对我们工作的关心和支持。")
    _para(doc, "")
    _para(doc, "{{ unit_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "{{ date_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "（联系单位：{{ unit_name }}；抄送：省人大常委会选任联工委）", size=12)
    # The sign-off block: each level of the unit's review chain (四级把关) and who passed it, when.
    _para(doc, "{% if signoffs %}审核签发：{{ signer }}{% endif %}", size=12)
    _table(doc, ["审核环节", "审核人", "时间"], ["so.label", "so.name", "so.date"], "so", "signoffs")
    doc.save(OUT / "reply_letter.docx")


def _table(doc, headings, fields, loop_var, rows_name):
    table = doc.add_table(rows=4, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.rows[1].cells[0].text = f"{{%tr for {loop_var} in {rows_name} %}}"
    for cell, f in zip(table.rows[2].cells, fields, strict=True):
        cell.text = "{{ " + f + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(10.5)


def annual_report() -> None:
    doc = _document()
    _para(doc, "关于{{ scope_name }}代表建议办理情况的报告", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    _para(doc, "——{{ date_text }}在省人民代表大会常务委员会会议上", align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    _para(doc, "省人民代表大会常务委员会：")
    p = _para(
        doc,
        "{{ scope_name }}共收到代表建议{{ total }}件，交办{{ assigned }}件，已办结{{ closed }}件，"
        "办结率{{ closed_rate }}。代表对答复满意和基本满意的{{ satisfied_or_basic }}件，满意率{{ satisfaction_rate }}"
        "（其中满意{{ satisfied }}件，基本满意{{ basic }}件）。",
    )
    p.paragraph_format.first_line_indent = Pt(32)
    p = _para(
        doc,
        "已答复的建议中，所提问题已经解决或者基本解决的（A类）{{ solved_a }}件，占{{ solved_a_rate }}；"
        "连同正在解决或者列入规划逐步解决的（B类），共{{ solved_ab }}件，占{{ solved_ab_rate }}。"
        "按时答复率{{ on_time_rate }}，与代表沟通率{{ contact_rate }}，B类建议转为A类{{ b_to_a }}件。",
    )
    p.paragraph_format.first_line_indent = Pt(32)
    _para(doc, "一、主要指标", bold=True, font="黑体")
    _table(
        doc,
        ["指标", "数量", "基数", "比率", "95%置信区间"],
        ["f.label", "f.num", "f.den", "f.rate", "f.ci"],
        "f",
        "figures",
    )
    _para(doc, "二、各承办单位办理情况", bold=True, font="黑体")
    headings = ["承办单位", "主办件数", "办结率", "满意率", "解决率（A+B类）", "按时答复率"]
    fields = ["r.label", "r.total", "r.closed", "r.satisfaction", "r.solved_ab", "r.on_time"]
    _table(doc, headings, fields, "r", "units")
    _para(doc, "三、各领域办理情况", bold=True, font="黑体")
    _table(doc, ["领域", "件数", "办结率", "满意率", "解决率（A+B类）", "按时答复率"], fields, "r", "fields")
    _para(doc, "")
    _para(doc, "省人大常委会选任联工委", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "{{ date_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.save(OUT / "annual_report.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    reply_letter()
    annual_report()
