"""The public site in Chromium at desktop and phone sizes, and the office's redaction preview."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from disclosure import screening
from tests.browser.fixtures import screenshot

from .builders import PERSONAL, closed_suggestion, published_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test empties every table afterwards; put the data migration's defaults back."""
    from importlib import import_module

    from django.apps import apps

    import_module("congress.migrations.0002_defaults").install(apps, None)


def _login_as(pg, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    pg.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": pg.base}])


def test_public_visitor_finds_a_reply_on_desktop_and_phone(page, phone, world):
    s = published_world(world)
    other = closed_suggestion(world, title="关于完善城乡居民医保异地结算的建议", cosign=False)
    screening.mark_seen(other, actor=world.office)  # its body names a phone: held until the office has seen it
    for pg, size in ((page, "desktop"), (phone, "phone")):
        pg.goto(pg.base + "/public/")
        screenshot(pg, f"public-home-{size}")
        pg.get_by_role("link", name="建议目录").first.click()
        pg.wait_for_url("**/public/sessions/**")
        assert pg.locator(".pub-list li").count() == 2
        pg.get_by_label("关键词").fill("心理教师")
        pg.get_by_role("button", name="查询").click()
        # Not wait_for_function: Playwright evals its string in the page, which the CSP forbids.
        expect(pg.locator(".pub-list li")).to_have_count(1)
        screenshot(pg, f"public-catalogue-{size}")
        pg.get_by_role("link", name=s.title).click()
        pg.wait_for_url(f"**/public/suggestions/{s.pk}/")
        text = pg.locator("main").inner_text()
        assert "配齐心理教师" in text and "［已隐去手机号］" in text and PERSONAL["phone"] not in text
        screenshot(pg, f"public-suggestion-{size}")
        pg.goto(pg.base + f"/public/sessions/{world.session.pk}/results/")
        assert "省教育厅" in pg.locator("table").inner_text()
        screenshot(pg, f"public-results-{size}")
    # nothing is wider than the phone's screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_office_sees_redactions_highlighted_before_publishing(page, world):
    from disclosure import publishing

    from .builders import with_personal_data

    with_personal_data(world)
    s = closed_suggestion(world)
    publishing.publish_catalogue(world.session, actor=world.office)
    _login_as(page, world.office)
    page.goto(page.base + f"/office/disclosure/suggestions/{s.pk}/")
    assert page.locator("mark.redact").count() >= 6
    screenshot(page, "office-disclosure-preview")
    page.get_by_role("button", name="确认公开").click()
    page.wait_for_selector("text=答复已公开")
    assert s.__class__.objects.get(pk=s.pk).publication.state == "published"


def test_office_imports_excel_and_sees_the_bad_row_then_imports(page, world):
    from suggestions.models import Suggestion
    from tests.imports.test_excel_import import GOOD, xlsx

    bad = [*GOOD, ["", "关于某事的建议", "赵六", "郑州代表团", "", "科教文卫", "正文", "", "", ""]]
    _login_as(page, world.office)
    for rows, name in ((bad, "bad.xlsx"), (GOOD, "good.xlsx")):
        page.goto(page.base + "/office/imports/")
        page.get_by_label("导入到会次").select_option(str(world.session.pk))
        page.get_by_label("Excel 文件（.xlsx）").set_input_files(
            {"name": name, "mimeType": "application/octet-stream", "buffer": xlsx(rows).getvalue()}
        )
        page.get_by_role("button", name="上传并检查").click()
        page.wait_for_selector("#import-status:not([hx-get])")
        if rows is bad:
            assert "找不到代表“赵六”" in page.locator("#import-status").inner_text()
            screenshot(page, "office-import-errors")
    assert not Suggestion.objects.filter(title="关于某事的建议").exists()
    screenshot(page, "office-import-ready")
    page.get_by_role("button", name="确认导入 3 件建议").click()
    page.wait_for_selector("text=已导入 3 件建议")
    assert Suggestion.objects.filter(events__name="import").count() == 3
