"""The office's day: review submitted suggestions, merge a duplicate, then assign the session at once."""

import re

import pytest
from playwright.sync_api import expect

from suggestions import actions
from suggestions.models import Assignment, Status, Suggestion
from tests.browser.fixtures import login, screenshot
from tests.workbench.helpers import browser_world

TITLES = [
    "关于加快郑州地铁线网建设的建议",
    "关于加强农村留守儿童心理健康教育的建议",
    "关于提高农村义务教育教师待遇的建议",
    "关于郑州地铁线网建设提速的建议",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_office_reviews_merges_and_assigns_in_one_action(page, live_server):
    w = browser_world()
    made = []
    for title in TITLES:
        s = w.new_draft(title=title)
        actions.submit(s, actor=w.deputy)
        made.append(s)
    past = w.new_draft(title="关于改善农村学校办学条件的建议")
    actions.submit(past, actor=w.deputy)
    actions.register(past, actor=w.office)
    actions.assign(past, actor=w.office, lead_unit=w.lead_unit)  # history behind the recommendation

    login(page, w.office)
    expect(page).to_have_url(page.base + "/office/")
    expect(page.get_by_role("link", name="审查 4")).to_be_visible()
    screenshot(page, "office-review-queue")

    # Register the first three through the step panel of their row.
    for s in made[:3]:
        row = page.locator(f"#row-{s.pk}")
        row.get_by_role("link", name="立案", exact=True).click()
        panel = page.locator(f"#panel-{s.pk} form")
        expect(panel).to_be_visible()
        panel.get_by_role("button", name="确定立案").click()
        expect(page.locator(f"#row-{s.pk}")).to_have_count(0)  # the queue reloads without it
        expect(page.locator(".messages")).to_contain_text("已立案")
    # The fourth duplicates the first: the merge panel offers it first.
    dup = made[3]
    page.locator(f"#row-{dup.pk}").get_by_role("link", name="并案", exact=True).click()
    panel = page.locator(f"#panel-{dup.pk}")
    expect(panel.locator(".candidates li").first).to_contain_text(TITLES[0])
    screenshot(page, "office-merge-panel")
    panel.get_by_role("button", name="确定并案").click()
    expect(page.locator(".empty")).to_contain_text("暂无待审查的建议")
    assert Suggestion.objects.get(pk=dup.pk).merged_into_id == made[0].pk

    # The central assignment meeting: every registered suggestion at once.
    page.locator(".tabs").get_by_role("link", name="集中交办").click()
    expect(page.locator(".assign-table tbody tr")).to_have_count(3)
    # Recommended units with their reasons: teachers' pay is the education department's duty; left-behind
    # children are first the civil affairs department's (农村留守儿童关爱保护), education beside it.
    row = page.locator(".assign-table tbody tr", has_text=TITLES[2])
    expect(row.locator(".rec").first).to_contain_text("省教育厅")
    expect(row.locator(".rec").first).to_have_attribute("title", re.compile("职责相关"))
    expect(page.locator(".assign-table tbody tr", has_text=TITLES[1]).locator(".rec")).to_contain_text(
        ["省民政厅", "省教育厅"]
    )
    page.get_by_label("选中全部符合条件的").check()
    expect(page.locator("#selected-count")).to_have_text("已选 3 件")
    page.get_by_label("主办单位", exact=True).select_option(label="省教育厅")
    page.get_by_label("协办单位（可多选，按住 Ctrl）").select_option(label="省民政厅")
    screenshot(page, "office-batch-assign")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="交办所选建议").click()
    expect(page.locator(".messages")).to_contain_text("已交办 3 件建议")
    expect(page.locator(".empty")).to_contain_text("暂无已立案待交办的建议")
    assert Suggestion.objects.filter(status=Status.ASSIGNED).count() == 4
    assert Assignment.objects.filter(role="co", unit=w.co_unit).count() == 3

    # All suggestions, filtered and saved as a view.
    page.locator(".tabs").get_by_role("link", name="全部建议").click()
    page.get_by_label("状态").select_option(label="已交办待签收")
    page.get_by_role("button", name="筛选", exact=True).click()
    expect(page.locator("table.list tbody tr")).to_have_count(4)
    page.get_by_label("筛选名称").fill("待签收")
    page.get_by_role("button", name="保存为常用筛选").click()
    expect(page.locator(".saved-views")).to_contain_text("待签收")
    screenshot(page, "office-all-suggestions")
