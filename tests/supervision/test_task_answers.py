"""Units answer inspections and review opinions by a due date; the office sees who answered, on time or late."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditRecord
from supervision import actions
from supervision.jobs import scan_deadlines
from supervision.models import Notification, TaskAnswer, TaskReminder

TZ = ZoneInfo("Asia/Shanghai")


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=TZ), tick=False)


def opinion(world, *, sent=date(2026, 6, 1), due=date(2026, 9, 30)):
    with on(sent):
        return actions.record_review_opinion(
            actor=world.office,
            units=[world.lead_unit, world.co_unit, world.other_unit],
            title="关于代表建议办理情况报告的审议意见",
            meeting="省十四届人大常委会第十次会议",
            body="一、提高答复质量；二、加强与代表沟通。",
            due_date=due,
        )


def page(client, task):
    return client.get(f"/supervision/tasks/review-opinion/{task.pk}/")


def test_an_answer_after_the_due_date_is_marked_late(world, client):
    task = opinion(world)
    client.force_login(world.handler)
    with on(date(2026, 9, 20)):
        html = page(client, task).content.decode()
        assert "反馈办理情况" in html and "已过反馈期限" not in html
        pdf = SimpleUploadedFile("落实情况.pdf", b"%PDF-1.4 answer", content_type="application/pdf")
        r = client.post(f"/supervision/tasks/review-opinion/{task.pk}/", {"body": "已逐条落实。", "files": [pdf]})
    assert r.status_code == 302
    client.force_login(world.co_handler)
    with on(date(2026, 10, 9)):
        assert "已过反馈期限" in page(client, task).content.decode()
        client.post(f"/supervision/tasks/review-opinion/{task.pk}/", {"body": "已落实，迟报。"})
    on_time, late = TaskAnswer.objects.order_by("answered_at")
    assert (on_time.unit, on_time.late) == (world.lead_unit, False)
    assert (late.unit, late.late) == (world.co_unit, True)
    assert on_time.files.get().name == "落实情况.pdf"
    # Audited like the office's other writes, and the office is told.
    assert AuditRecord.objects.filter(action="task_answer").count() == 2
    assert Notification.objects.filter(recipient=world.office, title__contains="（逾期）").count() == 1


def test_office_sees_who_answered_on_time_late_or_not_yet(world, client):
    task = opinion(world)
    with on(date(2026, 9, 1)):
        actions.answer_task(task, actor=world.handler, body="按时落实。")
    with on(date(2026, 10, 8)):
        actions.answer_task(task, actor=world.co_handler, body="逾期落实。")
    client.force_login(world.office)
    with on(date(2026, 10, 10)):
        html = page(client, task).content.decode()
        listing = client.get("/supervision/tasks/").content.decode()
    assert "按时反馈 1，逾期反馈 1，未反馈 1" in html
    assert html.count("逾期未反馈") == 1 and "按时落实。" in html and "逾期落实。" in html
    assert "已反馈 2/3（逾期 1）" in listing
    # A unit reads only its own answer.
    client.force_login(world.co_handler)
    html = page(client, task).content.decode()
    assert "逾期落实。" in html and "按时落实。" not in html


def test_a_unit_answers_once_and_only_tasks_sent_to_it(world, client):
    task = opinion(world)
    actions.record_review_opinion(
        actor=world.office,
        units=[world.co_unit],
        title="另一审议意见",
        meeting="会议",
        body="内容",
        due_date=date(2026, 12, 1),
    )
    with on(date(2026, 9, 1)):
        actions.answer_task(task, actor=world.handler, body="已落实。")
    client.force_login(world.leader)
    assert client.post(f"/supervision/tasks/review-opinion/{task.pk}/", {"body": "再报一次"}).status_code == 403
    assert TaskAnswer.objects.count() == 1
    client.force_login(world.other_handler)
    other = task.__class__.objects.get(title="另一审议意见")
    assert page(client, other).status_code == 404
    client.force_login(world.deputy)
    assert page(client, task).status_code == 403
    client.force_login(world.office)
    assert client.post(f"/supervision/tasks/review-opinion/{task.pk}/", {"body": "代为反馈"}).status_code == 403


def test_answer_files_download_for_the_unit_and_the_office_only(world, client):
    task = opinion(world)
    pdf = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    client.force_login(world.handler)
    client.post(f"/supervision/tasks/review-opinion/{task.pk}/", {"body": "见附件。", "files": [pdf]})
    f = TaskAnswer.objects.get().files.get()
    url = f"/files/task-file/{f.pk}/"
    assert "task-file" in page(client, task).content.decode()
    r = client.get(url)
    assert r.status_code == 200 and "filename*=utf-8''%E6%95%B4" in r["Content-Disposition"]
    client.force_login(world.office)
    assert client.get(url).status_code == 200
    client.force_login(world.co_handler)
    assert client.get(url).status_code == 404


def test_a_file_that_is_not_what_it_says_is_refused(world, client):
    task = opinion(world)
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.force_login(world.handler)
    r = client.post(f"/supervision/tasks/review-opinion/{task.pk}/", {"body": "见附件。", "files": [fake]})
    assert r.status_code == 400 and not TaskAnswer.objects.exists()


@pytest.mark.parametrize("day, kind", [(date(2026, 9, 28), "due_soon"), (date(2026, 10, 2), "overdue")])
def test_reminder_of_an_unanswered_task_is_sent_once_per_person(world, day, kind):
    task = opinion(world)
    with on(date(2026, 9, 1)):
        actions.answer_task(task, actor=world.handler, body="已落实。")
    with on(day):
        first = scan_deadlines(day)
        again = scan_deadlines(day)
    reminded = set(TaskReminder.objects.filter(kind=kind).values_list("recipient__username", flat=True))
    # The lead unit answered: only the other two units' people are reminded, each once.
    assert reminded == {"co_handler", "other_handler"}
    assert first >= 2 and again == 0
    notes = Notification.objects.filter(kind="review_opinion", title__contains="反馈")
    assert notes.filter(recipient=world.co_handler).count() == 1
    assert not notes.filter(recipient=world.handler).exclude(title__startswith="审议意见：").exists()


def test_no_reminder_long_before_the_due_date(world):
    opinion(world)
    day = date(2026, 9, 30) - timedelta(days=30)
    with on(day):
        scan_deadlines(day)
    assert not TaskReminder.objects.exists()


def test_units_answer_through_the_api_and_the_office_reads_the_answers(world, api):
    task = opinion(world)
    url = f"/api/v1/review-opinions/{task.pk}/answers/"
    with on(date(2026, 10, 3)):
        r = api(world.handler).post(url, {"body": "已落实。"}, format="json")
    assert r.status_code == 201 and r.json()["late"] is True
    assert api(world.leader).post(url, {"body": "再报"}, format="json").status_code == 409
    assert api(world.handler).post(url, {"body": ""}, format="json").status_code == 400
    assert api(world.deputy).post(url, {"body": "代表"}, format="json").status_code == 403
    [row] = api(world.office).get(url).json()
    assert (row["unit"], row["late"]) == ("省教育厅", True)
    assert api(world.co_handler).get(url).json() == []
