"""Helpers the journey tests share: a logged-in page per persona, each in its own browser context."""

from contextlib import contextmanager

from playwright.sync_api import expect

from tests import world

PASSWORD = world.PASSWORD

# The machine running the suite may be busy: give pages time before calling a step missing.
expect.set_options(timeout=15_000)

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
    expect(page.locator(".site-nav .menu-end > summary")).to_contain_text(str(user))
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
    with page.expect_navigation():  # success answers HX-Redirect: the page reloads
        form.get_by_role("button", name=confirm or f"确定{label}").click()


def build_world() -> world.World:
    """The personas for a live-server test (`build` puts back reference data a flush removed)."""
    return world.build()
