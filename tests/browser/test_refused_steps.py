"""In every htmx step panel, a refused step shows the server's reason where the user clicked.

Each case opens a panel as a user would, lets something change meanwhile (another person acts, as on
a busy day), then applies the step: the 409 or 400 answer must appear in the panel, not be dropped.
One browser, one flush, a fresh context per case logged in by cookie (no login page to load).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from suggestions import actions
from suggestions.models import ReassignmentRequest, Status
from supervision import actions as supervision_actions
from tests.browser.journeys import DESKTOP
from tests.workbench.helpers import browser_world
from tests.world import World, advance


@dataclass
class Case:
    """Where the user is, how the panel opens, what changes meanwhile, and what the panel must then say."""

    name: str
    user: str
    url: Any  # (world, suggestion) -> path
    build: Any  # world -> suggestion
    open_panel: Any  # (page, suggestion) -> the locator the answer appears in
    meanwhile: Any  # (world, suggestion) -> None: makes the step refused
    says: str
    submit: str | None = "确定"  # the form's button (name starts with it); None: the refusal comes on opening
    fill: Any = None


def _submitted(w):
    return advance(w, w.new_draft(), Status.SUBMITTED)


def _assigned(w):
    return advance(w, w.new_draft(), Status.ASSIGNED)


def _reassignment_pending(w):
    s = _assigned(w)
    actions.request_reassignment(s, actor=w.handler, reason="不属于本单位职责")
    return s


def _replied(w):
    return advance(w, w.new_draft(), Status.REPLIED)


def _b_class_done(w):
    s = advance(w, w.new_draft(), Status.CLOSED, category="B")
    supervision_actions.record_commitments(
        s,
        actor=w.handler,
        commitments=[{"what": "完成供水管网改造", "due_date": date(2025, 6, 30), "responsible": "张"}],
    )
    c = s.commitments.get()
    supervision_actions.report_progress(s, actor=w.handler, commitment=c, note="已完工", done=True)
    return s


def _b_class(w):
    return advance(w, w.new_draft(), Status.CLOSED, category="B")


def _draft(w):
    return w.new_draft()


def _step_link(label):
    def open_panel(page, s):
        page.locator(".step-list").get_by_role("link", name=label, exact=True).click()
        return page.locator("#step-panel")

    return open_panel


def _row_link(label):
    def open_panel(page, s):
        page.locator(f"#row-{s.pk}").get_by_role("link", name=label, exact=True).click()
        return page.locator(f"#panel-{s.pk}")

    return open_panel


def _reassign_link(page, s):
    r = ReassignmentRequest.objects.get(assignment__suggestion=s)
    page.get_by_role("link", name="审批", exact=True).click()
    return page.locator(f"#panel-{r.pk}")


def _full_page_link(label):
    """The supervision page links to the step's own page; its form still posts with htmx."""

    def open_panel(page, s):
        page.get_by_role("link", name=label, exact=True).click()
        return page.locator("main")

    return open_panel


def _search_deputy(page, s):
    page.get_by_label("邀请联名代表（输入姓名或代表团）").fill("李秀英")
    results = page.locator("#deputy-results")
    expect(results.get_by_role("button", name="邀请李秀英联名")).to_be_visible()
    return results


def _another_office_decides(w, s):
    r = ReassignmentRequest.objects.get(assignment__suggestion=s)
    actions.decide_reassignment(s, actor=w.office, request=r, grant=False, note="维持原交办")


def _rate(form):
    form.locator("input[name=result][value=satisfied]").check()
    form.locator("input[name=attitude][value=satisfied]").check()


