"""On a phone (390×844) every link, button and field of the deputy portal is at least 44 px tall."""

import pytest

from suggestions import actions
from suggestions.models import Status
from tests.browser.fixtures import screenshot
from tests.browser.journeys import build_world, signed_in
from tests.world import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MIN = 44
# Every visible control a thumb must hit (checkboxes and radios are hit through their labels).
SMALL_TARGETS = """
(min) => [...document.querySelectorAll(
    'a, button, summary, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
                    && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.skip-link'); })
  .map((el) => [el.tagName, (el.innerText || el.value || el.name || '').trim().slice(0, 20),
                Math.round(el.getBoundingClientRect().height)])
  .filter(([, , h]) => h < min)
"""


def test_every_portal_control_is_a_44px_tap_target_on_a_phone(browser, live_server):
    w = build_world()
    draft = w.new_draft(title="关于加快城乡供水一体化的建议")
    replied = advance(w, w.new_draft(), Status.REPLIED)
    invited = w.new_draft(title="关于完善基层医疗卫生服务体系的建议", by=w.cosigner)
    actions.invite_cosigners(invited, actor=w.cosigner, deputies=[w.deputy.deputy])
    pages = [
        "/deputy/",
        "/deputy/new/",
        f"/deputy/s/{draft.pk}/edit/",
        f"/deputy/s/{replied.pk}/",
        "/supervision/settings/",
    ]
    with signed_in(browser, live_server, w.deputy, phone=True) as page:
        small = {}
        for path in pages:
            page.goto(page.base + path)
            if path == f"/deputy/s/{replied.pk}/":
                page.get_by_role("link", name="评价答复").first.click()  # opens the rating panel
                page.wait_for_selector("#step-panel form")
            if too_small := page.evaluate(SMALL_TARGETS, MIN):
                small[path] = too_small
        page.goto(page.base + "/deputy/")
        screenshot(page, "deputy-phone-tap-targets")
    assert not small, small
