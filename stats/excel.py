"""Excel ledgers formatted to print, written row by row so memory stays bounded.

openpyxl's write-only mode keeps no cells in memory; the queryset is read with
`.iterator(chunk_size)` (prefetching per chunk), and the file goes to disk, not to RAM.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from suggestions.models import Assignment, Rating, Status, display_number

from . import figures
from .cells import text

CHUNK = 2000
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FONT = Font(name="宋体", bold=True, size=11)
BODY_FONT = Font(name="宋体", size=10)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")

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
    ("交办日期", 11),
    ("答复日期", 11),
    ("办结日期", 11),
]

COMMITMENT_COLUMNS = [
    ("序号", 6),
    ("建议编号", 10),
    ("建议标题", 36),
    ("承办单位", 16),
    ("承诺事项", 44),
    ("承诺完成时间", 12),
    ("责任人", 10),
    ("落实状态", 10),
    ("落实日期", 11),
    ("销号日期", 11),
]

Progress = Callable[[int], None]


def cell_value(ws, value):
    """What one body cell holds: the plain value (cheap in write-only mode), except a string a
    spreadsheet could read as a formula (a title starting with "="), written as a text cell."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return text(WriteOnlyCell(ws, value=value))
    return value


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


def _co_units(pks: list[int]) -> dict[int, str]:
    co = Assignment.objects.filter(suggestion__in=pks, is_active=True, role=Assignment.Role.CO)
    names: dict[int, list[str]] = {}
    for pk, name in co.order_by("id").values_list("suggestion_id", "unit__short_name"):
        names.setdefault(pk, []).append(name)
    return {pk: "、".join(n) for pk, n in names.items()}


def ledger_rows(qs: QuerySet) -> Iterator[tuple[str, str | None, list]]:
    """Each suggestion of `qs`, in its order, as (status, lead unit, the cells after 序号).

    Tuples from a server-side cursor; the co-units of each chunk in one query, so the queries
    grow with the chunks, not the rows."""
    statuses, ratings = dict(Status.choices), dict(Rating.choices)
    rows = qs.values_list(*_LEDGER_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        co = _co_units([r[0] for r in chunk])
        for pk, number, period, session, title, deputy, delegation, field, lead, status, *rest in chunk:
            category, rating, assigned, replied, closed = rest
            cells = [display_number(number, period), session, title, deputy, delegation, field, lead]
            cells += [co.get(pk), statuses[status], category, ratings.get(rating)]
            cells += [_day(assigned), _day(replied), _day(closed)]
            yield status, lead, cells


@dataclass
class Sheet:
    title: str
    columns: list[tuple[str, int]]
    ws: object = None

    def open(self, wb: Workbook, heading: str) -> "Sheet":
        ws = wb.create_sheet(self.title[:31])
        for n, (_, width) in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddHeader.center.text = heading
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        self.ws = ws
        ws.append([self._cell(h, head=True) for h, _ in self.columns])
        return self

    def _cell(self, value, head=False):
        c = text(WriteOnlyCell(self.ws, value=value))  # a title starting with "=" stays text
        c.font = HEAD_FONT if head else BODY_FONT
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True) if head else WRAP
        if head:
            c.fill = HEAD_FILL
        return c

    def row(self, values: Iterable) -> None:
        """Body rows are plain values (write-only mode streams them; a styled cell each costs
        ten times as much). This is the one place a body cell is written."""
        self.ws.append([cell_value(self.ws, v) for v in values])

    def totals(self, text: str) -> None:
        cells = [self._cell("合计", head=True), self._cell(text, head=True)]
        cells += [self._cell("", head=True) for _ in self.columns[2:]]
        self.ws.append(cells)


def _write_ledger(sheet: Sheet, qs: QuerySet, progress: Progress) -> int:
    n = closed = 0
    for status, _, cells in ledger_rows(qs):
        n += 1
        closed += status == Status.CLOSED
        sheet.row([n, *cells])
        if n % CHUNK == 0:
            progress(n)
    sheet.totals(f"共 {n} 件，其中已办结 {closed} 件")
    progress(n)
    return n


def ledger(path, qs: QuerySet, *, title="建议办理台账", progress: Progress = lambda n: None) -> int:
    wb = Workbook(write_only=True)
    sheet = Sheet(title, LEDGER_COLUMNS).open(wb, title)
    n = _write_ledger(sheet, qs, progress)
    wb.save(path)
    return n


def b_ledger(path, qs: QuerySet, *, progress: Progress = lambda n: None) -> int:
    """Suggestions answered with a planned outcome (B类), and their commitments if recorded."""
    wb = Workbook(write_only=True)
    sheet = Sheet("B类建议台账", LEDGER_COLUMNS).open(wb, "B类建议台账")
    n = _write_ledger(sheet, qs.filter(figures.c_had_b_reply()), progress)
    commitments = _commitments(qs)
    if commitments is not None:
        sheet = Sheet("办理承诺", COMMITMENT_COLUMNS).open(wb, "B类建议办理承诺台账")
        k = 0
        for k, c in enumerate(commitments.iterator(chunk_size=CHUNK), 1):
            sheet.row(
                [
                    k,
                    c.suggestion.display_number,
                    c.suggestion.title,
                    c.unit.short_name,
                    c.what,
                    c.due_date.isoformat(),
                    c.responsible,
                    c.get_status_display(),
                    _day(c.done_at),
                    _day(c.closed_out_at),
                ]
            )
        sheet.totals(f"共 {k} 项承诺")
    wb.save(path)
    return n


def _commitments(qs: QuerySet):
    try:  # the supervision app records commitments; without it the ledger has one sheet
        from supervision.models import Commitment
    except ImportError:
        return None
    return Commitment.objects.filter(suggestion__in=qs.values("pk")).select_related("suggestion", "unit")


def unit_ledgers(path, qs: QuerySet, *, progress: Progress = lambda n: None) -> int:
    """One sheet per lead unit, written in one pass over the suggestions ordered by unit."""
    wb = Workbook(write_only=True)
    qs = qs.filter(status__in=figures.ASSIGNED_STATUSES)
    qs = qs.order_by("lead_unit__short_name", "session__start_date", "period", "number")
    sheet, current, n, i, closed = None, object(), 0, 0, 0
    for status, lead, cells in ledger_rows(qs):
        if lead != current:
            if sheet:
                sheet.totals(f"共 {i} 件，其中已办结 {closed} 件")
            current, i, closed = lead, 0, 0
            name = current or "未指定"
            sheet = Sheet(name, LEDGER_COLUMNS).open(wb, f"{name}建议办理台账")
        n += 1
        i += 1
        closed += status == Status.CLOSED
        sheet.row([i, *cells])
        if n % CHUNK == 0:
            progress(n)
    if sheet:
        sheet.totals(f"共 {i} 件，其中已办结 {closed} 件")
    else:
        Sheet("各承办单位台账", LEDGER_COLUMNS).open(wb, "各承办单位台账").totals("共 0 件")
    progress(n)
    wb.save(path)
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
    write-only, every body cell through `Sheet.row` (text that looks like a formula stays text)."""
    wb = Workbook(write_only=True)
    for t in tables:
        sheet = Sheet(t.title, t.columns).open(wb, t.heading)
        for row in t.rows:
            sheet.row(row)
        if t.totals:
            sheet.totals(t.totals)
    wb.save(out)
