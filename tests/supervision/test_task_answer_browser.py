"""In the browser: a unit answers a review opinion after its due date with a file; the office sees it late."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision import actions
from tests.browser.fixtures import login, screenshot
from tests.files.samples import PDF


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unit_answers_an_opinion_late_and_the_office_sees_who_answered(world, page, browser, tmp_path):
    task = actions.record_review_opinion(
        actor=world.office,
        units=[world.lead_unit, world.co_unit],
        title="关于代表建议办理情况报告的审议意见",
        meeting="省十四届人大常委会第十次会议",
        body="进一步提高答复质量。",
        due_date=timezone.localdate() - timedelta(days=3),
    )
    report = tmp_path / "落实情况报告.pdf"
    report.write_bytes(PDF)

    login(page, world.handler)
    page.goto(f"{page.base}/supervision/tasks/")
    page.get_by_role("link", name="反馈办理情况").click()
    expect(page.get_by_text("现在反馈将记为逾期反馈")).to_be_visible()
    page.get_by_label("落实情况").fill("已逐条研究落实，修订答复审核办法。")
    page.get_by_label("附件（可选，可多选）").set_input_files(str(report))
    page.get_by_role("button", name="提交反馈").click()
    # Wait for the answered page itself (the form page also says 逾期反馈 in its warning).
    expect(page.get_by_test_id("answers").get_by_text("逾期反馈")).to_be_visible()
    expect(page.get_by_role("link", name="落实情况报告")).to_be_visible()

    office = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    office.base = page.base
    login(office, world.office)
    office.goto(f"{office.base}/supervision/tasks/")
    expect(office.get_by_text("已反馈 1/2（逾期 1）")).to_be_visible()
    office.get_by_role("link", name=task.title).click()
    expect(office.get_by_test_id("answer-counts")).to_have_text("送达 2 个单位：按时反馈 0，逾期反馈 1，未反馈 1")
    rows = office.get_by_test_id("answers")
    assert rows.get_by_text("逾期反馈").is_visible() and rows.get_by_text("逾期未反馈").is_visible()
    screenshot(office, "supervision-review-opinion-answers")
