"""Excel ledgers formatted to print, streamed row by row so memory stays flat.

Rows are read as tuples from a server-side cursor (`ledger_rows`). A sheet of XlsxWriter in
constant-memory mode (`cells.workbook`) lives in a temporary file; `cells.Rows` writes each body
row into it as one piece of XML, as XlsxWriter would, at a third of `write_row`'s cost. Body
cells are plain values; their look (font, wrapping, date format) is their column's format, set
once. openpyxl, even write-only, spent half again as long per cell and needed a styled cell for a
date or wrapped text (ARCHITECTURE.md).
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db.models import QuerySet
from django.utils import timezone

from suggestions.models import Assignment, Rating, Status, display_number

from . import cells, figures

CHUNK = 2000
BODY = {"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"}
HEAD = BODY | {"font_size": 11, "bold": True, "bg_color": "#DDE4EE", "align": "center", "valign": "vcenter"}
HEAD |= {"border": 1, "border_color": "#999999"}
DATE = "date"  # a column's third item: its cells are dates
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

LEDGER_COLUMNS = [
    ("序号", 6),
    ("编号", 10),
    ("会次", 16),
    ("标题", 44),
    ("领衔代表", 10),
    ("代表团", 12),
    ("领域", 10),
    ("主办单位", 16),
    ("协办单位", 18),
    ("状态", 12),
    ("答复类别", 8),
    ("评价", 9),
    ("交办日期", 11, DATE),
    ("答复日期", 11, DATE),
    ("办结日期", 11, DATE),
]

COMMITMENT_COLUMNS = [
    ("序号", 6),
    ("建议编号", 10),
    ("建议标题", 36),
    ("承办单位", 16),
    ("承诺事项", 44),
    ("承诺完成时间", 12, DATE),
    ("责任人", 10),
    ("落实状态", 10),
    ("落实日期", 11, DATE),
    ("销号日期", 11, DATE),
]

Progress = Callable[[int], None]


def _day(dt):
    """The local calendar day of a moment, as a date (Excel shows it as one and can sort it)."""
    return timezone.localtime(dt).date() if dt else None


# What a ledger row reads, as plain tuples: no model instances, no deputy's encrypted columns.
_LEDGER_FIELDS = (
    "pk",
    "number",
    "period",
    "session__name",
    "title",
    "lead_deputy__name",
    "lead_deputy__delegation__name",
    "field__name",
    "lead_unit__short_name",  # kept by the write path: the active lead unit
    "status",
    "category__code",
    "rating",
    "assigned_at",
    "replied_at",
    "closed_at",
)


def _co_units(qs: QuerySet) -> dict[int, str]:
    """The active co-units of each suggestion of `qs` that has any, joined, from one query.

    Asked chunk by chunk (`suggestion_id IN (2,000 ids)`), PostgreSQL scanned the whole assignment
    table for each chunk. The same joined names are one string, shared."""
    co = Assignment.objects.filter(suggestion__in=qs.order_by().values("pk"), is_active=True, role=Assignment.Role.CO)
    rows = co.order_by("suggestion_id", "id").values_list("suggestion_id", "unit__short_name")
    shared: dict[tuple[str, ...], str] = {}
    joined = {}
    for pk, links in groupby(rows.iterator(chunk_size=CHUNK), key=itemgetter(0)):
        names = tuple(name for _, name in links)
        joined[pk] = shared.setdefault(names, "、".join(names))
    return joined


def ledger_rows(qs: QuerySet) -> Iterator[tuple[str, str | None, list]]:
    """Each suggestion of `qs`, in its order, as (status, lead unit, the cells after 序号).

    Tuples from a server-side cursor; the co-units of them all in one query before."""
    statuses, ratings, tz = dict(Status.choices), dict(Rating.choices), timezone.get_current_timezone()
    co = _co_units(qs)

    def day(dt):
        return dt.astimezone(tz).date() if dt else None

    for row in qs.values_list(*_LEDGER_FIELDS).iterator(chunk_size=CHUNK):
        pk, number, period, session, title, deputy, delegation, field, lead, status, *rest = row
        category, rating, assigned, replied, closed = rest
        values = [display_number(number, period), session, title, deputy, delegation, field, lead]
        values += [co.get(pk), statuses[status], category, ratings.get(rating)]
        values += [day(assigned), day(replied), day(closed)]
        yield status, lead, values


class Book:
    """A workbook of sheets streamed to `out` (a path or a binary file); `close()` finishes it."""

    def __init__(self, out):
        self.wb = cells.workbook(out)
        self.head = self.wb.add_format(HEAD)
        self.body = self.wb.add_format(BODY)
        self.day = self.wb.add_format({**BODY, "num_format": "yyyy-mm-dd"})
        self._names: set[str] = set()

    def sheet(self, title: str, columns: list[tuple], heading: str) -> "Sheet":
        return Sheet(self, self._name(title), columns, heading)

    def _name(self, title: str) -> str:
        """A valid tab name, unique in the workbook (two units' names may agree in 31 characters)."""
        base = _NOT_IN_SHEET_NAME.sub("_", title)[:31].strip("'") or "Sheet"
        name, k = base, 1
        while name.lower() in self._names:
            k += 1
            name = f"{base[: 31 - len(str(k)) - 2]}({k})"
        self._names.add(name.lower())
        return name

    def close(self) -> None:
        self.wb.close()


class Sheet:
    """One sheet: the bold header row frozen and repeated on each printed page, gridlines printed,
    landscape A4 one page wide, the heading and page numbers in the page header and footer.

    Body cells are plain values: their look (宋体, wrapped, dates as yyyy-mm-dd) is the format of
    their column, set once, so a cell costs only its value."""

    def __init__(self, book: Book, name: str, columns: list[tuple], heading: str):
        self.ws = ws = book.wb.add_worksheet(name)
        for c, (_, width, *kind) in enumerate(columns):
            ws.set_column(c, c, width, book.day if kind == [DATE] else book.body)
        ws.freeze_panes(1, 0)
        ws.repeat_rows(0)
        ws.hide_gridlines(0)  # print them: the ledger is a table on paper too
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_header("&C" + heading.replace("&", "&&"))
        ws.set_footer("&C第 &P 页，共 &N 页")
        ws.write_row(0, 0, [h for h, *_ in columns], book.head)
        self.head, self.width, self.n = book.head, len(columns), 1
        self.rows = cells.Rows(ws)

    def row(self, values: Iterable) -> None:
        """The one place a body cell is written: text as text (`cells.Rows`), dates as dates."""
        self.rows.write(self.n, values)
        self.n += 1

    def totals(self, text: str) -> None:
        self.ws.write_row(self.n, 0, ["合计", text] + [None] * (self.width - 2), self.head)
        self.n += 1


def _write_ledger(sheet: Sheet, qs: QuerySet, progress: Progress) -> int:
    n = closed = 0
    for status, _, values in ledger_rows(qs):
        n += 1
        closed += status == Status.CLOSED
        sheet.row([n, *values])
        if n % CHUNK == 0:
            progress(n)
    sheet.totals(f"共 {n} 件，其中已办结 {closed} 件")
    progress(n)
    return n


def ledger(path, qs: QuerySet, *, title="建议办理台账", progress: Progress = lambda n: None) -> int:
    book = Book(path)
    n = _write_ledger(book.sheet(title, LEDGER_COLUMNS, title), qs, progress)
    book.close()
    return n


def b_ledger(path, qs: QuerySet, *, progress: Progress = lambda n: None) -> int:
    """Suggestions answered with a planned outcome (B类), and their commitments if recorded."""
    book = Book(path)
    sheet = book.sheet("B类建议台账", LEDGER_COLUMNS, "B类建议台账")
    n = _write_ledger(sheet, qs.filter(figures.c_had_b_reply()), progress)
    commitments = _commitments(qs)
    if commitments is not None:
        sheet = book.sheet("办理承诺", COMMITMENT_COLUMNS, "B类建议办理承诺台账")
        k = 0
        for k, c in enumerate(commitments.iterator(chunk_size=CHUNK), 1):
            sheet.row(
                [
                    k,
                    c.suggestion.display_number,
                    c.suggestion.title,
                    c.unit.short_name,
                    c.what,
                    c.due_date,
                    c.responsible,
                    c.get_status_display(),
                    _day(c.done_at),
                    _day(c.closed_out_at),
                ]
            )
        sheet.totals(f"共 {k} 项承诺")
    book.close()
    return n


def _commitments(qs: QuerySet):
    try:  # the supervision app records commitments; without it the ledger has one sheet
        from supervision.models import Commitment
    except ImportError:
        return None
    return Commitment.objects.filter(suggestion__in=qs.values("pk")).select_related("suggestion", "unit")


def unit_ledgers(path, qs: QuerySet, *, progress: Progress = lambda n: None) -> int:
    """One sheet per lead unit, written in one pass over the suggestions ordered by unit."""
    book = Book(path)
    qs = qs.filter(status__in=figures.ASSIGNED_STATUSES)
    qs = qs.order_by("lead_unit__short_name", "session__start_date", "period", "number")
    sheet, current, n, i, closed = None, object(), 0, 0, 0
    for status, lead, values in ledger_rows(qs):
        if lead != current:
            if sheet:
                sheet.totals(f"共 {i} 件，其中已办结 {closed} 件")
            current, i, closed = lead, 0, 0
            name = current or "未指定"
            sheet = book.sheet(name, LEDGER_COLUMNS, f"{name}建议办理台账")
        n += 1
        i += 1
        closed += status == Status.CLOSED
        sheet.row([i, *values])
        if n % CHUNK == 0:
            progress(n)
    if sheet:
        sheet.totals(f"共 {i} 件，其中已办结 {closed} 件")
    else:
        book.sheet("各承办单位台账", LEDGER_COLUMNS, "各承办单位台账").totals("共 0 件")
    progress(n)
    book.close()
    return n


@dataclass
class Table:
    """One sheet of a report: its tab name, the heading printed on each page, columns and rows."""

    title: str
    heading: str
    columns: list[tuple[str, int]]
    rows: list[list]
    totals: str = ""


def report(out, tables: list[Table]) -> None:
    """A workbook of small report tables (the look-back report ...), written like the ledgers:
    every body cell through `Sheet.row` (text that looks like a formula stays text)."""
    book = Book(out)
    for t in tables:
        sheet = book.sheet(t.title, t.columns, t.heading)
        for row in t.rows:
            sheet.row(row)
        if t.totals:
            sheet.totals(t.totals)
    book.close()
