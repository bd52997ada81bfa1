"""In the browser: the unit records progress on its B-class commitment, the office closes it out, it shows A."""

from datetime import date

import pytest

from supervision import actions
from tests.browser.fixtures import login, screenshot

from .helpers import b_class_closed


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unit_reports_progress_office_closes_out_and_category_shows_a(world, page, browser):
    s = b_class_closed(world)
    actions.record_commitments(
        s,
        actor=world.handler,
        commitments=[
            {"what": "2024年底前完成全省农村供水管网改造", "due_date": date(2024, 12, 31), "responsible": "张处长"}
        ],
    )
    panel = f"{page.base}/supervision/s/{s.pk}/"

    login(page, world.handler)
    page.goto(panel)
    page.get_by_role("link", name="报告承诺落实进展").click()
    page.get_by_label("承诺事项").select_option(index=1)
    page.get_by_label("进展情况").fill("管网改造已全部完工并通过验收")
    page.get_by_label("已落实").check()
    page.get_by_role("button", name="确定报告承诺落实进展").click()
    page.wait_for_url(panel)
    assert page.get_by_text("已落实").first.is_visible()
    screenshot(page, "supervision-ledger-progress")

    office = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    office.base = page.base
    login(office, world.office)
    office.goto(panel)
    assert office.get_by_test_id("category").inner_text() == "B类"
    office.get_by_role("link", name="销号并转为A类").click()
    office.get_by_label("销号说明").fill("承诺事项全部落实")
    office.get_by_role("button", name="确定销号并转为A类").click()
    office.wait_for_url(panel)
    assert office.get_by_test_id("category").inner_text() == "A类"
    assert office.get_by_text("已销号").first.is_visible()
    screenshot(office, "supervision-converted-to-a")
    s.refresh_from_db()
    assert s.category.code == "A"
