"""One suggestion from draft to rated reply, every role clicking in the browser.

Deputy and co-signer write and confirm in the portal; the office registers and assigns, the lead
unit signs, talks to the deputy in the thread, drafts and submits the reply; the unit leader passes
every review level; the co-unit signs and sends its opinion; the handler sends the signed letter;
both deputies rate it and the suggestion closes. Office and unit steps use the shared suggestion
page's step buttons.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from congress.models import Policy
from suggestions.models import HandlingRecord, Rating, Status, Suggestion
from tests.browser.fixtures import screenshot
from tests.browser.journeys import build_world, signed_in, take_step
from tests.world import next_reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _open(page, s):
    page.goto(f"{page.base}/s/{s.pk}/")


def _status(page, label):
    expect(page.locator(".suggestion-head .badge").first).to_contain_text(label)


def test_a_suggestion_from_draft_to_rated_reply_across_all_roles(browser, live_server, tmp_path):
    w = build_world()
    go = lambda user, **kw: signed_in(browser, live_server, user, **kw)  # noqa: E731

    # 1. The lead deputy writes the draft and invites a co-signer.
    with go(w.deputy) as page:
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="新建建议").click()
        page.get_by_label("标题").fill("关于加快推进城乡供水一体化的建议")
        page.get_by_label("正文").fill(
            "一、基本情况\n部分农村供水保障水平不高。\n二、建议\n一是统筹规划；二是加大投入。"
        )
        page.get_by_label("领域").select_option(label="科教文卫")
        expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
        page.get_by_role("button", name="保存草稿").click()
        s = Suggestion.objects.get()
        expect(page).to_have_url(re.compile(rf"/deputy/s/{s.pk}/edit/$"))
        page.get_by_label("邀请联名代表").fill("李秀英")
        page.get_by_role("button", name="邀请李秀英联名").click()
        expect(page.locator("#co-h + ul")).to_contain_text("待确认")
        screenshot(page, "journey-01-deputy-draft")

    # 2. The co-signer confirms from their list.
    with go(w.cosigner) as page:
        page.get_by_role("button", name="确认联名").click()
        expect(page.get_by_text("已确认联名")).to_be_visible()

    # 3. The lead deputy submits.
    with go(w.deputy) as page:
        page.goto(f"{page.base}/deputy/s/{s.pk}/edit/")
        page.get_by_role("button", name="提交建议").click()
        expect(page.locator(".stage-current")).to_contain_text("审查立案")

    # 4. The office registers and assigns a lead and a co-handling unit.
    with go(w.office) as page:
        _open(page, s)
        screenshot(page, "journey-02-office-review")
        take_step(page, "立案")
        _status(page, "已立案")
        take_step(
            page,
            "交办",
            fill=lambda f: (
                f.get_by_label("主办单位").select_option(label="省教育厅"),
                f.get_by_label("协办单位").select_option(label="省民政厅"),
            ),
        )
        expect(page.locator("main")).to_contain_text("河南省民政厅（协办）")
        screenshot(page, "journey-03-office-assigned")

    # 5. The lead unit signs and talks to the deputy in the thread (a recorded contact).
    with go(w.handler) as page:
        _open(page, s)
        take_step(page, "签收")
        _status(page, "办理中")
        page.get_by_label("写留言").fill("王代表您好，我厅已签收您的建议，近期将与您电话沟通具体情况。")
        page.get_by_role("button", name="发送留言").click()
        expect(page.locator(".messages-list")).to_contain_text("已签收您的建议")
        screenshot(page, "journey-04-unit-thread")

    # 6. The co-unit signs and sends its opinion.
    with go(w.co_handler) as page:
        _open(page, s)
        take_step(page, "签收（协办）")
        take_step(
            page,
            "提交协办意见",
            fill=lambda f: f.get_by_label("协办意见").fill("我厅同意主办单位意见，将配合做好农村供水保障。"),
        )
        expect(page.locator("main")).to_contain_text("协办意见")

    # 7. The deputy reads the message and sees who signed when.
    with go(w.deputy, phone=True) as page:
        expect(page.locator(".s-card")).to_contain_text("1 条新留言")
        page.get_by_role("link", name="关于加快推进城乡供水一体化的建议").click()
        expect(page.locator(".stage-current")).to_contain_text("办理")
        expect(page.locator(".messages-list")).to_contain_text("已签收您的建议")
        page.get_by_label("写留言").fill("好的，感谢，我的电话随时畅通。")
        page.get_by_role("button", name="发送留言").click()
        expect(page.locator(".messages-list")).to_contain_text("我的电话随时畅通")
        screenshot(page, "journey-05-deputy-tracking-phone")

    # 8. The handler drafts the reply and submits it for review.
    with go(w.handler) as page:
        _open(page, s)
        take_step(
            page,
            "起草答复",
            fill=lambda f: (
                f.get_by_label("答复内容").fill(
                    "王建国代表：您提出的建议收悉。我厅高度重视，已将农村供水纳入年度规划……"
                ),
                f.get_by_label("答复类别").select_option(label="A类"),
            ),
        )
        take_step(page, "提交审核")
        expect(page.locator("main")).to_contain_text("审核中")

    # 9. Each review level (四级把关) is passed by a different leader of the unit; the last signs it off.
    levels = Policy.current().review_levels
    for level in range(1, levels + 1):
        with go(next_reviewer(s)) as page:
            _open(page, s)
            take_step(page, "审核通过")
            if level == levels:
                expect(page.locator("main")).to_contain_text("已签发")
                screenshot(page, "journey-06-leader-signed")

    # 10. The handler uploads the signed letter and replies.
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(b"%PDF-1.4 signed and sealed")
    with go(w.handler) as page:
        _open(page, s)
        take_step(page, "答复代表", fill=lambda f: f.get_by_label("答复函（签章扫描件）").set_input_files(letter))
        _status(page, "已答复")

    # 11. Both deputies rate the reply; the suggestion closes.
    for user in (w.deputy, w.cosigner):
        with go(user) as page:
            expect(page.get_by_text("待评价的答复")).to_be_visible()
            page.locator("#rate-h + ul").get_by_role("link", name="评价答复").click()
            page.locator("input[name=result][value=satisfied]").check()
            page.locator("input[name=attitude][value=satisfied]").check()
            page.get_by_label("意见").fill("答复具体，措施可行。")
            page.get_by_role("button", name="确定评价答复").click()
            expect(page.locator(".eval").first).to_contain_text("满意")
            screenshot(page, f"journey-07-rated-by-{user.username}")

    with go(w.deputy) as page:
        page.goto(f"{page.base}/deputy/s/{s.pk}/")
        expect(page.locator(".stage-done").last).to_contain_text("办结")
        expect(page.get_by_role("link", name="下载答复函（盖章件）")).to_be_visible()
        screenshot(page, "journey-08-closed")
        # The letter downloads under the name the handler gave it (issue 8: /media/ links were 404).
        with page.expect_download() as download:
            page.get_by_role("link", name="下载答复函（盖章件）").click()
        assert download.value.suggested_filename == "答复函.pdf"
        assert Path(download.value.path()).read_bytes() == b"%PDF-1.4 signed and sealed"

    s.refresh_from_db()
    assert s.status == Status.CLOSED and s.rating == Rating.SATISFIED
    assert HandlingRecord.objects.filter(suggestion=s, kind="contact", channel="message").count() == 1
