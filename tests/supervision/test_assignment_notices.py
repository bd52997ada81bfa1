"""交办通知: a unit's handlers and leaders hear what they were newly given to sign for, and by when.

One suggestion names it; a batch is one digest per person and unit, written in a fixed number of
queries; delivery follows the commit; reassignment, an added co-unit and a swap tell the new unit.
"""

import importlib
from datetime import date
from types import SimpleNamespace

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from congress.workdays import fmt
from meetings import actions as meeting_actions
from suggestions import actions
from suggestions.models import Deadline, Status
from supervision import assigned
from supervision.models import DeliverySettings, Notification
from tests.workbench.helpers import many

from .helpers import with_phone_and_email

NEW = Notification.Kind.NEW_ASSIGNMENT


def _sign_due(s, unit):
    return Deadline.objects.get(suggestion=s, assignment__unit=unit, kind="sign").due_date


def _told(**filters):
    return Notification.objects.filter(kind=NEW, **filters)


def test_assigning_one_suggestion_tells_each_unit_what_to_sign_for_by_when(world):
    s = many(world, 1)[0]
    gone = User.objects.create_user("gone", role=Role.UNIT_HANDLER, unit=world.lead_unit, is_active=False)
    actions.assign(s, actor=world.office, lead_unit=world.lead_unit, co_units=[world.co_unit])
    assert set(_told().values_list("recipient__username", flat=True)) == {"handler", "leader", "co_handler"}
    assert not _told(recipient=gone).exists() and not _told(recipient=world.other_handler).exists()
    lead = _told(recipient=world.handler).get()
    assert lead.suggestion == s and lead.title == f"新交办建议：{s.display_number}“{s.title}”"
    assert lead.body == f"省教育厅主办此建议，请于{fmt(_sign_due(s, world.lead_unit))}前签收。"
    assert _told(recipient=world.co_handler).get().body.startswith("省民政厅协办此建议，请于")


def test_a_batch_is_one_digest_per_person_and_unit(world, client):
    ss = many(world, 5)
    client.force_login(world.office)
    # Three rows to the 教育厅 with the 民政厅 as co-unit, two the other way round: two groups, one batch.
    data = {"mode": "per_row", "ids": [s.pk for s in ss]}
    for s in ss[:3]:
        data[f"lead_{s.pk}"], data[f"co_{s.pk}"] = world.lead_unit.pk, world.co_unit.pk
    for s in ss[3:]:
        data[f"lead_{s.pk}"], data[f"co_{s.pk}"] = world.co_unit.pk, world.lead_unit.pk
    response = client.post("/office/assign/", data, follow=True)
    assert "已交办 5 件建议" in response.content.decode()
    due = fmt(_sign_due(ss[0], world.lead_unit))
    (digest,) = _told(recipient=world.handler)
    assert digest.title == f"省教育厅：新交办建议 5 件（主办 3 件，协办 2 件），请于{due}前签收"
    assert digest.suggestion is None and all(s.display_number in digest.body for s in ss)
    (co,) = _told(recipient=world.co_handler)
    assert co.title.startswith("省民政厅：新交办建议 5 件（主办 2 件，协办 3 件）")
    assert _told().count() == 3  # handler, leader, co_handler
    client.force_login(world.handler)
    inbox = client.get("/supervision/").content.decode()
    assert "新交办" in inbox and 'href="/unit/?tab=to_sign"' in inbox


def test_the_notices_of_a_batch_cost_the_same_queries_for_3_or_30(world, monkeypatch):
    seen = []

    def counted(steps):
        with CaptureQueriesContext(connection) as queries:
            assigned.notify_assigned(steps)
        seen.append(len(queries))

    monkeypatch.setitem(actions.EFFECTS, "assign", [counted])
    for n in (3, 30):
        actions.assign_many(many(world, n), actor=world.office, lead_unit=world.lead_unit, co_units=[world.co_unit])
    assert seen[0] == seen[1] <= 4
    assert _told(recipient=world.handler).count() == 2
    assert _told(recipient=world.handler, title__contains="新交办建议 30 件（主办 30 件），").exists()


