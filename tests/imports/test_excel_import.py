import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from imports import excel, services
from imports.models import ImportJob
from suggestions.models import Event, Status, Suggestion

HEAD = ["编号", "标题", "领衔代表", "代表团", "联名代表", "领域", "正文", "提出时间", "主办单位", "协办单位"]


def xlsx(rows, head=HEAD) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(head)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "past-session.xlsx"
    return buf


GOOD = [
    [
        12,
        "关于加快农村公路提质改造的建议",
        "王建国",
        "郑州代表团",
        "李秀英、张伟",
        "科教文卫",
        "正文一",
        "会议期间",
        "省教育厅",
        "省民政厅",
    ],
    [None, "关于加强校园食品安全监管的建议", "张伟", "洛阳代表团", "", "科教文卫", "正文二", "", "", ""],
    ["闭3", "关于加快中小学心理健康教师配备的建议", "刘洋", "洛阳代表团", "", "科教文卫", "正文三", "闭会期间", "", ""],
]


def upload(client, world, rows, **kw):
    client.force_login(world.office)
    response = client.post(reverse("imports:upload"), {"session": world.session.pk, "file": xlsx(rows, **kw)})
    return response


def check_all(client, job):
    while True:
        html = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
        job.refresh_from_db()
        if job.state != ImportJob.State.CHECKING:
            return html


def test_one_bad_row_writes_nothing_and_reports_that_row(world, client):
    rows = [r[:] for r in GOOD]
    rows.append([12, "关于某事的建议", "王建国", "郑州代表团", "", "科教文卫", "正文", "会议期间", "省教育厅", ""])
    rows.append(["", "", "赵六", "郑州代表团", "", "不存在的领域", "正文", "", "省不存在厅", ""])
    response = upload(client, world, rows)
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:job", args=[job.pk])
    html = check_all(client, job)
    assert job.state == ImportJob.State.INVALID
    assert {e["row"] for e in job.errors} == {5, 6}
    assert "编号12与第2行重复" in job.errors[0]["messages"]
    assert set(job.errors[1]["messages"]) >= {
        "缺少标题",
        "领衔代表：找不到代表“赵六”",
        "领域“不存在的领域”不存在",
        "承办单位“省不存在厅”不存在",
    }
    assert "第6行" in html and "未导入任何建议" in html and "找不到代表“赵六”" in html
    assert client.post(reverse("imports:run", args=[job.pk])).status_code == 302
    assert not Suggestion.objects.exists()
    assert not Event.objects.exists()


def test_a_good_import_creates_the_suggestions_with_events(world, client):
    upload(client, world, GOOD)
    job = ImportJob.objects.get()
    html = check_all(client, job)
    assert job.state == ImportJob.State.READY and "确认导入 3 件建议" in html
    client.post(reverse("imports:run", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTED and job.imported == 3
    first = Suggestion.objects.get(number=12, period="session")
    assert first.status == Status.ASSIGNED
    assert sorted(first.deputy_links.values_list("deputy__name", flat=True)) == ["张伟", "李秀英", "王建国"]
    assert set(first.assignments.values_list("role", "unit__short_name")) == {("lead", "省教育厅"), ("co", "省民政厅")}
    assert list(first.events.values_list("name", flat=True)) == ["import", "assign"]
    second = Suggestion.objects.get(title="关于加强校园食品安全监管的建议")
    assert second.status == Status.REGISTERED and second.number == 13  # after the numbers given
    third = Suggestion.objects.get(period="intersession")
    assert third.display_number == "闭03号"
    assert Event.objects.filter(name="import").count() == 3
    # importing the same file again is refused row by row: the suggestions already exist
    upload(client, world, GOOD)
    again = ImportJob.objects.order_by("-pk").first()
    check_all(client, again)
    assert again.state == ImportJob.State.INVALID and len(again.errors) == 3


def test_progress_is_checked_in_chunks(world, client, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 1)
    upload(client, world, GOOD)
    job = ImportJob.objects.get()
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("imports:progress", args=[job.pk])}"' in html
    first = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "第 1 / 3 行" in first and "<progress" in first
    job.refresh_from_db()
    assert job.checked == 1 and job.state == ImportJob.State.CHECKING


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(world, client):
    client.force_login(world.office)
    bad = io.BytesIO(b"not excel")
    bad.name = "x.xlsx"
    html = client.post(reverse("imports:upload"), {"session": world.session.pk, "file": bad}).content.decode()
    assert "只接受Excel（.xlsx）文件" in html
    html = upload(client, world, GOOD, head=["标题", "正文"]).content.decode()
    assert "表头缺少：领衔代表、代表团、领域" in html
    assert not ImportJob.objects.exists()


def test_only_the_office_imports(world, client):
    client.force_login(world.handler)
    assert client.get(reverse("imports:upload")).status_code == 403
    with pytest.raises(services.PermissionDenied):
        services.start(xlsx(GOOD), session=world.session, actor=world.handler)


def test_template_opens_and_has_the_headings(world, client):
    client.force_login(world.office)
    response = client.get(reverse("imports:template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["建议"][1]] == excel.HEADINGS
    assert "科教文卫" in str([c.value for row in wb["说明"].iter_rows() for c in row])
