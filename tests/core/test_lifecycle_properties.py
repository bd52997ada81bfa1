"""Random steps by random people, through the one write path; the invariants hold after each.

A hypothesis state machine drives `actions.perform` with input valid for the step (so steps do
apply, not only get refused) and checks, after every step, what must always be true.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from congress.models import Deputy, Policy, ReplyCategory, Unit
from suggestions import access, actions, review
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.forms import MERGE_TARGETS
from suggestions.models import (
    Assignment,
    Deadline,
    Evaluation,
    NotSuggestionReason,
    ReassignmentRequest,
    Reply,
    Status,
    Suggestion,
)
from suggestions.workflow import available, context_for
from tests.core.scenarios import PERSONAS
from tests.core.test_step_matrix import BAD_INPUT
from tests.world import advance
from web.paging import capped_count
from workbench import queries as inbox

# The lifecycle's own steps (supervision adds its steps to the same table from its own module).
CORE_STEPS = sorted(name for name in BAD_INPUT if actions.STEPS[name].__module__ == actions.__name__)
ASSIGNED_ONWARDS = {Status.ASSIGNED, Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED}
AUTHORS = ["deputy", "cosigner", "cosigner2", "outsider"]
REACHED: set[str] = set()
# The steps that move a suggestion on towards closing; preferred so that runs get far.
FORWARD = {
    "confirm_cosign",
    "submit",
    "register",
    "assign",
    "sign",
    "sign_as_co",
    "send_co_opinion",
    "record",
    "draft_reply",
    "submit_reply",
    "approve_reply",
    "send_reply",
    "rate",
}


def valid_input(draw, name: str, s: Suggestion, pks: list[int]) -> tuple[dict, dict]:
    """Input the step's form accepts for this suggestion (where one exists)."""
    text = draw(st.sampled_from(["建议加强统筹", "请尽快落实", "已电话沟通"]))
    if name == "edit":
        return {"title": draw(st.sampled_from(["关于甲的建议", "关于乙的建议"])), "body": text}, {}
    if name == "invite_cosigners":
        free = list(Deputy.objects.exclude(suggestion_links__suggestion=s).values_list("pk", flat=True))
        return {
            "deputies": draw(st.lists(st.sampled_from(free), min_size=1, max_size=2, unique=True)) if free else []
        }, {}
    if name in ("return", "return_reply", "withdraw", "register", "mark_complex", "approve_reply", "close"):
        return {"note": text}, {}
    if name == "reject":
        return {"reason": draw(st.sampled_from(NotSuggestionReason.values)), "note": text}, {}
    if name == "merge":
        targets = list(
            Suggestion.objects.filter(pk__in=pks, status__in=MERGE_TARGETS)
            .exclude(pk=s.pk)
            .values_list("pk", flat=True)
        )
        return {"into": draw(st.sampled_from(targets)) if targets else 0}, {}
    if name == "assign":
        units = list(Unit.objects.values_list("pk", flat=True))
        lead = draw(st.sampled_from(units))
        co = draw(st.lists(st.sampled_from([u for u in units if u != lead]), max_size=1))
        return {"lead_unit": lead, "co_units": co, "is_complex": draw(st.booleans())}, {}
    if name == "request_reassignment":
        return {"reason": "不属于本单位职责"}, {}
    if name == "decide_reassignment":
        req = ReassignmentRequest.objects.filter(assignment__suggestion=s, decision="pending").first()
        busy = Assignment.objects.filter(suggestion=s, is_active=True).values_list("unit_id", flat=True)
        free = list(Unit.objects.exclude(pk__in=busy).values_list("pk", flat=True))
        grant = draw(st.booleans()) and bool(free)
        data = {"request": req.pk if req else 0, "grant": grant, "note": text}
        if grant:
            data["new_unit"] = draw(st.sampled_from(free))
        return data, {}
    if name == "record":
        kind = draw(st.sampled_from(["contact", "research", "meeting"]))
        return {"kind": kind, "channel": "phone", "happened_on": timezone.localdate().isoformat(), "summary": text}, {}
    if name == "send_co_opinion":
        return {"summary": text}, {}
    if name == "draft_reply":
        cats = list(ReplyCategory.objects.values_list("pk", flat=True))
        return {"body": text, "category": draw(st.sampled_from(cats))}, {}
    if name == "send_reply":
        return {}, {"letter": SimpleUploadedFile("reply.pdf", b"%PDF-1.4 letter", content_type="application/pdf")}
    if name == "rate":
        result = draw(st.sampled_from(["satisfied", "basic", "unsatisfied"]))
        return {"result": result, "attitude": draw(st.sampled_from(["satisfied", "basic"])), "comment": text}, {}
    return {}, {}


