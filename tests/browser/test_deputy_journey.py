"""The deputy's journey at phone size, by clicking: write, autosave, invite, co-signer confirms, submit, track."""

import re

import pytest
from playwright.sync_api import expect

from suggestions.models import Status, Suggestion
from tests.browser.fixtures import screenshot
from tests.browser.journeys import build_world, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_deputy_writes_invites_and_submits_on_a_phone(browser, live_server):
    w = build_world()
    with signed_in(browser, live_server, w.deputy, phone=True) as page:
        expect(page).to_have_url(re.compile(r"/deputy/$"))
        expect(page.get_by_text("您还没有提出建议")).to_be_visible()
        screenshot(page, "deputy-phone-01-empty-list")

        page.get_by_role("link", name="写第一条建议").click()
        page.get_by_label("标题").fill("关于加强农村留守儿童心理健康教育的建议")
        page.get_by_label("正文").fill(
            "一、存在问题\n留守儿童心理健康服务不足。\n二、建议\n一是配齐心理教师；二是建立关爱档案。"
        )
        page.get_by_label("正文").press("End")  # a keystroke, as typing ends
        page.get_by_label("领域").select_option(label="科教文卫")
        expect(page.locator("#autosave-status")).to_contain_text("已自动保存", timeout=10_000)
        s = Suggestion.objects.get()
        expect(page).to_have_url(re.compile(rf"/deputy/s/{s.pk}/edit/$"))
        screenshot(page, "deputy-phone-02-autosaved-draft")

        # No reload: the first autosave brings the invite, attachment and submit boxes (issue 8 item 13).
        page.get_by_label("邀请联名代表").fill("郑州")
        page.get_by_role("button", name="邀请李秀英联名").click()
        expect(page.locator("#co-h + ul")).to_contain_text("待确认")
        expect(page.locator("#submit-why")).to_contain_text("李秀英尚未确认")
        screenshot(page, "deputy-phone-03-cosigner-invited")

        with signed_in(browser, live_server, w.cosigner, phone=True) as other:
            expect(other.get_by_text("待确认的联名邀请")).to_be_visible()
            screenshot(other, "deputy-phone-04-invitation")
            other.get_by_role("button", name="确认联名").click()
            expect(other.get_by_text("已确认联名")).to_be_visible()

        page.reload()
        expect(page.locator("#co-h + ul")).to_contain_text("已确认")
        page.get_by_role("button", name="提交建议").click()
        expect(page).to_have_url(re.compile(rf"/deputy/s/{s.pk}/$"))
        expect(page.locator(".stage-current")).to_contain_text("审查立案")
        expect(page.locator(".timeline")).to_contain_text("提交")
        screenshot(page, "deputy-phone-05-tracking")

        page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的建议").click()
        expect(page.locator(".s-card")).to_contain_text("等待选任联工委审查立案")
        screenshot(page, "deputy-phone-06-list")
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED
    assert s.deputy_links.filter(confirmed_at__isnull=False).count() == 2
