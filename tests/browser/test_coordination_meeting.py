"""The office holds a coordination meeting by clicking: open it, pull the requests, decide each, apply."""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from suggestions.models import Assignment
from tests.browser.fixtures import login, screenshot
from tests.meetings.helpers import decisions, six_requests
from tests.workbench.helpers import browser_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_office_decides_six_disputed_assignments_and_applies_them_at_once(page, live_server):
    w = browser_world()
    ss = six_requests(w)
    login(page, w.office)
    page.goto(page.base + "/office/meetings/")
    page.get_by_label("召开日期").fill("2023-02-26")
    page.get_by_label("地点").fill("第三会议室")
    page.get_by_role("button", name="创建协调会").click()
    expect(page.locator(".messages")).to_contain_text("已创建2023年2月26日改办协调会")
    page.get_by_role("button", name="拉取本会次待审批的改办申请").click()
    expect(page.locator("article.meeting-item")).to_have_count(6)

    for s, (decision, unit, reason) in zip(ss, decisions(w), strict=True):
        item = page.locator("article.meeting-item").filter(has_text=s.title)
        item.get_by_label("决定").select_option(decision)
        item.get_by_label("单位").select_option(label=unit.short_name if unit else "（改办、增加协办、互换时选择）")
        item.get_by_label("理由").fill(reason)
        item.get_by_role("button", name="记录决定").click()
        expect(page.locator("article.meeting-item").filter(has_text=s.title).locator(".notice")).to_contain_text(
            "已记录"
        )
    expect(page.locator("#undecided")).to_have_text("全部议题均已作出决定。")
    screenshot(page, "office-coordination-meeting")

    page.get_by_role("button", name="执行全部决定").click()
    expect(page.locator(".messages")).to_contain_text("已执行6项决定")
    assert Meeting.objects.get().state == Meeting.State.HELD
    lead = Assignment.objects.get(suggestion=ss[3], is_active=True, role="lead")
    assert lead.unit == w.co_unit  # swapped
    page.get_by_role("link", name="会议纪要（打印）").click()
    expect(page.locator("h1")).to_have_text("2023年2月26日改办协调会纪要")
    expect(page.locator("table")).to_contain_text("省民政厅改任主办")
