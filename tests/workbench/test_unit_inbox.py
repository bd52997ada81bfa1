"""The unit's inbox: one tab per task, with counts, moving as the work is done."""

import re
from datetime import date

import time_machine
from django.utils import timezone

from suggestions import actions
from suggestions.models import Status
from tests.workbench.helpers import SIGNED, many


def counts(html: str) -> dict[str, int]:
    return {
        label: int(n) for label, n in re.findall(r'\?tab=\w+"[^>]*>(\S+) <span class="count[^"]*">(\d+)</span>', html)
    }


def test_assigned_suggestions_wait_to_be_signed_then_move_to_handling(world, client):
    s = many(world, 1, Status.ASSIGNED)[0]
    client.force_login(world.handler)
    html = client.get("/unit/").content.decode()
    assert counts(html)["待签收"] == 1 and s.title in html
    actions.sign(s, actor=world.handler)
    html = client.get("/unit/").content.decode()
    assert counts(html)["待签收"] == 0 and counts(html)["办理中"] == 1
    assert s.title in client.get("/unit/?tab=to_handle").content.decode()


def test_co_unit_sees_the_opinion_it_owes(world, client):
    s = many(world, 1, SIGNED)[0]
    client.force_login(world.co_handler)
    html = client.get("/unit/?tab=co_owed").content.decode()
    assert counts(html)["协办意见待提交"] == 1 and s.title in html and "协办" in html
    actions.sign_as_co(s, actor=world.co_handler)
    actions.send_co_opinion(s, actor=world.co_handler, summary="同意主办单位意见")
    assert counts(client.get("/unit/").content.decode())["协办意见待提交"] == 0


def test_due_soon_and_overdue_follow_the_calendar(world, client):
    with time_machine.travel(date(2025, 3, 3), tick=False):
        s = many(world, 1, Status.ASSIGNED)[0]
        client.force_login(world.handler)
        # A fresh task is not "due soon": that is relative to the step's length (suggestions.models.due_soon_q).
        assert counts(client.get("/unit/").content.decode())["临期"] == 0
        assert "state-due_soon" not in client.get("/unit/?tab=to_sign").content.decode()  # nor the row's badge
    with time_machine.travel(date(2025, 3, 5), tick=False):
        client.force_login(world.handler)
        assert counts(client.get("/unit/").content.decode())["临期"] == 1  # the last day of three to sign
        assert "state-due_soon" in client.get("/unit/?tab=to_sign").content.decode()
    with time_machine.travel(date(2025, 4, 1), tick=False):
        client.force_login(world.handler)  # the session of a month ago has expired
        html = client.get("/unit/?tab=overdue").content.decode()
        assert counts(html)["已逾期"] == 1 and s.title in html and "已逾期" in html


def test_replies_in_review_tab_is_for_leaders(world, client):
    s = many(world, 1, SIGNED)[0]
    actions.record(
        s, actor=world.handler, kind="contact", channel="phone", happened_on=timezone.localdate(), summary="电话沟通"
    )
    actions.draft_reply(s, actor=world.handler, body="答复", category=world.category("A"))
    actions.submit_reply(s, actor=world.handler)
    client.force_login(world.handler)
    assert "答复待审核" not in client.get("/unit/").content.decode()
    client.force_login(world.leader)
    html = client.get("/unit/?tab=in_review").content.decode()
    assert counts(html)["答复待审核"] == 1 and s.title in html and "审核中（已过0级）" in html


def test_rehandling_tab_after_an_unsatisfied_rating(world, client):
    s = many(world, 1, Status.REPLIED, co_unit=False)[0]
    actions.rate(s, actor=world.deputy, result="unsatisfied", attitude="basic", comment="未解决实际问题")
    s.refresh_from_db()
    assert s.status == Status.REHANDLING
    client.force_login(world.handler)
    html = client.get("/unit/?tab=rehandle").content.decode()
    assert counts(html)["重新办理"] == 1 and s.title in html


def test_a_unit_sees_nothing_of_others_and_other_roles_are_refused(world, client):
    many(world, 1, Status.ASSIGNED)
    client.force_login(world.other_handler)
    html = client.get("/unit/").content.decode()
    assert sum(counts(html).values()) == 0 and "暂无建议" in html
    client.force_login(world.deputy)
    assert client.get("/unit/").status_code == 403
