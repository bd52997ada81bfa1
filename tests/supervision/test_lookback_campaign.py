"""回头看 as a yearly campaign: the four checks prefilled and recorded, redo items followed, the reports."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from supervision import actions, lookbacks
from supervision.models import LookBack, LookBackCampaign, RedoItem

from .helpers import b_class_closed


def ledger_with_one_late_promise(world):
    """A B-class reply with two commitments: one done, one due last year and still open; no second reply."""
    s = b_class_closed(world)
    year = timezone.localdate().year
    actions.record_commitments(
        s,
        actor=world.handler,
        commitments=[
            {"what": "完成城乡供水管网改造", "due_date": date(year, 1, 31), "responsible": "张处长"},
            {"what": "建成县级水质检测中心", "due_date": date(year - 1, 12, 31), "responsible": "李科长"},
        ],
    )
    done = s.commitments.get(what="完成城乡供水管网改造")
    actions.report_progress(s, actor=world.handler, commitment=done, note="已完工并验收", done=True)
    return s, year


def open_campaign(client, world, year):
    client.force_login(world.office)
    r = client.post("/supervision/lookback/campaigns/", {"term": world.term.pk, "year": year, "note": "对照四看自查"})
    campaign = LookBackCampaign.objects.get(year=year)
    assert r.status_code == 302 and r["Location"] == f"/supervision/lookback/campaigns/{campaign.pk}/"
    return campaign


@pytest.mark.django_db
def test_opening_a_campaign_prefills_the_four_checks_from_the_records(client, world):
    s, year = ledger_with_one_late_promise(world)
    campaign = open_campaign(client, world, year)
    lb = LookBack.objects.get(campaign=campaign)
    assert lb.unit == world.lead_unit and not lb.recorded
    assert lb.facts["b_suggestions"] == 1 and lb.facts["commitments"] == 2
    assert (lb.facts["due"], lb.facts["due_done"], lb.facts["open"], lb.facts["followed"]) == (2, 1, 1, 0)
    assert [lb.ledger_kept, lb.promises_done, lb.follow_up_continuous, lb.second_reply_given] == [
        True,
        False,
        False,
        False,
    ]
    # Opening the same year twice is refused with the reason on the form.
    again = client.post("/supervision/lookback/campaigns/", {"term": world.term.pk, "year": year})
    assert again.status_code == 200 and "已开展" in again.content.decode()
    html = client.get(f"/supervision/lookback/campaigns/{campaign.pk}/").content.decode()
    assert world.lead_unit.short_name in html and "待核查" in html
    # The unit's own staff are told, and read their own look-back; another unit does not.
    assert world.handler.notifications.filter(title__contains="回头看").exists()
    client.force_login(world.handler)
    assert client.get(f"/supervision/lookback/units/{lb.pk}/").status_code == 200
    assert client.get(f"/supervision/lookback/campaigns/{campaign.pk}/").status_code == 302
    client.force_login(world.other_handler)
    assert client.get(f"/supervision/lookback/units/{lb.pk}/").status_code == 404
    assert client.get(f"/supervision/lookback/campaigns/{campaign.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_office_records_the_four_checks_with_findings_and_history(client, world):
    s, year = ledger_with_one_late_promise(world)
    campaign = open_campaign(client, world, year)
    lb = LookBack.objects.get(campaign=campaign)
    url = f"/supervision/lookback/units/{lb.pk}/"
    checks = {
        "form": "checks",
        "ledger_kept": "on",
        "ledger_finding": "台账完整",
        "promises_finding": "县级水质检测中心未按期建成",
        "follow_up_finding": "缺少跟踪记录",
        "second_reply_finding": "未向代表二次答复",
        "note": "需整改",
    }
    assert client.post(url, checks).status_code == 302
    lb.refresh_from_db()
    assert lb.recorded and lb.recorded_by == world.office
    assert (lb.ledger_kept, lb.promises_done, lb.follow_up_continuous, lb.second_reply_given) == (
        True,
        False,
        False,
        False,
    )
    assert lb.promises_finding == "县级水质检测中心未按期建成" and not lb.passed
    assert client.post(url, {**checks, "note": "复核"}).status_code == 302
    assert list(lb.versions.values_list("note", flat=True)) == ["需整改", "复核"]
    html = client.get(url).content.decode()
    assert "县级水质检测中心未按期建成" in html and "需整改" in html
    # Only the office records: a unit's post is refused and changes nothing.
    client.force_login(world.handler)
    assert client.post(url, {**checks, "promises_done": "on"}).status_code == 403
    lb.refresh_from_db()
    assert lb.promises_done is False


@pytest.mark.django_db
def test_a_redo_item_past_its_date_is_overdue_until_the_unit_reports_it_done(client, world, time_machine):
    s, year = ledger_with_one_late_promise(world)
    campaign = open_campaign(client, world, year)
    lb = LookBack.objects.get(campaign=campaign)
    url = f"/supervision/lookback/units/{lb.pk}/"
    due = timezone.localdate() + timedelta(days=10)
    redo = {
        "form": "redo",
        "aspect": RedoItem.Check.PROMISES,
        "suggestion": s.pk,
        "what": "按承诺建成县级水质检测中心",
        "responsible": "李科长",
        "due_date": due.isoformat(),
    }
    assert client.post(url, redo).status_code == 302
    item = RedoItem.objects.get(lookback=lb)
    assert item.suggestion == s and not item.is_overdue(timezone.localdate())
    assert world.handler.notifications.filter(title__contains="整改事项").exists()

    time_machine.move_to(timezone.now() + timedelta(days=11))
    client.force_login(world.office)  # the session has lapsed meanwhile
    today = timezone.localdate()
    assert RedoItem.objects.overdue(today).get() == item
    campaign_page = client.get(f"/supervision/lookback/campaigns/{campaign.pk}/").content.decode()
    assert "其中已逾期1项" in campaign_page
    assert "已逾期" in client.get(url).content.decode()

    client.force_login(world.other_handler)
    assert client.post(f"/supervision/lookback/redo/{item.pk}/done/", {"note": "完成"}).status_code == 404
    client.force_login(world.handler)
    r = client.post(f"/supervision/lookback/redo/{item.pk}/done/", {"note": "检测中心已建成投用"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == RedoItem.Status.DONE and item.done_by == world.handler
    assert not RedoItem.objects.overdue(today).exists()
    assert lookbacks.campaign_totals(lookbacks.report_rows(campaign.lookbacks.all()))["redo_overdue"] == 0


@pytest.mark.django_db
def test_reports_open_and_contain_the_units_checks_and_redo_items(client, world):
    s, year = ledger_with_one_late_promise(world)
    campaign = open_campaign(client, world, year)
    lb = LookBack.objects.get(campaign=campaign)
    lookbacks.record_checks(
        actor=world.office, lookback=lb, ledger_kept=True, promises_done=False, promises_finding="=检测中心未建成"
    )
    lookbacks.add_redo_item(
        actor=world.office,
        lookback=lb,
        aspect=RedoItem.Check.PROMISES,
        what="按承诺建成县级水质检测中心",
        responsible="李科长",
        due_date=date(year + 1, 6, 30),
    )
    for url in (
        f"/supervision/lookback/campaigns/{campaign.pk}/report.xlsx",
        f"/supervision/lookback/units/{lb.pk}/report.xlsx",
    ):
        r = client.get(url)
        assert r.status_code == 200 and "filename*=utf-8''" in r["Content-Disposition"]
        wb = load_workbook(BytesIO(r.content))
        units = [row for row in wb["四看情况"].iter_rows(values_only=True)]
        assert units[0][:2] == ("序号", "承办单位")
        assert units[1][1] == world.lead_unit.name and units[1][7:11] == ("是", "否", "否", "否")
        assert "=检测中心未建成" in units[1][11]  # a finding that looks like a formula stays text
        assert wb["四看情况"].cell(2, 12).data_type == "s"
        redo = [row for row in wb["整改事项"].iter_rows(values_only=True)]
        assert redo[1][4] == "按承诺建成县级水质检测中心" and redo[1][6] == f"{year + 1}-06-30"
    for url in (
        f"/supervision/lookback/campaigns/{campaign.pk}/report.docx",
        f"/supervision/lookback/units/{lb.pk}/report.docx",
    ):
        r = client.get(url)
        assert r.status_code == 200
        doc = Document(BytesIO(r.content))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        assert campaign.title in text and "二看：已承诺事项是否得到落实：否。=检测中心未建成" in text
        assert world.lead_unit.name in cells and "按承诺建成县级水质检测中心" in cells
    client.force_login(world.handler)
    assert client.get(f"/supervision/lookback/campaigns/{campaign.pk}/report.xlsx").status_code == 403
    assert client.get(f"/supervision/lookback/units/{lb.pk}/report.docx").status_code == 200
