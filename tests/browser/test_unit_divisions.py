"""Inside a unit: the leader's organisation page, the office hands to three divisions, one hands back."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from suggestions import actions
from tests.browser.fixtures import login, logout, screenshot
from tests.browser.journeys import take_step
from tests.units.helpers import organise, reply_due
from tests.workbench.helpers import browser_world
from units.models import Handoff


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_office_hands_to_divisions_and_a_division_hands_back(page, live_server):
    w = browser_world()
    org = organise(w)
    s = w.new_draft(title="关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的建议")
    actions.submit(s, actor=w.deputy)
    actions.register(s, actor=w.office)
    actions.assign(s, actor=w.office, lead_unit=w.lead_unit)
    actions.sign(s, actor=w.handler)
    due = reply_due(s).due_date - timedelta(days=14)

    # The office (the handler works in 办公室) hands it to a lead division and two assisting ones.
    login(page, w.handler)
    page.goto(page.base + f"/unit/s/{s.pk}/")

    def fill(form):
        for division, role, person in [
            ("政策法规处", "主办处室", "张明"),
            ("规划财务处", "协办处室", "李红"),
            ("开发指导处", "协办处室", "王磊"),
        ]:
            form.get_by_label(f"{division}的分工").select_option(label=role)
            form.get_by_label(f"{division}的责任人").select_option(label=person)
            form.get_by_label(f"{division}的内部办理期限").fill(due.isoformat())

    take_step(page, "交办处室", fill=fill)
    section = page.locator(".handoffs")
    expect(section).to_contain_text("政策法规处（主办处室）· 责任人张明")
    expect(section).to_contain_text("开发指导处（协办处室）· 责任人王磊")
    screenshot(page, "unit-divisions-handed")
    logout(page)

    # The lead division's head sees it under 我的 with its internal due date, and hands it back.
    login(page, org.zhang)
    expect(page.get_by_role("link", name="我的 1")).to_be_visible()
    expect(page.locator("table.list")).to_contain_text(f"内部期限 {due:%Y-%m-%d}")
    page.get_by_role("link", name=s.title).click()
    take_step(
        page,
        "退回本单位办公室",
        fill=lambda f: f.get_by_label("退回理由").fill("该建议主要涉及资金安排，建议由规划财务处主办"),
    )
    expect(page.locator(".handoffs")).to_contain_text("退回办公室（张明）：该建议主要涉及资金安排")
    assert not Handoff.objects.get(division=org.policy).is_active
    page.goto(page.base + "/unit/?tab=mine")
    expect(page.get_by_role("link", name=s.title)).to_have_count(0)
    logout(page)

    # The unit's leader keeps the organisation: the division view.
    login(page, w.leader)
    page.goto(page.base + "/unit/organisation/")
    expect(page.get_by_role("heading", name="河南省教育厅 · 内设处室")).to_be_visible()
    expect(page.locator(".org-divisions")).to_contain_text("张明（负责人）")
    screenshot(page, "unit-divisions")
