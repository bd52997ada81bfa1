"""Helpers the journey tests share: a logged-in page per persona, each in its own browser context."""

from contextlib import contextmanager

from playwright.sync_api import expect

from tests.world import PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


@contextmanager
def signed_in(browser, live_server, user, *, phone=False):
    context = browser.new_context(locale="zh-CN", **(PHONE if phone else DESKTOP))
    page = context.new_page()
    page.base = live_server.url
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    try:
        yield page
    finally:
        context.close()


def take_step(page, label, *, fill=None, confirm=None):
    """Open a step from the suggestion page's step buttons (htmx panel), fill its form and apply it."""
    page.locator(".step-list").get_by_role("link", name=label, exact=True).click()
    form = page.locator("#step-panel form")
    expect(form).to_be_visible()
    if fill:
        fill(form)
    form.get_by_role("button", name=confirm or f"确定{label}").click()
    page.wait_for_load_state("networkidle")
