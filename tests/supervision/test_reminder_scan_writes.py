"""What a day's scan writes for a mixed set of deadlines, worked out here from the deadlines and the
units' people: a reminder per deadline, kind and active person not yet reminded; a `remind` event
per deadline and kind with its audit record; one notification per person; and nothing more when it
runs again."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditRecord
from congress.models import Policy
from suggestions.models import Deadline, Event
from supervision.actions import deadline_text
from supervision.jobs import scan_deadlines
from supervision.models import Notification, Reminder
from tests.audit.conftest import verify_error

from .helpers import assigned, reached, with_phone_and_email


def expected(day, before: set) -> dict[tuple[int, str], list[User]]:
    """(deadline, kind) -> the people still to remind of it, from the rows themselves."""
    soon = set(Deadline.objects.due_soon(day, Policy.current().due_soon_days).values_list("pk", flat=True))
    todo = {}
    for d in Deadline.objects.open().select_related("assignment"):
        if d.due_date < day:
            kind = "overdue"
        elif d.pk in soon:
            kind = "due_soon"
        else:
            continue
        unit = d.assignment.unit_id if d.assignment_id else d.suggestion.lead_unit_id
        people = User.objects.filter(unit_id=unit, role__in=[Role.UNIT_HANDLER, Role.UNIT_LEADER], is_active=True)
        new = [u for u in people if (d.pk, kind, u.pk) not in before]
        if new:
            todo[d.pk, kind] = new
    return todo


def test_a_scan_writes_each_reminder_event_and_notification_once(world, sms_outbox, django_capture_on_commit_callbacks):
    with_phone_and_email(world.handler, world.leader, world.co_handler)
    User.objects.create_user("gone", role=Role.UNIT_HANDLER, unit=world.lead_unit, is_active=False)
    first, second, done = (assigned(world, f"关于第{n}批农村供水工程建设的建议") for n in (1, 2, 3))
    sign = Deadline.objects.get(suggestion=first, kind="sign", assignment__role="lead")
    day = sign.due_date + timedelta(days=1)
    # Already reminded of one deadline yesterday (the leader not yet); another suggestion's deadlines all met.
    second_sign = Deadline.objects.get(suggestion=second, kind="sign", assignment__role="lead")
    Reminder.objects.create(suggestion=second, deadline=second_sign, recipients=[world.handler.pk], kind="overdue")
    Deadline.objects.filter(suggestion=done).update(met_at=timezone.now())
    before = set(reached())
    todo = expected(day, before)
    assert {k for _d, k in todo} == {"overdue", "due_soon"} and (second_sign.pk, "overdue") in todo
    notified_before = Notification.objects.count()
    records_before = AuditRecord.objects.filter(event_id__isnull=False).count()

    with django_capture_on_commit_callbacks(execute=True):
        sent = scan_deadlines(day)

    assert sent == sum(len(people) for people in todo.values())
    written = set(reached()) - before
    assert written == {(d, k, u.pk) for (d, k), people in todo.items() for u in people}
    assert (second_sign.pk, "overdue", world.leader.pk) in written
    # One row per deadline and kind reminded; the leader's is the second sending of that one.
    assert Reminder.objects.count() == 1 + len(todo)
    again = Reminder.objects.get(deadline=second_sign, kind="overdue", sending=1)
    assert again.recipients == [world.leader.pk]
    assert not Reminder.objects.filter(suggestion=done).exists()
    # One event per deadline and kind, as `remind` writes it, each vouched for by an audit record.
    events = Event.objects.filter(name="remind").select_related("suggestion")
    assert len(events) == len(todo)
    for e in events:
        d = Deadline.objects.select_related("assignment").get(pk=e.payload["deadline"])
        people = todo[d.pk, e.payload["kind"]]
        assert e.actor_id is None and e.unit_id == d.assignment.unit_id
        assert e.from_status == e.to_status == e.suggestion.status
        assert sorted(e.payload.pop("recipients")) == sorted(str(u) for u in people)
        assert e.payload == {
            "kind": e.payload["kind"],
            "deadline": d.pk,
            "step": d.kind,
            "due_date": d.due_date.isoformat(),
            "message": deadline_text(d.get_kind_display(), d.due_date),
        }
    assert AuditRecord.objects.filter(event_id__isnull=False).count() == records_before + len(todo)
    assert set(AuditRecord.objects.filter(action="step:remind").values_list("event_id", flat=True)) == {
        e.pk for e in events
    }
    assert verify_error() is None
    # One notification per person, delivered once by each channel.
    told = list(Notification.objects.order_by("pk")[notified_before:])
    assert sorted(n.recipient.username for n in told) == ["co_handler", "handler", "leader"]
    assert all(n.kind == "overdue" for n in told)
    assert len(mail.outbox) == len(sms_outbox) == 3

    # Again the same day: nothing more is written or sent.
    counts = (
        Reminder.objects.count(),
        Event.objects.count(),
        Notification.objects.count(),
        AuditRecord.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_deadlines(day) == 0
    assert (Reminder.objects.count(), Event.objects.count(), Notification.objects.count()) == counts[:3]
    assert AuditRecord.objects.count() == counts[3] and len(mail.outbox) == 3
