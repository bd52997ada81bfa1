"""The fixed demo logins each find something to do."""

from datetime import timedelta

from accounts.models import User
from demo import loader as demo
from suggestions import access
from suggestions.models import Assignment, Deadline, Reply, Status, SuggestionDeputy
from suggestions.workflow import available, context_for


def _can(user, suggestion, step) -> bool:
    return any(tr.name == step and not blocked for tr, blocked in available(context_for(user, suggestion)))


def test_the_deputy_can_confirm_a_joint_suggestion_and_rate_a_reply(loaded, db):
    deputy = User.objects.get(username="deputy")
    mine = access.visible_to(deputy)
    pending = SuggestionDeputy.objects.get(deputy=deputy.deputy, role="cosigner", confirmed_at__isnull=True)
    assert _can(deputy, pending.suggestion, "confirm_cosign")
    to_rate = mine.get(status=Status.REPLIED, lead_deputy=deputy.deputy)
    assert _can(deputy, to_rate, "rate")
    assert {Status.DRAFT, Status.RETURNED, Status.HANDLING, Status.CLOSED} <= set(
        mine.filter(lead_deputy=deputy.deputy).values_list("status", flat=True)
    )


def test_the_education_department_has_work_in_every_inbox(loaded, db):
    handler, leader = User.objects.get(username="handler"), User.objects.get(username="leader")
    assert handler.unit.short_name == demo.HOME_UNIT == leader.unit.short_name
    mine = Assignment.objects.filter(unit=handler.unit, is_active=True)
    assert mine.filter(role="lead", signed_at__isnull=True).exists()  # to sign
    assert mine.filter(role="co", signed_at__isnull=False, opinion_sent_at__isnull=True).exists()  # co-opinion owed
    assert mine.filter(role="lead", suggestion__status=Status.REHANDLING).exists()  # to re-handle
    reply_deadlines = Deadline.objects.open().filter(assignment__in=mine, kind__in=["reply", "reply_complex"])
    today = demo.AS_OF.date()
    assert reply_deadlines.filter(due_date__lt=today).exists()  # overdue
    assert reply_deadlines.filter(due_date__gte=today, due_date__lte=today + timedelta(days=7)).exists()  # due soon
    in_review = Reply.objects.get(unit=leader.unit, stage=Reply.Stage.IN_REVIEW)
    assert _can(leader, in_review.suggestion, "approve_reply")


def test_the_co_handler_owes_an_opinion_to_the_education_department(loaded, db):
    co_handler = User.objects.get(username="co_handler")
    owed = Assignment.objects.get(
        unit=co_handler.unit, role="co", is_active=True, opinion_sent_at__isnull=True, suggestion__status="handling"
    )
    assert owed.suggestion.assignments.get(role="lead", is_active=True).unit.short_name == demo.HOME_UNIT
    assert _can(co_handler, owed.suggestion, "send_co_opinion")


def test_the_office_has_suggestions_to_review_and_to_assign(loaded, db):
    office = User.objects.get(username="office")
    seen = access.visible_to(office)
    assert any(_can(office, s, "register") for s in seen.filter(status=Status.SUBMITTED))
    assert any(_can(office, s, "assign") for s in seen.filter(status=Status.REGISTERED))


def test_the_demo_units_review_replies_through_chains_of_three_to_five_levels(loaded, db):
    from suggestions import review
    from suggestions.models import ReplySignoff, ReviewChain

    lengths = {c.unit.short_name: c.levels.count() for c in ReviewChain.objects.select_related("unit")}
    assert len(lengths) >= 4 and set(lengths.values()) <= {3, 4, 5} and {3, 5} <= set(lengths.values())
    # Every signed-off reply was passed level by level, each level by a different person.
    signed = Reply.objects.filter(stage=Reply.Stage.SENT, submission__gt=0).prefetch_related("signoffs")
    chained = 0
    for reply in signed:
        passed = [so for so in reply.signoffs.all() if so.submission == reply.submission and so.decision == "passed"]
        assert len(passed) == len(reply.chain) == len({so.actor_id for so in passed})
        chained += len(reply.chain) >= 4
    assert chained
    sent_back = ReplySignoff.objects.filter(decision="returned").select_related("reply__unit")
    assert sent_back.exists() and all(so.comment for so in sent_back)
    # The leader login is the education department's 分管领导: the reply in review waits at their level.
    leader = User.objects.get(username="leader")
    in_review = Reply.objects.get(unit=leader.unit, stage=Reply.Stage.IN_REVIEW)
    assert review.current_level(in_review)["person"] == leader.pk and in_review.levels_passed == 3
