"""The daily scan tells each person once: one digest of every deadline it reminds them of, sent in a
fixed number of queries however many deadlines are due."""

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from stats import facts
from suggestions import actions
from suggestions.models import Deadline, Event
from supervision.assigned import LISTED
from supervision.jobs import scan_deadlines
from supervision.models import DeliverySettings, Notification, Reminder
from tests.workbench.helpers import many

from .helpers import reached, with_phone_and_email


def assign(world, n: int) -> list:
    ss = many(world, n)
    actions.assign_many(ss, actor=world.office, lead_unit=world.lead_unit, co_units=[world.co_unit])
    return ss


def overdue_day(s):
    return Deadline.objects.get(suggestion=s, kind="sign", assignment__role="lead").due_date + timedelta(days=1)


def scan(day, capture) -> tuple[int, int, list[Notification]]:
    """(reminders sent, queries of the scan and its delivery, the notifications it wrote)."""
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        sent = scan_deadlines(day)
    return sent, len(queries), list(Notification.objects.filter(pk__gt=before).select_related("recipient"))


def test_the_scan_costs_the_same_queries_for_3_or_15_due_suggestions(world, django_capture_on_commit_callbacks):
    # (15, not more: SQLite splits a bulk INSERT of more rows into several statements.)
    with_phone_and_email(world.handler, world.leader, world.co_handler)
    day = overdue_day(assign(world, 1)[0])
    scan(day, django_capture_on_commit_callbacks)  # the first scan also creates the watermark
    assign(world, 3)
    few, few_queries, _ = scan(day, django_capture_on_commit_callbacks)
    assign(world, 15)
    more, more_queries, told = scan(day, django_capture_on_commit_callbacks)
    assert more == 5 * few > 0
    assert more_queries == few_queries
    # One notification per person, and one timeline event per deadline and kind reminded.
    assert sorted(n.recipient.username for n in told) == ["co_handler", "handler", "leader"]
    reminded = Reminder.objects.exclude(kind="manual")
    assert Event.objects.filter(name="remind").count() == len(set(reminded.values_list("deadline", "kind")))
    # The figures' 催办 count is kept without recomputing the suggestions' facts.
    assert facts.check(day, sessions=[world.session.pk]) == []


def test_each_person_gets_one_digest_listing_their_deadlines_with_links(
    world, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://jianyi.example.gov.cn"
    with_phone_and_email(world.handler, world.leader, world.co_handler)
    gone = User.objects.create_user("gone", role=Role.UNIT_HANDLER, unit=world.lead_unit, is_active=False)
    ss = assign(world, LISTED + 5)
    sent, _, told = scan(overdue_day(ss[0]), django_capture_on_commit_callbacks)
    assert sent == len(reached()) and gone.pk not in {pk for _d, _k, pk in reached()}
    (digest,) = [n for n in told if n.recipient == world.handler]
    assert digest.kind == "overdue" and digest.suggestion is None
    assert digest.title.startswith(f"逾期催办：您有 {len(ss)} 件建议办理期限已逾期")
    lines = digest.body.splitlines()
    assert lines[0] == "已逾期："
    assert f"{ss[0].display_number}“{ss[0].title}”签收期限" in lines[1]
    assert lines[1].endswith(f" https://jianyi.example.gov.cn/s/{ss[0].pk}/")
    assert sum("https://jianyi.example.gov.cn/s/" in line for line in lines) == LISTED
    assert f"共 {Reminder.objects.to(world.handler).count()} 项期限" in digest.body
    assert lines[-1] == "全部期限：https://jianyi.example.gov.cn/supervision/deadlines/"
    # Delivered once per person and channel, on commit.
    assert sorted(m.to[0] for m in mail.outbox) == ["co_handler@example.cn", "handler@example.cn", "leader@example.cn"]
    assert len(sms_outbox) == 3
    # The next scan of the day has nothing to say.
    assert scan(overdue_day(ss[0]), django_capture_on_commit_callbacks)[::2] == (0, [])


def test_one_deadline_is_named_in_the_notification(world, django_capture_on_commit_callbacks):
    (s,) = assign(world, 1)
    Deadline.objects.filter(suggestion=s).exclude(kind="sign").update(cancelled=True)
    _, _, told = scan(overdue_day(s), django_capture_on_commit_callbacks)
    note = next(n for n in told if n.recipient == world.handler)
    assert note.suggestion == s and note.title == f"逾期催办：{s.display_number}“{s.title}”签收已逾期"
    assert note.body.startswith("签收期限为") and note.body.endswith(f"/s/{s.pk}/")


def test_a_person_who_chose_channels_per_kind_gets_each_kind_as_chosen(
    world, sms_outbox, django_capture_on_commit_callbacks
):
    with_phone_and_email(world.handler)
    DeliverySettings.choose(world.handler, sms=["overdue"], email=["overdue", "due_soon"])
    ss = assign(world, 2)
    day = overdue_day(ss[0])
    # The reassignment window closes two days after signing: due soon on the day signing is overdue.
    assert (
        Deadline.objects.filter(suggestion=ss[0], kind="reassign_window", assignment__role="lead").get().due_date > day
    )
    _, _, told = scan(day, django_capture_on_commit_callbacks)
    mine = sorted((n.kind, n.title) for n in told if n.recipient == world.handler)
    assert [kind for kind, _ in mine] == ["due_soon", "overdue"]
    assert len(sms_outbox) == 1 and sms_outbox[0][1].startswith(f"【代表建议办理平台】{mine[1][1]}")
    assert len([m for m in mail.outbox if m.to == [world.handler.email]]) == 2
    # Without such a choice, the same reminders are one digest.
    leader = [n for n in told if n.recipient == world.leader]
    assert len(leader) == 1 and "件将至" in leader[0].title