class Lifecycle(RuleBasedStateMachine):
    world = None  # set by the test: users are expensive to hash, so they are shared

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.pks: list[int] = []

    @initialize()
    def first_suggestions(self):
        # A draft, one assigned and one with its reply signed, so that short runs reach every stage.
        self.pks.append(self.world.new_draft().pk)
        self.pks.append(advance(self.world, self.world.new_draft("已交办的建议"), Status.ASSIGNED).pk)
        self.pks.append(advance(self.world, self.world.new_draft("答复已签发的建议"), Status.HANDLING).pk)

    @rule(author=st.sampled_from(AUTHORS))
    def new_draft(self, author):
        self.pks.append(self.world.new_draft(f"{author}的建议", by=getattr(self.world, author)).pk)

    @rule(data=st.data(), name=st.sampled_from(CORE_STEPS), who=st.sampled_from(PERSONAS))
    def apply(self, data, name, who):
        s = Suggestion.objects.get(pk=data.draw(st.sampled_from(self.pks)))
        payload, files = valid_input(data.draw, name, s, self.pks)
        try:
            actions.perform(s, name, actor=getattr(self.world, who), data=payload, files=files)
        except (Conflict, PermissionDenied, InvalidInput):
            pass

    @rule(data=st.data())
    def apply_an_available_step(self, data):
        """Mostly what someone may do now, so that runs reach the later states too."""
        # Half the time one of the three seeded suggestions, so that a run carries one of them on to a
        # reply and a rating whatever the seed (new drafts dilute the choice as a run goes on).
        pks = self.pks[:3] if data.draw(st.booleans()) else self.pks
        s = Suggestion.objects.get(pk=data.draw(st.sampled_from(pks)))
        choices = [
            (who, tr.name)
            for who in PERSONAS
            for tr, blocked in available(context_for(getattr(self.world, who), s))
            if not blocked and tr.name in CORE_STEPS
        ]
        if not choices:
            return
        forward = [c for c in choices if c[1] in FORWARD]
        if forward and data.draw(st.integers(0, 9)) < 8:
            choices = forward
        who, name = data.draw(st.sampled_from(choices))
        payload, files = valid_input(data.draw, name, s, self.pks)
        try:
            actions.perform(s, name, actor=getattr(self.world, who), data=payload, files=files)
        except InvalidInput:
            pass  # e.g. nothing left to merge into
        REACHED.add(Suggestion.objects.get(pk=s.pk).status)

    @rule()
    def rating_windows_lapse(self):
        actions.close_lapsed_ratings(today=timezone.localdate().replace(year=timezone.localdate().year + 1))
        REACHED.update(Suggestion.objects.filter(pk__in=self.pks).values_list("status", flat=True))

    @invariant()
    def invariants_hold(self):
        for s in Suggestion.objects.filter(pk__in=self.pks):
            check_suggestion(s)
        dupes = (
            Suggestion.objects.filter(number__isnull=False)
            .values("session", "period", "number")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not dupes.exists(), list(dupes)
        inbox.unit_counts(self.world.handler)  # kept along the way; the teardown recounts

    def teardown(self):
        for unit_person in (self.world.handler, self.world.co_handler):
            check_inbox(unit_person)
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)


def check_suggestion(s: Suggestion):
    assert s.status in Status.values
    leads = Assignment.objects.filter(suggestion=s, is_active=True, role="lead").count()
    if s.status in ASSIGNED_ONWARDS:
        assert leads == 1, (s.status, leads)
    events = list(s.events.order_by("id"))
    creates = sum(e.name == "create" for e in events)
    assert creates == 1 and events[0].name == "create"
    assert s.version == len(events) - creates, (s.version, [e.name for e in events])
    for before, after in zip(events, events[1:], strict=False):
        assert after.from_status == before.to_status, (before.name, after.name)
    assert events[-1].to_status == s.status
    if s.status == Status.CLOSED:
        rating_met = Deadline.objects.filter(suggestion=s, kind="rating", met_at__isnull=False).exists()
        rated = Evaluation.objects.filter(reply__suggestion=s, reply__round=s.reply_round).exists()
        assert rating_met or rated
    if s.status in (Status.REPLIED, Status.CLOSED):
        assert Reply.objects.filter(suggestion=s, round=s.reply_round, stage=Reply.Stage.SENT).exists()
    for reply in s.replies.filter(stage__in=[Reply.Stage.SIGNED, Reply.Stage.SENT]).exclude(submission=0):
        # Signed off: every level of its chain passed, each by a different person.
        passed = reply.signoffs.filter(submission=reply.submission, decision="passed")
        assert sorted(passed.values_list("level", flat=True)) == list(range(1, len(reply.chain) + 1))
        assert passed.values("actor").distinct().count() == len(reply.chain)


def check_inbox(user):
    """The unit's open work is part of what it may see, and the inbox's kept counts are a recount's."""
    assert set(access.open_work_of_unit(user).values_list("pk", flat=True)) <= set(
        access.visible_to(user).values_list("pk", flat=True)
    )
    live = {t.key: capped_count(inbox.unit_tab(user, t.key), inbox.TAB_CAP) for t in inbox.UNIT_TABS}
    assert inbox.unit_counts(user) == live


@pytest.mark.django_db
def test_random_step_sequences_keep_the_invariants(world):
    Policy.objects.update_or_create(pk=1, defaults={"review_levels": 2})
    # The lead unit's own chain: its handler, then its leader (each level by a different person).
    review.configure(
        world.lead_unit,
        [
            {"label": "经办人", "role": "unit_handler", "person": None},
            {"label": "签发", "role": "unit_leader", "person": None},
        ],
        actor=world.leader,
    )
    Lifecycle.world = world
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            derandomize=True,  # the same runs every time: a failure here is a real one
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert {Status.HANDLING, Status.REPLIED, Status.CLOSED} <= REACHED, f"the random runs never got far: {REACHED}"
