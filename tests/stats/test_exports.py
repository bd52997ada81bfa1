"""Excel exports: a job runs once, reports progress, and the file holds the right rows, formatted to print."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from stats import excel, jobs
from stats.models import ExportJob
from suggestions.models import Suggestion

from .fixtures import build_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.STATS_EXPORT_IN_THREAD = False


def _download(client, job) -> object:
    resp = client.get(f"/stats/exports/{job.pk}/download/")
    assert resp.status_code == 200
    return load_workbook(BytesIO(b"".join(resp.streaming_content)))


def test_ledger_export_through_the_page(client, world):
    data = build_session(world)
    client.force_login(world.office)
    resp = client.post("/stats/exports/start/", {"kind": "ledger", "session": world.session.pk})
    assert "已完成" in resp.content.decode() and "下载" in resp.content.decode()
    job = ExportJob.objects.get()
    assert (job.state, job.total, job.done, job.percent) == ("done", 8, 8, 100)
    ws = _download(client, job)["建议办理台账"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "编号", "会次", "标题")
    assert rows[-1][:2] == ("合计", "共 8 件，其中已办结 2 件")
    by_title = {r[3]: r for r in rows[1:-1]}
    assert by_title[data[1].title][7:12] == ("省教育厅", "省民政厅", "已办结", "A", "满意")
    assert by_title[data[7].title][7] == "省交通运输厅"
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.print_options.gridLines


def test_the_ledger_reads_like_the_clerks_table(tmp_path, world):
    """What the clerk sees: Chinese headers in bold, widths to read a title, wrapped text, and real
    dates (the local day, sortable and filterable in Excel), one row per suggestion and the total."""
    data = build_session(world)
    n = excel.ledger(tmp_path / "l.xlsx", Suggestion.objects.filter(session=world.session).order_by("pk"))
    ws = load_workbook(tmp_path / "l.xlsx")["建议办理台账"]
    rows = list(ws.iter_rows(values_only=True))
    assert n == 8 and len(rows) == 1 + 8 + 1
    assert rows[0] == tuple(h for h, *_ in excel.LEDGER_COLUMNS)
    assert ws["A1"].font.b and ws["A1"].font.name == "宋体" and ws["A1"].alignment.wrap_text
    assert round(ws.column_dimensions["D"].width) == 45  # 44 characters as Excel shows it, plus its padding
    first = rows[1]
    closed = timezone.localtime(data[1].closed_at).date()
    assert first[:4] == (1, data[1].display_number, world.session.name, data[1].title)
    assert first[4:6] == (data[1].lead_deputy.name, data[1].lead_deputy.delegation.name)
    assert first[14].date() == closed and isinstance(first[14], date)
    assert ws["O2"].is_date and ws["O2"].number_format == "yyyy-mm-dd"
    assert ws["D2"].alignment.wrap_text and ws["D2"].data_type == "s"
    assert rows[6][12:] == (None, None, None)  # s6, only submitted: no dates yet, empty cells
    assert [r[0] for r in rows[1:-1]] == list(range(1, 9))


def test_the_ledgers_queries_grow_with_chunks_not_rows(tmp_path, world, monkeypatch):
    """The kind of regression: a lookup per row (a related name, a co-unit) in a 100,000-row export."""
    build_session(world)
    monkeypatch.setattr(excel, "CHUNK", 3)
    qs = Suggestion.objects.filter(session=world.session).order_by("pk")
    with CaptureQueriesContext(connection) as ctx:
        excel.ledger(tmp_path / "l.xlsx", qs)
    assert len(ctx) == 2  # the co-units of all 8 suggestions, then the rows (in chunks of 3, one cursor)


def test_sheet_names_are_valid_and_unique(tmp_path):
    """Units name the tabs of the per-unit ledgers: Excel refuses / and more than 31 characters."""
    long = "河南省" + "某" * 40
    tables = [excel.Table(t, t, [("序号", 6)], [[1]]) for t in ("省发改委/能源局", "省发改委/能源局", long, long)]
    excel.report(tmp_path / "r.xlsx", tables)
    names = load_workbook(tmp_path / "r.xlsx").sheetnames
    assert names == ["省发改委_能源局", "省发改委_能源局(2)", long[:31], long[:28] + "(2)"]


def test_starting_twice_while_running_reuses_the_job_and_running_twice_does_nothing(world):
    job = ExportJob.objects.create(requested_by=world.office, kind="ledger", params={})
    assert jobs.start(world.office, "ledger", {}) == job
    assert jobs.run(job.pk) is True
    assert jobs.run(job.pk) is False
    assert ExportJob.objects.count() == 1


def test_b_ledger_and_unit_ledgers(client, world):
    data = build_session(world)
    client.force_login(world.office)
    client.post("/stats/exports/start/", {"kind": "b_ledger"})
    wb = _download(client, ExportJob.objects.get(kind="b_ledger"))
    rows = list(wb["B类建议台账"].iter_rows(values_only=True))
    assert [r[3] for r in rows[1:-1]] == [data[2].title]
    client.post("/stats/exports/start/", {"kind": "unit_ledgers"})
    wb = _download(client, ExportJob.objects.get(kind="unit_ledgers"))
    assert set(wb.sheetnames) == {"省教育厅", "省交通运输厅"}
    assert list(wb["省交通运输厅"].iter_rows(values_only=True))[-1][1] == "共 1 件，其中已办结 0 件"


def test_filtered_list_uses_the_api_filter_names(client, world):
    data = build_session(world)
    client.force_login(world.office)
    client.post("/stats/exports/start/", {"kind": "filtered", "status": ["closed", "replied"]})
    job = ExportJob.objects.get(kind="filtered")
    assert job.params == {"status": ["closed", "replied"]}
    rows = list(_download(client, job).active.iter_rows(values_only=True))
    assert {r[3] for r in rows[1:-1]} == {data[1].title, data[2].title, data[3].title}


def test_other_users_cannot_download_my_export(client, world):
    client.force_login(world.office)
    client.post("/stats/exports/start/", {"kind": "ledger"})
    client.force_login(world.supervisor)
    assert client.get(f"/stats/exports/{ExportJob.objects.get().pk}/download/").status_code == 404
