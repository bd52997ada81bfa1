"""The CSP as Chromium enforces it: the main pages of the office, a unit, a supervisor and a deputy
(htmx panels, the charts, the key-supervision year picker) run without a single CSP violation."""

import pytest

from suggestions.models import Status
from tests.browser.journeys import signed_in
from tests.stats.fixtures import build_session
from tests.world import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(page, urls) -> list[str]:
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    for url in urls:
        page.goto(page.base + url)
        page.wait_for_load_state("networkidle")
    return violations


def test_main_pages_run_without_csp_violations(browser, live_server, world):
    build_session(world)
    s = world.new_draft(title="关于CSP检查的建议")
    advance(world, s, Status.HANDLING)
    with signed_in(browser, live_server, world.supervisor) as page:
        violations = _visit(page, ["/stats/", "/supervisor/", f"/s/{s.pk}/"])
        page.goto(page.base + "/stats/")
        page.wait_for_selector("body[data-charts-drawn='yes']")
        page.goto(page.base + "/supervision/key/")
        page.locator("#kb-year").dispatch_event("change")  # the year picker submits its form (app.js)
        page.wait_for_url("**/supervision/key/?year=*")
    with signed_in(browser, live_server, world.office) as office:
        violations += _visit(office, ["/office/", "/office/suggestions/", "/office/assign/", "/office/imports/"])
    with signed_in(browser, live_server, world.handler) as unit:
        violations += _visit(unit, ["/unit/", f"/unit/s/{s.pk}/"])
        unit.locator(".step-list").get_by_role("link").first.click()  # an htmx step panel
        unit.wait_for_selector("#step-panel form")
    with signed_in(browser, live_server, world.deputy) as deputy:
        violations += _visit(deputy, ["/deputy/", "/deputy/new/", f"/deputy/s/{s.pk}/"])
    assert not violations, violations
