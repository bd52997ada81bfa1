"""A supervisor sees what is late first, follows one suggestion and instructs its unit (批示)."""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from suggestions import actions
from suggestions.models import Event
from tests.browser.fixtures import login, screenshot
from tests.browser.journeys import take_step
from tests.workbench.helpers import browser_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_supervisor_sees_overdue_first_and_instructs_the_unit(page, live_server):
    w = browser_world()
    with time_machine.travel(date(2025, 1, 6), tick=False):
        late = w.new_draft(title="关于加快农村公路提档升级的建议")
        actions.submit(late, actor=w.deputy)
        actions.register(late, actor=w.office)
        actions.assign(late, actor=w.office, lead_unit=w.other_unit)
    fresh = w.new_draft()
    actions.submit(fresh, actor=w.deputy)
    actions.register(fresh, actor=w.office)
    actions.assign(fresh, actor=w.office, lead_unit=w.lead_unit)
    actions.sign(fresh, actor=w.handler)

    login(page, w.supervisor)
    expect(page).to_have_url(page.base + "/supervisor/")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(late.title)
    expect(rows.first).to_contain_text("已逾期")
    expect(page.locator(".stats")).to_contain_text("已逾期 1 件")
    screenshot(page, "supervisor-overview")

    page.get_by_label("逾期").select_option(label="仅已逾期")
    page.get_by_role("button", name="筛选", exact=True).click()
    expect(rows).to_have_count(1)
    page.get_by_role("link", name=late.title).click()
    take_step(
        page, "督办批示", fill=lambda f: f.locator("textarea").first.fill("请省交通运输厅抓紧签收办理，按期答复代表。")
    )
    expect(page.locator(".timeline")).to_contain_text("督办批示")
    screenshot(page, "supervisor-instruction")
    assert Event.objects.filter(suggestion=late, name="instruct", actor=w.supervisor).exists()