CASES = [
    Case(
        "suggestion page: the office registers a suggestion someone else registered meanwhile",
        "office",
        lambda w, s: f"/s/{s.pk}/",
        _submitted,
        _step_link("立案"),
        lambda w, s: actions.register(s, actor=w.office),
        "不能立案",
    ),
    Case(
        "unit page: opening sign-for after a colleague signed",
        "handler",
        lambda w, s: f"/unit/s/{s.pk}/",
        _assigned,
        _step_link("签收"),
        lambda w, s: actions.sign(s, actor=w.leader),
        "本单位已签收",
        submit=None,
    ),
    Case(
        "review queue: registering in a row's panel",
        "office",
        lambda w, s: "/office/",
        _submitted,
        _row_link("立案"),
        lambda w, s: actions.return_for_revision(s, actor=w.office, note="请补充"),
        "不能立案",
    ),
    Case(
        "review queue: the merge panel",
        "office",
        lambda w, s: "/office/",
        lambda w: (_submitted(w), _submitted(w))[1],
        _row_link("并案"),
        lambda w, s: actions.reject(s, actor=w.office, reason="personal_matter", note="属个人事务"),
        "不能并案",
        fill=lambda f: f.get_by_label("并入建议").select_option(index=1),
    ),
    Case(
        "reassignment queue: deciding a request another clerk decided",
        "office",
        lambda w, s: "/office/reassignments/",
        _reassignment_pending,
        _reassign_link,
        _another_office_decides,
        "没有待审批的改办申请",
        fill=lambda f: f.get_by_label("审批结果").select_option("0"),
    ),
    Case(
        "deputy's tracking page: rating twice from two devices",
        "deputy",
        lambda w, s: f"/deputy/s/{s.pk}/",
        _replied,
        _step_link("评价答复"),
        lambda w, s: actions.rate(s, actor=w.deputy, result="satisfied", attitude="satisfied"),
        "不能评价答复",
        fill=_rate,
    ),
    Case(
        "deputy's draft: inviting a co-signer after the draft was submitted elsewhere",
        "deputy",
        lambda w, s: f"/deputy/s/{s.pk}/edit/",
        _draft,
        _search_deputy,
        lambda w, s: actions.submit(s, actor=w.deputy),
        "不能邀请联名代表",
        submit="邀请李秀英联名",
    ),
    Case(
        "supervision: closing out after a new commitment was recorded meanwhile",
        "office",
        lambda w, s: f"/supervision/s/{s.pk}/",
        _b_class_done,
        _full_page_link("销号并转为A类"),
        lambda w, s: supervision_actions.record_commitments(
            s, actor=w.handler, commitments=[{"what": "新增承诺", "due_date": date(2026, 6, 30), "responsible": "李"}]
        ),
        "尚有1项承诺未落实，不能销号",
    ),
    Case(
        "supervision: a malformed commitment line (400 with the row's error)",
        "handler",
        lambda w, s: f"/supervision/s/{s.pk}/",
        _b_class,
        _full_page_link("登记B类办理承诺"),
        lambda w, s: None,
        "第1行格式应为：承诺事项 | 完成日期 | 责任人",
        fill=lambda f: f.get_by_label("办理承诺").fill("只写了事项没有日期"),
    ),
]


def _signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", **DESKTOP)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _run(case: Case, w: World, browser, live_server):
    s = case.build(w)
    context, page = _signed_in_page(browser, live_server, getattr(w, case.user))
    try:
        page.goto(live_server.url + case.url(w, s))
        if case.submit is None:
            case.meanwhile(w, s)
            panel = case.open_panel(page, s)
        else:
            panel = case.open_panel(page, s)
            form = panel.locator("form").last
            expect(form).to_be_visible()
            if case.fill:
                case.fill(form)
            case.meanwhile(w, s)
            form.get_by_role("button", name=case.submit).click()
        expect(panel.get_by_role("alert").filter(has_text=case.says)).to_be_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_panel_shows_why_a_step_was_refused(browser, live_server):
    w = browser_world()
    failed = []
    for case in CASES:
        try:
            _run(case, w, browser, live_server)
        except AssertionError as exc:  # Playwright's expect raises AssertionError: report every panel at once
            failed.append(f"{case.name}: {str(exc).splitlines()[0]}")
    assert not failed, "\n".join(failed)
