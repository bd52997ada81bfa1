"""`cells.Rows` writes what XlsxWriter's own `write_row` writes, byte for byte, only faster; and
never a string as anything but text, where XlsxWriter passes `<r>…</r>` through raw (issue 9)."""

import io
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import xlsxwriter
from django.utils.safestring import mark_safe
from openpyxl import load_workbook

from stats import cells

ROWS = [
    [1, "关于加快乡村道路建设的建议", None, "", "张伟", date(2026, 3, 5), datetime(2026, 3, 5, 14, 30)],
    [2, "A & B <c> \"d\" 'e'", "line\nbreak", " leading", "trailing ", "\u3000全角空格", "tab\tinside"],
    [3, "\x00\x01\x1f控制字符", "_x0041_ literal", "_x00zz_ not one", "\ufffe\uffff", "emoji 😀", True],
    [False, 0, -1.5, 1e20, 12345678901234567890, Decimal("3.25"), 2**53 + 1],
    [None, None, None, None, None, None, None],
    [time(8, 30), timedelta(days=2), mark_safe("<b>safe</b>"), "=1+2", "@SUM(A1)", "x" * 16383, "x" * 40000],
    ["\t=1", "-1", "+1", "http://example.com", "mailto:a@b.c", "123", "😀" * 17000],
]


def _sheet_xml(write, options=None, set_rows=False) -> bytes:
    out = io.BytesIO()
    text_only = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    wb = xlsxwriter.Workbook(out, {**(options or {}), "constant_memory": True, **text_only})  # as cells.workbook
    ws = wb.add_worksheet("台账")
    body, day = wb.add_format({"text_wrap": True}), wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_column(0, 4, 12, body)
    ws.set_column(5, 5, 11, day)  # column 6 has no format
    if set_rows:
        ws.set_row(3, 30, wb.add_format({"bold": True}))
    ws.write_row(0, 0, ["序号", "标题"], wb.add_format({"bold": True}))
    write(ws)
    ws.write_row(len(ROWS) + 2, 0, ["合计", "共 7 件"])
    wb.close()
    return zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    "options,set_rows", [({}, False), ({"default_date_format": "yyyy年m月d日"}, False), ({}, True)]
)
def test_rows_write_the_same_xml_as_xlsxwriter(options, set_rows):
    def by_xlsxwriter(ws):
        for i, row in enumerate(ROWS, 1):
            ws.write_row(i, 0, row)

    def by_rows(ws):
        rows = cells.Rows(ws)
        for i, row in enumerate(ROWS, 1):
            rows.write(i, row)

    expected = _sheet_xml(by_xlsxwriter, options, set_rows)
    assert b"\xf0\x9f\x98\x80" in expected and b"_x005F_x0041_" in expected  # the cases are in it
    assert _sheet_xml(by_rows, options, set_rows) == expected


def test_a_long_string_is_cut_to_excels_limit_and_the_row_goes_on():
    """XlsxWriter's `write_row` stops at a string it had to cut, dropping the rest of the row."""
    out = io.BytesIO()
    wb = cells.workbook(out)
    cells.Rows(wb.add_worksheet()).write(0, ["x" * 40000, "之后"])
    wb.close()
    ws = load_workbook(out).active
    assert [len(ws["A1"].value), ws["B1"].value] == [32767, "之后"]


def test_a_string_that_looks_like_rich_text_stays_text():
    """XlsxWriter writes an inline `<r>…</r>` string into the sheet's XML unescaped: a title could
    close the cell's text and add a formula of its own."""
    evil = '<r><t>x</t></r></is><f>HYPERLINK("http://evil.example","点此")</f><is><r><t>y</t></r>'
    out = io.BytesIO()
    wb = cells.workbook(out)
    cells.Rows(wb.add_worksheet()).write(0, [evil, "<r><t>a</t></r>"])
    wb.close()
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == [evil, "<r><t>a</t></r>"]
    assert all(c.data_type == "s" for c in ws[1])


def test_rows_refuse_what_they_cannot_write_exactly():
    wb = cells.workbook(io.BytesIO())
    ws = wb.add_worksheet()
    rows = cells.Rows(ws)
    rows.write(1, ["a"])
    with pytest.raises(ValueError, match="already written"):
        rows.write(1, ["b"])
    with pytest.raises(TypeError):
        rows.write(2, [object()])
    with pytest.raises(TypeError):
        rows.write(3, [float("nan")])
    with pytest.raises(ValueError, match="beyond the last row"):
        rows.write(ws.xls_rowmax, ["a"])
    with pytest.raises(ValueError, match="constant-memory"):
        cells.Rows(xlsxwriter.Workbook(io.BytesIO()).add_worksheet())
    wb.close()
