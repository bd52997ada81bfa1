"""Reading the import workbook and writing the blank template.

An uploaded workbook is untrusted: before openpyxl opens it, its zip directory is checked
(`uploads.check_zip` with `ZIP_LIMITS`: what it may inflate to, and how fast), and while it is read
(read-only mode, row by row) rows, columns, the length of a cell and the text kept in all are
capped, and reading stops after `MAX_BLANK_RUN` empty rows in a row, so neither memory nor the
ImportJob row grows with what the file claims to hold.
"""

import io
import re
import zipfile

from django import forms
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from congress.models import Field, Unit
from stats.cells import append_text
from suggestions import uploads

COLUMNS = [
    # (heading, required, width, help)
    ("编号", False, 8, "可选。整数；不填则按顺序自动编号"),
    ("标题", True, 40, "必填，不超过200字"),
    ("领衔代表", True, 10, "必填，代表姓名"),
    ("代表团", True, 14, "必填，领衔代表所在代表团，如“郑州代表团”"),
    ("联名代表", False, 20, "可选，多位代表用顿号“、”分隔；重名时写作“张伟（洛阳代表团）”"),
    ("领域", True, 10, "必填，见“说明”页的领域列表"),
    ("正文", True, 60, "必填"),
    ("提出时间", False, 10, "会议期间 或 闭会期间；不填为会议期间"),
    ("主办单位", False, 14, "可选，填写后直接交办；单位简称或全称"),
    ("协办单位", False, 20, "可选，多个单位用顿号“、”分隔"),
    ("公开方式", False, 10, "全文公开 或 仅公开标题；不填为全文公开"),
]
HEADINGS = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[1]]
MAX_ROWS = 5000
MAX_COLUMNS = 50  # the template has 11; extra columns are ignored, never read
MAX_CELL_CHARS = 20000  # a long suggestion's body is a few thousand characters
MAX_TOTAL_CHARS = 10_000_000  # everything kept on the ImportJob (one shared string can fill many cells)
MAX_BLANK_RUN = 1000  # a sheet "used" down to row 1,048,576 ends here
# openpyxl parses a whole sheet that lacks a <dimension> before reading its first row, keeping an
# (empty) element per row: so the rows and cells a sheet holds are counted first, from the raw XML.
MAX_SHEET_ROWS = 20_000
MAX_SHEET_CELLS = 500_000
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
ZIP_LIMITS = uploads.ZipLimits(
    max_members=200, max_member_bytes=32 * 1024 * 1024, max_total_bytes=64 * 1024 * 1024, max_ratio=100
)


class BadWorkbook(ValueError):
    """The file cannot be read as an import workbook; the message is for people."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _count_sheet_elements(file) -> None:
    """Refuse a workbook whose sheets hold more rows or cells than an import can have, empty ones included.

    Streams each sheet's XML (its size is already bounded by `ZIP_LIMITS`) and counts tags; a tag cut
    by a chunk boundary may be counted twice or missed, which does not matter for a limit.
    """
    with zipfile.ZipFile(file) as z:
        for info in z.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows = cells = 0
            tail = b""
            with z.open(info) as sheet:
                while chunk := sheet.read(1024 * 1024):
                    data = tail + chunk
                    rows += len(ROW_TAG.findall(data))
                    cells += len(CELL_TAG.findall(data))
                    tail = data[-16:]
                    if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                        raise BadWorkbook(
                            f"表格行数或单元格过多（超过{MAX_SHEET_ROWS}行或{MAX_SHEET_CELLS}个单元格，含空行），"
                            "未导入。请删除多余的空行或分批导入"
                        )
    file.seek(0)


def read(file) -> list[dict]:
    """The data rows as dicts keyed by heading, each with its Excel row number under "row"."""
    try:
        uploads.check_zip(file, ZIP_LIMITS)
        _count_sheet_elements(file)
    except forms.ValidationError as e:
        raise BadWorkbook(e.messages[0]) from e
    except BadWorkbook:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise BadWorkbook("无法读取该文件，请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）") from e
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as e:
        raise BadWorkbook("无法读取该文件，请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）") from e
    try:
        ws = wb.worksheets[0]
        lines = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header = [_text(v)[:100] for v in next(lines, ())]
        missing = [h for h in REQUIRED if h not in header]
        if missing:
            raise BadWorkbook(f"第1行表头缺少：{'、'.join(missing)}。请使用导入模板")
        index = {h: header.index(h) for h in HEADINGS if h in header}
        rows, blank_run, kept = [], 0, 0
        for n, values in enumerate(lines, start=2):
            cells = {h: _text(values[i]) if i < len(values) else "" for h, i in index.items()}
            if not any(cells.values()):
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    break  # the rest of the sheet is formatting, not data
                continue  # blank lines are common at the end of a sheet
            blank_run = 0
            for h, v in cells.items():
                if len(v) > MAX_CELL_CHARS:
                    raise BadWorkbook(f"第{n}行“{h}”超过{MAX_CELL_CHARS}字，请检查后再导入")
                kept += len(v)
            if kept > MAX_TOTAL_CHARS:
                raise BadWorkbook("文件内容过多，请分批导入")
            rows.append({"row": n, **cells})
            if len(rows) > MAX_ROWS:
                raise BadWorkbook(f"一次最多导入{MAX_ROWS}行，请分批导入")
        if not rows:
            raise BadWorkbook("文件中没有数据行")
        return rows
    finally:
        wb.close()


def template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "建议"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FDE2E2")
    for col, (heading, required, width, _help) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=heading)
        cell.font, cell.alignment = bold, Alignment(horizontal="center")
        if required:
            cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = width
    append_text(
        ws,
        [
            "",
            "关于加强农村留守儿童心理健康教育的建议",
            "王建国",
            "郑州代表团",
            "李秀英、张伟（洛阳代表团）",
            "科教文卫",
            "一、存在问题……\n二、建议……",
            "会议期间",
            "省教育厅",
            "省民政厅",
            "全文公开",
        ],
    )
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("说明")
    append_text(help_ws, ["列", "是否必填", "填写说明"])
    for heading, required, _w, text in COLUMNS:
        append_text(help_ws, [heading, "必填" if required else "可选", text])
    help_ws.append([])
    append_text(help_ws, ["领域", "、".join(Field.objects.filter(is_active=True).values_list("name", flat=True))])
    append_text(
        help_ws,
        ["承办单位（简称）", "、".join(Unit.objects.filter(is_active=True).values_list("short_name", flat=True))],
    )
    help_ws.column_dimensions["A"].width = 16
    help_ws.column_dimensions["C"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
