"""Reading the import workbook and writing the blank template."""

import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from congress.models import Field, Unit

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


class BadWorkbook(ValueError):
    """The file cannot be read as an import workbook; the message is for people."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read(file) -> list[dict]:
    """The data rows as dicts keyed by heading, each with its Excel row number under "row"."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as e:
        raise BadWorkbook("无法读取该文件，请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）") from e
    try:
        ws = wb.worksheets[0]
        lines = ws.iter_rows(values_only=True)
        header = [_text(v) for v in next(lines, ())]
        missing = [h for h in REQUIRED if h not in header]
        if missing:
            raise BadWorkbook(f"第1行表头缺少：{'、'.join(missing)}。请使用导入模板")
        index = {h: header.index(h) for h in HEADINGS if h in header}
        rows = []
        for n, values in enumerate(lines, start=2):
            cells = {h: _text(values[i]) if i < len(values) else "" for h, i in index.items()}
            if not any(cells.values()):
                continue  # blank lines are common at the end of a sheet
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
    ws.append(
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
        ]
    )
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("说明")
    help_ws.append(["列", "是否必填", "填写说明"])
    for heading, required, _w, text in COLUMNS:
        help_ws.append([heading, "必填" if required else "可选", text])
    help_ws.append([])
    help_ws.append(["领域", "、".join(Field.objects.filter(is_active=True).values_list("name", flat=True))])
    help_ws.append(
        ["承办单位（简称）", "、".join(Unit.objects.filter(is_active=True).values_list("short_name", flat=True))]
    )
    help_ws.column_dimensions["A"].width = 16
    help_ws.column_dimensions["C"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
