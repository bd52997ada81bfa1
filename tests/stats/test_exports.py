"""Excel exports: a job runs once, reports progress, and the file holds the right rows, formatted to print."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from stats import jobs
from stats.models import ExportJob

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
    assert ws.page_setup.orientation == "landscape" and ws.column_dimensions["D"].width == 44


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
