"""A unit handles a suggestion: sign, contact the deputy, draft from a template, review, send the letter."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress.models import Policy
from suggestions import actions
from suggestions.models import Reply, Status, Suggestion
from tests.browser.fixtures import login, logout, screenshot
from tests.browser.journeys import take_step
from tests.workbench.helpers import browser_world
from tests.world import next_reviewer
from workbench.models import ReplyTemplate


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unit_signs_records_drafts_gets_approval_and_replies(page, live_server, tmp_path):
    w = browser_world()
    s = w.new_draft()
    actions.submit(s, actor=w.deputy)
    actions.register(s, actor=w.office)
    actions.assign(s, actor=w.office, lead_unit=w.lead_unit)
    ReplyTemplate.objects.create(
        unit=w.lead_unit, name="A类答复函", body="{deputy}代表：\n您提出的《{title}》收悉。{unit}高度重视，现答复如下："
    )
    levels = Policy.current().review_levels

    login(page, w.handler)
    expect(page).to_have_url(page.base + "/unit/")
    expect(page.get_by_role("link", name="待签收 1")).to_be_visible()
    screenshot(page, "unit-inbox")
    page.get_by_role("link", name=s.title).click()
    expect(page.get_by_role("heading", name="办理工作区 · 省教育厅（主办）")).to_be_visible()

    take_step(page, "签收")
    expect(page).to_have_url(page.base + f"/unit/s/{s.pk}/")
    take_step(
        page,
        "记录办理情况",
        fill=lambda f: (
            f.get_by_label("类型").select_option(label="与代表沟通"),
            f.get_by_label("沟通方式").select_option(label="电话"),
            # the province's today (the server's), not the browser's UTC date: before 08:00 in China they differ
            f.get_by_label("日期").fill(timezone.localdate().isoformat()),
            f.get_by_label("内容").fill("电话联系王建国代表，了解留守儿童心理健康服务的具体诉求。"),
        ),
    )
    expect(page.locator(".handling")).to_contain_text("电话联系王建国代表")

    # The draft: pick the template, adjust, save, submit for review.
    page.get_by_label("使用答复模板").select_option(label="A类答复函")
    body = page.locator(".draft-form textarea[name=body]")
    expect(body).to_have_value(f"王建国代表：\n您提出的《{s.title}》收悉。河南省教育厅高度重视，现答复如下：")
    body.press("Control+End")
    body.type("一、已在全省中小学配备专兼职心理教师。")
    page.locator(".draft-form").get_by_label("答复类别").select_option(index=1)
    screenshot(page, "unit-handling-draft")
    page.get_by_role("button", name="保存答复稿").click()
    expect(page.locator(".messages")).to_contain_text("已起草答复")
    take_step(page, "提交审核")
    expect(page.locator(".reply-work .levels .current")).to_contain_text("第1级审核")
    logout(page)

    # Each level is passed by a different leader of the unit (the default chain: one leader cannot pass two).
    for level in range(1, levels + 1):
        reviewer = next_reviewer(s)
        login(page, reviewer)
        page.goto(page.base + "/unit/?tab=in_review")
        page.get_by_role("link", name=s.title).click()
        take_step(page, "审核通过")
        if level < levels:
            expect(page.locator(".step-list")).to_contain_text("同一人不能审核同一答复的两级")
        logout(page)
    login(page, w.handler)
    page.goto(page.base + f"/unit/s/{s.pk}/")
    expect(page.locator(".reply-work h3")).to_contain_text("已签发")
    logout(page)

    # The handler uploads the signed and sealed letter and replies.
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(b"%PDF-1.4 signed and sealed")
    login(page, w.handler)
    page.goto(page.base + f"/unit/s/{s.pk}/")
    take_step(page, "答复代表", fill=lambda f: f.get_by_label("答复函（签章扫描件）").set_input_files(str(letter)))
    expect(page.locator(".suggestion-head")).to_contain_text("已答复待评价")
    screenshot(page, "unit-replied")
    s = Suggestion.objects.get(pk=s.pk)
    assert s.status == Status.REPLIED
    reply = Reply.objects.get(suggestion=s)
    assert reply.stage == Reply.Stage.SENT and reply.levels_passed == levels and "专兼职心理教师" in reply.body