def test_delivery_waits_for_the_commit(world, sms_outbox, django_capture_on_commit_callbacks):
    with_phone_and_email(world.handler, world.leader)
    ss = many(world, 2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_many(ss, actor=world.office, lead_unit=world.lead_unit)
        assert mail.outbox == [] and sms_outbox == []
    assert sorted(m.to[0] for m in mail.outbox) == ["handler@example.cn", "leader@example.cn"]
    assert [text for _phone, text in sms_outbox][0].startswith("【代表建议办理平台】省教育厅：新交办建议 2 件")


def test_a_granted_reassignment_tells_the_new_unit_a_refused_one_nobody(world):
    granted, refused = many(world, 2, Status.ASSIGNED)
    for s in (granted, refused):
        actions.request_reassignment(s, actor=world.handler, reason="不属于本单位职责")
    before = list(_told().values_list("pk", flat=True))
    req = granted.assignments.get(unit=world.lead_unit).reassignment_requests.get()
    actions.decide_reassignment(granted, actor=world.office, request=req, grant=True, new_unit=world.other_unit)
    req = refused.assignments.get(unit=world.lead_unit).reassignment_requests.get()
    actions.decide_reassignment(refused, actor=world.office, request=req, grant=False, note="维持")
    after = _told().exclude(pk__in=before)
    assert list(after.values_list("recipient__username", "suggestion")) == [("other_handler", granted.pk)]
    assert "省交通运输厅主办此建议" in _told(recipient=world.other_handler).get().body


def test_an_added_co_unit_and_both_units_of_a_swap_are_told(world):
    added, swapped = many(world, 2, Status.ASSIGNED)
    actions.add_co_unit(added, actor=world.office, unit=world.other_unit)
    assert _told(recipient=world.other_handler, suggestion=added).get().body.startswith("省交通运输厅协办此建议")
    actions.swap_lead(swapped, actor=world.office, co_unit=world.co_unit)
    # Both start afresh, each in its new role (the first notice of each was the assignment's).
    assert _told(recipient=world.co_handler, suggestion=swapped).first().body.startswith("省民政厅主办此建议")
    assert _told(recipient=world.handler, suggestion=swapped).first().body.startswith("省教育厅协办此建议")


def test_a_kind_added_after_a_person_saved_their_settings_is_on(world, sms_outbox, django_capture_on_commit_callbacks):
    with_phone_and_email(world.handler)
    # Saved before 新交办 existed: overdue by SMS only. The new kind was never offered, so it is on.
    DeliverySettings.choose(world.handler, sms=["overdue"], email=[])
    DeliverySettings.objects.filter(user=world.handler).update(
        sms_off=[k for k in Notification.Kind.values if k not in ("overdue", NEW)]
    )
    ss = many(world, 1)
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign(ss[0], actor=world.office, lead_unit=world.lead_unit)
    assert len(sms_outbox) == 1 and mail.outbox == []
    # Turned off on the page, it stays off.
    settings = DeliverySettings.for_user(world.handler)
    settings.refresh_from_db()
    assert not settings.wants("email", NEW) and settings.kinds("sms") == ["overdue", NEW]
    DeliverySettings.choose(world.handler, sms=["overdue"], email=[])
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign(many(world, 1)[0], actor=world.office, lead_unit=world.lead_unit)
    assert sms_outbox == []


def test_the_migration_keeps_what_each_person_chose():
    migration = importlib.import_module("supervision.migrations.0006_new_assignment_kind_and_delivery_off")
    row = SimpleNamespace(sms_kinds=["overdue"], email_kinds=migration.OFFERED, save=lambda **kw: None)
    apps = SimpleNamespace(get_model=lambda *a: SimpleNamespace(objects=SimpleNamespace(all=lambda: [row])))
    migration.to_off(apps, None)
    assert "overdue" not in row.sms_off and "due_soon" in row.sms_off and row.email_off == []
    assert "new_assignment" not in row.sms_off  # never offered: on
    migration.to_on(apps, None)
    assert row.sms_kinds == ["overdue", "new_assignment"] and "new_assignment" in row.email_kinds


def test_a_coordination_meeting_decision_is_told_by_the_meeting_alone(world):
    s = many(world, 1, Status.ASSIGNED)[0]
    meeting = meeting_actions.open_meeting(actor=world.office, session=world.session, held_on=date(2023, 2, 26))
    actions.add_co_unit(s, actor=world.office, unit=world.other_unit, note="增加协办", meeting=meeting)
    assert not _told(recipient=world.other_handler).exists()  # meetings.actions.apply sends its own
