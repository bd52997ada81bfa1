"""In the browser: the office acknowledges a filed reply, then records a unit's four checks and reads the report."""

import pytest
from django.utils import timezone

from supervision.models import Filing, LookBack
from tests.browser.fixtures import login, screenshot

from .test_filing import CONGRESS_OFFICE, replied
from .test_lookback_campaign import ledger_with_one_late_promise


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_office_acknowledges_a_filing_and_records_a_look_back(world, page):
    s = replied(world, "关于推进农村寄宿制学校建设的建议")
    login(page, world.office)
    page.goto(f"{page.base}/supervision/filings/")
    row = page.get_by_test_id(f"filing-{Filing.objects.get(suggestion=s, body__name=CONGRESS_OFFICE).pk}")
    row.get_by_role("button", name="确认备案").click()
    page.wait_for_url("**/supervision/filings/")
    assert Filing.objects.get(suggestion=s, body__name=CONGRESS_OFFICE).acknowledged_by == world.office
    page.goto(f"{page.base}/supervision/filings/?state=acknowledged")
    assert page.get_by_text(s.title).is_visible()

    _, year = ledger_with_one_late_promise(world)
    page.goto(f"{page.base}/supervision/lookback/campaigns/")
    page.get_by_label("年度").fill(str(year))
    page.get_by_label("工作要求").fill("对照“四看”逐件检查B类建议承诺落实情况")
    page.get_by_role("button", name="开展回头看").click()
    page.get_by_role("link", name=world.lead_unit.short_name).click()
    page.get_by_label("二看：承诺落实情况").fill("县级水质检测中心未按期建成")
    page.get_by_role("button", name="保存核查情况").click()
    page.get_by_label("对应检查项").select_option("promises_done")
    page.get_by_label("整改事项").fill("按承诺建成县级水质检测中心")
    page.get_by_label("责任人").fill("李科长")
    page.get_by_label("整改期限").fill(f"{timezone.localdate().year + 1}-06-30")
    page.get_by_role("button", name="提出整改事项").click()
    assert page.get_by_text("按承诺建成县级水质检测中心").first.is_visible()
    lb = LookBack.objects.get(unit=world.lead_unit, year=year)
    assert lb.recorded and lb.promises_finding == "县级水质检测中心未按期建成" and lb.redo_items.count() == 1
    page.get_by_role("link", name=lb.campaign.title).click()
    assert "需整改" in page.get_by_role("table").inner_text()
    screenshot(page, "lookback-campaign-report")
