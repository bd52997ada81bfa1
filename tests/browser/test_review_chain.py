"""A unit's leader sets a four-level review chain; the third level sends the draft back with comments,
which the drafter reads on the handling page; the leader who signs sees why they may not take a second level."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role, User
from suggestions import actions
from suggestions.models import Reply, ReplySignoff, Status
from tests.browser.fixtures import login, logout, screenshot
from tests.browser.journeys import take_step
from tests.workbench.helpers import browser_world
from tests.world import PASSWORD, advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _person(w, username, name, role):
    user = User.objects.create_user(username, password=PASSWORD, role=role, unit=w.lead_unit)
    user.last_name, user.first_name = name[0], name[1:]
    user.save()
    return user


def test_a_configured_chain_sends_a_draft_back_from_level_three(page, live_server):
    w = browser_world()
    chuzhang = _person(w, "chuzhang", "孙立", Role.UNIT_HANDLER)
    office = _person(w, "bangongshi", "钱进", Role.UNIT_HANDLER)

    # The leader sets the chain on the unit's own page.
    login(page, w.leader)
    page.locator(".site-nav summary", has_text="更多").click()  # the unit menu's less frequent pages
    page.get_by_role("link", name="审核流程").click()
    expect(page.get_by_role("heading", name="现行流程（默认）")).to_be_visible()
    rows = [
        ("经办人", "本单位经办人（任一人）"),
        ("处室负责人", "孙立（承办单位经办人）"),
        ("办公室", "钱进（承办单位经办人）"),
    ]
    rows.append(("签发", "赵强（承办单位负责人）"))
    for i, (label, holder) in enumerate(rows, 1):
        page.get_by_label(f"第{i}级名称").fill(label)
        page.get_by_label(f"第{i}级审核人").select_option(label=holder)
    page.get_by_label("第5级名称").fill("分管领导")  # no holder: refused, nothing saved
    page.get_by_role("button", name="保存审核流程").click()
    expect(page.locator(".error")).to_contain_text("请选择“分管领导”由谁审核")
    page.get_by_label("第5级名称").fill("")
    page.get_by_role("button", name="保存审核流程").click()
    expect(page.locator(".messages")).to_contain_text("已保存本单位答复审核流程")
    expect(page.locator("ol.levels")).to_contain_text("办公室 钱进")
    screenshot(page, "unit-review-chain")
    logout(page)

    # A draft in review has passed levels 1 and 2; the office (level 3) sends it back with comments.
    s = advance(w, w.new_draft(), Status.ASSIGNED, co_unit=False)
    actions.sign(s, actor=w.handler)
    actions.draft_reply(s, actor=w.handler, body="初稿：全省已配备心理教师。", category=w.category("A"))
    actions.submit_reply(s, actor=w.handler)
    actions.approve_reply(s, actor=w.handler)
    actions.approve_reply(s, actor=chuzhang)
    login(page, office)
    page.goto(page.base + f"/unit/s/{s.pk}/")
    expect(page.locator(".reply-work .levels .current")).to_contain_text("办公室")
    take_step(page, "退回答复", fill=lambda f: f.get_by_label("说明").fill("请补充配备比例的具体数据。"))
    logout(page)

    # The drafter reads the comments above the draft, revises and resubmits: the chain starts again.
    login(page, w.handler)
    page.goto(page.base + f"/unit/s/{s.pk}/")
    expect(page.locator(".reply-work .sent-back")).to_contain_text("第3级“办公室” 钱进")
    expect(page.locator(".reply-work .sent-back")).to_contain_text("请补充配备比例的具体数据。")
    page.locator(".draft-form textarea[name=body]").fill("修改稿：全省中小学心理教师配备比例达到1:1000。")
    page.get_by_role("button", name="保存答复稿").click()
    take_step(page, "提交审核")
    expect(page.locator(".reply-work .levels .current")).to_contain_text("经办人")
    take_step(page, "审核通过")  # the handler holds level 1 (经办人) of the new submission
    # ...and may not take a second level: the reason shows instead of the button.
    expect(page.locator(".step-list")).to_contain_text("第2级“处室负责人”由孙立审核")
    screenshot(page, "unit-review-sent-back")
    logout(page)

    reply = Reply.objects.get(suggestion=s)
    assert (reply.submission, reply.levels_passed, reply.stage) == (2, 1, Reply.Stage.IN_REVIEW)
    returned = ReplySignoff.objects.get(reply=reply, decision="returned")
    assert (returned.level, returned.actor, returned.comment) == (3, office, "请补充配备比例的具体数据。")
