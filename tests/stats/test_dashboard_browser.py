"""The dashboard drawn in Chromium: charts are canvases, numbers link to their suggestions."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.browser.fixtures import screenshot

from .fixtures import build_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login_as(page, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base}])


def test_dashboard_draws_charts_and_links_numbers(page, world):
    build_session(world)
    _login_as(page, world.supervisor)
    page.goto(page.base + "/stats/")
    page.wait_for_selector("body[data-charts-drawn='yes']")
    assert page.locator("#chart-units canvas").count() == 1
    assert page.locator("#chart-trend canvas").count() == 1
    assert page.locator("#table-unit tbody tr").first.locator("th").inner_text() == "省教育厅"
    screenshot(page, "stats-dashboard")
    page.locator("#table-unit tbody tr").first.locator("td[data-key='closed'] a").first.click()
    page.wait_for_url("**/stats/suggestions/**")
    assert "共 2 件" in page.locator("h1").inner_text()


def test_chart_tooltips_are_styled_under_the_csp(page, world):
    """ECharts' own tooltip markup uses inline style attributes the CSP strips; ours sets styles from
    script, so the series dot keeps its colour and no violation is reported."""
    build_session(world)
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    _login_as(page, world.supervisor)
    page.goto(page.base + "/stats/")
    page.wait_for_selector("body[data-charts-drawn='yes']")
    page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-units'))"
        ".dispatchAction({type: 'showTip', seriesIndex: 2, dataIndex: 0})"
    )
    tip = page.locator("#chart-units .chart-tip")
    tip.wait_for()
    assert "省教育厅" in tip.inner_text()
    assert "95%置信区间" in tip.inner_text()
    colour = tip.locator(".chart-dot").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("", "rgba(0, 0, 0, 0)")
    assert not violations, violations
