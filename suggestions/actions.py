"""Every change to a suggestion goes through here.

`step()` applies one Transition from `workflow.TRANSITIONS`: under a row lock it checks the
state and the actor, claims the change with a conditional UPDATE (status and version must still
be what was read) and writes the Event in the same transaction. The functions below are the
steps themselves; `perform()` is the entry point for views and the API: it validates the input
with the step's form and calls the step's function.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Case, DateField, F, IntegerField, Max, Value, When
from django.utils import timezone

from accounts.models import User
from assist import search_index
from audit import log as audit_log
from congress.models import Deputy, Policy, ReplyCategory, Session, Unit
from jianyi import bulk

from . import deadlines, derived, filing, review, uploads
from .errors import Conflict, InvalidInput, PermissionDenied
from .forms import MERGE_TARGETS, SuggestionForm, form_for
from .models import (
    IN_HANDLING,
    RATING_ORDER,
    Assignment,
    Attachment,
    Deadline,
    Disclosure,
    Evaluation,
    Event,
    FormedBy,
    HandlingRecord,
    NumberSeries,
    Period,
    Rating,
    ReassignmentRequest,
    Reply,
    ReplySignoff,
    Status,
    Suggestion,
    SuggestionDeputy,
)
from .workflow import TRANSITIONS, Context, Transition, context_for

Kind = Deadline.Kind


class UnknownStep(LookupError):
    """No step of that name can be asked for (HTTP 404)."""


@dataclass
class Step:
    """What the body of a step works with, and the event it will write."""

    suggestion: Suggestion
    ctx: Context
    event: Event
    payload: dict[str, Any] = field(default_factory=dict)
    # The units this step gave the suggestion (assign, a granted reassignment, add_co_unit, swap_lead):
    # the new Assignment rows, each with its unit, so an effect can tell them without a query.
    assigned: list[Assignment] = field(default_factory=list)
    # The reminders this step wrote (supervision's `remind`: Reminder rows, or the scan's lighter
    # records of them), each with its recipient and kind, so the effect that notifies them reads no row.
    reminded: list[Any] = field(default_factory=list)


def check(tr: Transition, ctx: Context) -> None:
    """Raise Conflict (wrong state), PermissionDenied (wrong party) or Conflict (a guard)."""
    status = ctx.suggestion.status
    if status not in tr.sources:
        raise Conflict(f"建议当前状态为“{Status(status).label}”，不能{tr.label}")
    if not ctx.parties & tr.who:
        raise PermissionDenied(f"您无权对此建议{tr.label}")
    for guard in tr.guards:
        if reason := guard(ctx):
            raise Conflict(reason)


# What an app writes as part of another app's step, after the step's own writes and before its Events
# are saved, in the same transaction (supervision files every sent reply with the filing bodies, and
# tells a unit what it was newly assigned). An app adds its effect in its AppConfig.ready(), as it adds
# steps and guards; suggestions/ imports no app.
#
# An effect is called once per write with that write's steps, as a list: `[st]` for a step, and every
# suggestion's Step for the bulk form of a step (`assign_many`/`assign_groups` run the effects of
# "assign" once for the whole batch). So an effect does its work in a fixed number of queries however
# many suggestions one write moves, and can sum up a batch (one notice per unit, not per suggestion).
EFFECTS: dict[str, list[Callable[[list[Step]], None]]] = {}


def add_effect(name: str, effect: Callable[[list[Step]], None]) -> None:
    if effect not in EFFECTS.setdefault(name, []):
        EFFECTS[name].append(effect)


@contextmanager
def step(suggestion: Suggestion, name: str, *, actor: User | None) -> Iterator[Step]:
    tr = TRANSITIONS[name]
    with transaction.atomic(savepoint=_savepoint()):
        current = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        ctx = context_for(actor, current, asking=tr.who)
        check(tr, ctx)
        target = tr.leads_to(current.status)
        now = timezone.now()
        claimed = Suggestion.objects.filter(pk=current.pk, status=current.status, version=current.version).update(
            status=target, version=F("version") + 1, updated_at=now
        )
        if claimed != 1:
            raise Conflict("建议已被他人处理，请刷新后重试")
        from_status = current.status
        current.status, current.version, current.updated_at = target, current.version + 1, now
        unit_id = ctx.assignment.unit_id if ctx.assignment else None
        st = Step(
            current,
            ctx,
            Event(
                suggestion=current,
                name=name,
                actor=actor,
                unit_id=unit_id,
                at=now,
                from_status=from_status,
                to_status=target,
            ),
        )
        yield st
        for effect in EFFECTS.get(name, ()):
            effect([st])
        st.event.payload = st.payload
        st.event.save()
        upkeep(current, events=[st.event], text_changed=name in search_index.TEXT_STEPS)
    _keep_in_step(suggestion, current)


LOCK_CHUNK = 2000  # suggestions locked by one SELECT ... FOR UPDATE of `steps_in_place`


class Batch:
    """The suggestions `steps_in_place` locked and may take its step on, and the Steps taken."""

    def __init__(self, name: str, actor: User | None, contexts: dict[int, Context]):
        self.name, self.actor, self.contexts = name, actor, contexts
        self.now = timezone.now()
        self.steps: list[Step] = []

    def take(self, suggestion_id: int, unit_id: int | None = None) -> Step | None:
        """A Step of this write on the suggestion (several may share one), or None where `step`
        would have refused it (its state, the actor's party, a guard)."""
        ctx = self.contexts.get(suggestion_id)
        if ctx is None:
            return None
        s = ctx.suggestion
        event = Event(
            suggestion=s, name=self.name, actor=self.actor, unit_id=unit_id, at=self.now,
            from_status=s.status, to_status=s.status,
        )  # fmt: skip
        st = Step(s, ctx, event)
        self.steps.append(st)
        return st


@contextmanager
def steps_in_place(
    suggestion_ids, name: str, *, actor: User | None, only_events: bool = False, reads: tuple[str, ...] | None = None
) -> Iterator[Batch]:
    """The bulk form of `step` for a step that keeps the state (its Transition leads to None), for a
    job that takes it on many suggestions in one write (the daily reminder scan).

    The rows are locked in chunks, each by one SELECT ... FOR UPDATE in id order (so two runs wait
    for each other instead of deadlocking); a suggestion `step` would refuse is left out, not an
    error. The body takes Steps (`batch.take`) for what it records. Then, as `step` does, for the
    suggestions that got one: one UPDATE bumps their versions, the effects run once with every Step,
    the events are written at once (`bulk.insert`) and `upkeep` follows (`only_events`: see `upkeep`), in the
    same transaction. A fixed number of queries per chunk, however many suggestions there are.

    `reads`: the only columns of the suggestions the body and the step's effects read, besides
    their state (the rest is not loaded: for the reminder scan's 18,000 rows at 1M, 0.4 s).
    """
    tr = TRANSITIONS[name]
    if tr.target is not None:
        raise ValueError(f"{name} changes the state: use step() or its own bulk form")
    ids = sorted(set(suggestion_ids))
    with transaction.atomic(), bulk.gc_paused():
        bulk.no_jit()
        contexts: dict[int, Context] = {}
        sessions: dict[int, Session] = {}  # which guards read (a catalogue published): one of each
        for start in range(0, len(ids), LOCK_CHUNK):
            chunk = ids[start : start + LOCK_CHUNK]
            rows = Suggestion.objects.select_for_update().filter(bulk.any_of("pk", chunk)).order_by("pk")
            if reads is not None:
                rows = rows.only("status", "version", "updated_at", "session_id", *reads)
            rows = list(rows)
            if missing := {s.session_id for s in rows} - sessions.keys():
                sessions.update(Session.objects.in_bulk(missing))
            for s in rows:
                s.session = sessions[s.session_id]
                ctx = context_for(actor, s, asking=tr.who)
                try:
                    check(tr, ctx)
                except (Conflict, PermissionDenied):
                    continue
                contexts[s.pk] = ctx
        batch = Batch(name, actor, contexts)
        yield batch
        if not batch.steps:
            return
        touched = sorted({st.suggestion.pk for st in batch.steps})
        for start in range(0, len(touched), LOCK_CHUNK):
            chunk = touched[start : start + LOCK_CHUNK]
            Suggestion.objects.filter(bulk.any_of("pk", chunk)).update(version=F("version") + 1, updated_at=batch.now)
        for pk in touched:
            s = contexts[pk].suggestion
            s.version, s.updated_at = s.version + 1, batch.now
        for effect in EFFECTS.get(name, ()):
            effect(batch.steps)
        for st in batch.steps:
            st.event.payload = st.payload
        events = bulk.insert([st.event for st in batch.steps])
        upkeep(
            *(contexts[pk].suggestion for pk in touched),
            events=events,
            text_changed=name in search_index.TEXT_STEPS,
            only_events=only_events,
        )


# What is derived from a suggestion's rows (its list columns and figures, `derived`; its search
# document, `assist.search_index`) and the audit record of each event are written by `upkeep` in the
# transaction of every write. A bulk load defers them (`deferred_upkeep`) and writes them all at
# once at the end, set-based, with the same functions.
@dataclass
class _Pending:
    text_changed: dict[int, bool] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    savepoints: bool = True


_deferred: ContextVar[_Pending | None] = ContextVar("deferred_upkeep", default=None)


def upkeep(*suggestions: Suggestion, events=(), text_changed: bool = True, only_events: bool = False) -> None:
    """`only_events`: the write added its events and changed no row anything derived is read from
    (a reminder): only what the events count is brought up to date."""
    pending = _deferred.get()
    if pending is not None:
        for s in suggestions:
            pending.text_changed[s.pk] = pending.text_changed.get(s.pk, False) or text_changed
        pending.events += events
        return
    audit_log.record_events(events)
    if only_events:
        derived.events_added(events)
        return
    derived.update_for(*suggestions)
    search_index.after_write([s.pk for s in suggestions], text_changed=text_changed)


def _savepoint() -> bool:
    """Whether a write opens a savepoint (`transaction.atomic(savepoint=...)`): always, but inside
    `deferred_upkeep(savepoints=False)`."""
    pending = _deferred.get()
    return pending is None or pending.savepoints


@contextmanager
def deferred_upkeep(batch: int = 500, *, savepoints: bool = True) -> Iterator[None]:
    """Inside: writes only note what they touched. On leaving: `upkeep` for all of it, in batches.

    For a bulk load in one transaction (the demo): what is derived is read by no step, and is
    computed once per suggestion instead of once per step; the audit records keep their events' times.
    `savepoints=False`: the load is all or nothing and undoes no step alone (a refused step fails it),
    so its steps open no savepoint each (two statements per step, and a round trip each on PostgreSQL)."""
    if _deferred.get() is not None:  # already deferring: the outer one brings it up to date
        yield
        return
    pending = _Pending(savepoints=savepoints)
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    audit_log.record_events(pending.events)
    pks = sorted(pending.text_changed)
    for start in range(0, len(pks), batch):
        chunk = pks[start : start + batch]
        derived.update_for(*Suggestion.objects.filter(pk__in=chunk))
        search_index.after_write(chunk, text_changed=True)


def _keep_in_step(stale: Suggestion, written: Suggestion) -> None:
    """Give the caller's object the row as the step wrote it: refresh_from_db without a query.

    Step bodies change their suggestion only through `st.suggestion` (the locked row), so its
    fields are what the database now holds.
    """
    if stale is written:
        return
    for column in Suggestion._meta.concrete_fields:
        setattr(stale, column.attname, getattr(written, column.attname))
    stale._state.fields_cache.clear()
    stale.__dict__.pop("_prefetched_objects_cache", None)


def perform(suggestion: Suggestion, name: str, *, actor: User, data=None, files=None, **context) -> Event:
    """Validate the input of step `name` and apply it. Raises Conflict, PermissionDenied, InvalidInput.

    `context` goes to the step as it is, not through the form (e.g. the coordination meeting that decided it).
    """
    if name not in STEPS:
        raise UnknownStep(name)
    ctx = context_for(actor, suggestion)
    check(TRANSITIONS[name], ctx)  # fail fast, before looking at the input
    form = form_for(name, ctx, data, files)
    if not form.is_valid():
        raise InvalidInput({k: [str(m) for m in v] for k, v in form.errors.items()})
    return STEPS[name](suggestion, actor=actor, **form.cleaned_data, **context)


def perform_many(suggestions, name: str, *, actor: User, data=None) -> list[Event]:
    """The same step on several suggestions, all or nothing: each goes through `perform` (its checks,
    form and Event), inside one transaction. A refusal names the suggestion it is about."""
    events = []
    with transaction.atomic():
        for s in suggestions:
            try:
                events.append(perform(s, name, actor=actor, data=data))
            except Conflict as exc:
                raise Conflict(f"{_which(s)}：{exc.message}") from exc
            except InvalidInput as exc:
                raise InvalidInput({k: [f"{_which(s)}：{m}" for m in v] for k, v in exc.errors.items()}) from exc
    return events


def _which(s: Suggestion) -> str:
    return s.display_number if s.number is not None else f"“{s.title}”"


# --- The deputy's draft -------------------------------------------------------------------------


def create_draft(*, actor: User, session: Session, period: str = Period.SESSION, **fields) -> Suggestion:
    deputy = getattr(actor, "deputy", None)
    if deputy is None or actor.role != "deputy":
        raise PermissionDenied("只有人大代表可以提出建议")
    if reason := filing.filing_error(deputy, session):
        raise InvalidInput({"session": [reason]})
    # A draft needs only its title; `submit` asks for the rest.
    form = SuggestionForm({"formed_by": FormedBy.RESEARCH, "disclosure": Disclosure.FULL, **fields})
    if not form.is_valid():
        raise InvalidInput({k: [str(m) for m in v] for k, v in form.errors.items()})
    with transaction.atomic(savepoint=_savepoint()):
        suggestion = Suggestion.objects.create(
            session=session,
            period=period,
            lead_deputy=deputy,
            status=Status.DRAFT,
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")},
        )
        SuggestionDeputy.objects.create(
            suggestion=suggestion, deputy=deputy, role=SuggestionDeputy.Role.LEAD, confirmed_at=timezone.now()
        )
        event = Event.objects.create(suggestion=suggestion, name="create", actor=actor, to_status=Status.DRAFT)
        upkeep(suggestion, events=[event])
    return suggestion


def edit(suggestion, *, actor, **fields) -> Event:
    with step(suggestion, "edit", actor=actor) as st:
        s = st.suggestion
        changed = [k for k, v in fields.items() if getattr(s, k) != v]
        for k in changed:
            setattr(s, k, fields[k])
        s.save(update_fields=changed or ["updated_at"])
        if {"title", "body"} & set(changed):
            # Co-signers agreed to a text; a new text needs their agreement again.
            reset = s.deputy_links.filter(role=SuggestionDeputy.Role.COSIGNER, confirmed_at__isnull=False)
            st.payload["confirmations_reset"] = reset.update(confirmed_at=None)
        st.payload["changed"] = changed
    return st.event


def invite_cosigners(suggestion, *, actor, deputies: list[Deputy]) -> Event:
    with step(suggestion, "invite_cosigners", actor=actor) as st:
        SuggestionDeputy.objects.bulk_create(
            SuggestionDeputy(suggestion=st.suggestion, deputy=d, role=SuggestionDeputy.Role.COSIGNER) for d in deputies
        )
        st.payload["deputies"] = [d.name for d in deputies]
    return st.event


def attach(suggestion, *, actor, file) -> Event:
    with step(suggestion, "attach", actor=actor) as st:
        name = uploads.original_name(file)
        a = Attachment.objects.create(suggestion=st.suggestion, file=file, name=name, uploaded_by=actor)
        st.payload.update(attachment=a.pk, name=a.name)
    return st.event


def confirm_cosign(suggestion, *, actor) -> Event:
    with step(suggestion, "confirm_cosign", actor=actor) as st:
        SuggestionDeputy.objects.filter(pk=st.ctx.deputy_link.pk).update(confirmed_at=timezone.now())
        st.payload["deputy"] = st.ctx.deputy_link.deputy.name
    return st.event


def decline_cosign(suggestion, *, actor) -> Event:
    with step(suggestion, "decline_cosign", actor=actor) as st:
        st.payload["deputy"] = st.ctx.deputy_link.deputy.name
        st.ctx.deputy_link.delete()
    return st.event


def submit(suggestion, *, actor) -> Event:
    with step(suggestion, "submit", actor=actor) as st:
        st.suggestion.submitted_at = st.event.at
        st.suggestion.save(update_fields=["submitted_at"])
    return st.event


def withdraw(suggestion, *, actor, note="") -> Event:
    with step(suggestion, "withdraw", actor=actor) as st:
        deadlines.cancel(st.suggestion)
        st.payload["note"] = note
    return st.event


# --- Review by the office -----------------------------------------------------------------------


def return_for_revision(suggestion, *, actor, note) -> Event:
    with step(suggestion, "return", actor=actor) as st:
        st.payload["note"] = note
    return st.event


def register(suggestion, *, actor, note="") -> Event:
    with step(suggestion, "register", actor=actor) as st:
        s = st.suggestion
        # Numbers given outside this path (imports, demo data) are respected: a new series starts after them.
        series = NumberSeries.objects.select_for_update().filter(session_id=s.session_id, period=s.period).first()
        if series is None:
            given = Suggestion.objects.filter(session_id=s.session_id, period=s.period).aggregate(m=Max("number"))
            series, _ = NumberSeries.objects.select_for_update().get_or_create(
                session_id=s.session_id, period=s.period, defaults={"last": given["m"] or 0}
            )
        series.last += 1
        series.save(update_fields=["last"])
        s.number, s.registered_at = series.last, st.event.at
        s.save(update_fields=["number", "registered_at"])
        if s.period == Period.INTERSESSION:
            deadlines.open_deadline(s, Kind.INTERSESSION_ASSIGN, start=timezone.localdate(st.event.at))
        _screen(s)
        st.payload.update(number=s.number, display_number=s.display_number, note=note)
    return st.event


def _screen(s: Suggestion) -> None:
    """The public catalogue lists a suggestion once it has a number: redact its title now."""
    from disclosure import screening  # disclosure builds on this module; imported at call time

    screening.screen(s)


def merge(suggestion, *, actor, into: Suggestion, note="") -> Event:
    """并案: this suggestion's deputies join `into`, so its reply reaches every one of them."""
    with step(suggestion, "merge", actor=actor) as st:
        s = st.suggestion
        # The target gets an event too, so it is locked and its version bumped like any other step.
        into = Suggestion.objects.select_for_update().get(pk=into.pk)
        if into.status not in MERGE_TARGETS or into.session_id != s.session_id or into.pk == s.pk:
            raise Conflict(f"{into.display_number}建议当前状态为“{into.get_status_display()}”，不能并入")
        Suggestion.objects.filter(pk=into.pk).update(version=F("version") + 1, updated_at=st.event.at)
        s.merged_into = into
        s.save(update_fields=["merged_into"])
        deadlines.cancel(s)
        already = set(into.deputy_links.values_list("deputy_id", flat=True))
        SuggestionDeputy.objects.bulk_create(
            SuggestionDeputy(
                suggestion=into, deputy_id=link.deputy_id, role=SuggestionDeputy.Role.MERGED, confirmed_at=st.event.at
            )
            for link in s.deputy_links.all()
            if link.deputy_id not in already
        )
        st.payload.update(into=into.pk, into_number=into.display_number, note=note)
        merged_in = Event.objects.create(
            suggestion=into,
            name="merged_in",
            actor=actor,
            at=st.event.at,
            from_status=into.status,
            to_status=into.status,
            payload={"from": s.pk, "title": s.title},
        )
        audit_log.record_events([merged_in])
    return st.event


def reject(suggestion, *, actor, reason, note) -> Event:
    with step(suggestion, "reject", actor=actor) as st:
        st.suggestion.not_suggestion_reason = reason
        st.suggestion.save(update_fields=["not_suggestion_reason"])
        st.payload.update(reason=reason, note=note)
    return st.event


def mark_complex(suggestion, *, actor, note="") -> Event:
    with step(suggestion, "mark_complex", actor=actor) as st:
        s = st.suggestion
        s.is_complex = True
        s.save(update_fields=["is_complex"])
        for old in Deadline.objects.open().filter(suggestion=s, kind=Kind.REPLY):
            old.cancelled = True
            old.save(update_fields=["cancelled"])
            deadlines.open_deadline(s, Kind.REPLY_COMPLEX, start=old.start_date, assignment=old.assignment)
        st.payload["note"] = note
    return st.event


# --- Assignment and sign-for --------------------------------------------------------------------


def _unit_deadline_kinds(role: str, is_complex: bool) -> tuple[str, ...]:
    """The deadlines an assigned unit starts with."""
    if role == Assignment.Role.LEAD:
        return (Kind.SIGN, Kind.REASSIGN_WINDOW, Kind.REPLY_COMPLEX if is_complex else Kind.REPLY)
    return (Kind.SIGN, Kind.REASSIGN_WINDOW, Kind.CO_OPINION)


def _assign_unit(st: Step, unit: Unit, role: str) -> Assignment:
    s = st.suggestion
    a = Assignment.objects.create(suggestion=s, unit=unit, role=role)
    for kind in _unit_deadline_kinds(role, s.is_complex):
        deadlines.open_deadline(s, kind, start=timezone.localdate(st.event.at), assignment=a)
    st.assigned.append(a)
    return a


def assign(suggestion, *, actor, lead_unit: Unit, co_units=(), is_complex=False) -> Event:
    with step(suggestion, "assign", actor=actor) as st:
        s = st.suggestion
        s.assigned_at, s.is_complex = st.event.at, s.is_complex or is_complex
        s.save(update_fields=["assigned_at", "is_complex"])
        _assign_unit(st, lead_unit, Assignment.Role.LEAD)
        for unit in co_units:
            _assign_unit(st, unit, Assignment.Role.CO)
        deadlines.meet(s, Kind.INTERSESSION_ASSIGN)
        st.payload.update(
            lead_unit=lead_unit.short_name, co_units=[u.short_name for u in co_units], is_complex=s.is_complex
        )
    return st.event


def assign_many(suggestions, *, actor, lead_unit: Unit, co_units=(), is_complex=False) -> list[Event]:
    """The central assignment meeting (集中交办): these suggestions to one lead unit (and co-units)."""
    return assign_groups([(suggestions, lead_unit, co_units)], actor=actor, is_complex=is_complex)


def assign_groups(groups, *, actor, is_complex=False) -> list[Event]:
    """One batch of assignment (集中交办), all or nothing: `groups` are (suggestions, lead_unit, co_units).

    Each suggestion goes through the same checks, state change, rows and event as `assign`, but in
    bulk (a fixed number of queries), so a whole session's suggestions go out in seconds. The effects
    of "assign" run once, with every suggestion's Step (see EFFECTS): the batch is one write.
    """
    tr = TRANSITIONS["assign"]
    units_of: dict[int, tuple[Unit, list[Unit]]] = {}
    given: dict[int, Suggestion] = {}  # the callers' objects, by identity
    for suggestions, lead_unit, co_units in groups:
        plan = (lead_unit, list(co_units))
        for s in suggestions:
            if units_of.setdefault(s.pk, plan) != plan:
                raise Conflict(f"{s.display_number}建议在本批中交办给了不同单位")
            given[id(s)] = s
    ids = list(units_of)
    with transaction.atomic(), bulk.gc_paused():
        bulk.no_jit()
        current = list(Suggestion.objects.select_for_update().filter(bulk.any_of("pk", ids)).order_by("pk"))
        if len(current) != len(ids):
            raise Conflict("部分建议已不存在，请刷新后重试")
        contexts = [context_for(actor, s, asking=tr.who) for s in current]
        for ctx in contexts:
            check(tr, ctx)
        now = timezone.now()
        day = timezone.localdate(now)
        due, told = {}, {}  # every deadline starts the same day: compute each kind (and its text per unit) once
        steps, rows, owners, lead_of, next_due = [], [], [], {}, {}
        for s, ctx in zip(current, contexts, strict=True):
            lead_unit, co_units = units_of[s.pk]
            complex_ = s.is_complex or is_complex
            event = Event(
                suggestion=s, name="assign", actor=actor, at=now, from_status=s.status, to_status=Status.ASSIGNED
            )
            st = Step(s, ctx, event)
            st.payload.update(
                lead_unit=lead_unit.short_name, co_units=[u.short_name for u in co_units], is_complex=complex_
            )
            # The derived columns (`derived`) are written with the rows, not by a second UPDATE of each.
            st.assigned = [Assignment(suggestion=s, unit=lead_unit, role=Assignment.Role.LEAD)] + [
                Assignment(suggestion=s, unit=u, role=Assignment.Role.CO) for u in co_units
            ]
            mine = []
            for a in st.assigned:
                a.assigned_at, a.in_handling = now, Status.ASSIGNED in IN_HANDLING
                theirs = []
                for kind in _unit_deadline_kinds(a.role, complex_):
                    if kind not in due:
                        due[kind] = deadlines.compute(kind, day)
                    if (kind, a.unit_id) not in told:
                        told[kind, a.unit_id] = deadlines.explain(kind, a, due[kind])
                    theirs.append(deadlines.new_deadline(s, kind, day, due[kind], explanation=told[kind, a.unit_id]))
                    owners.append(a)  # the row takes its id once the assignments are saved
                a.due_on = derived.unit_due(theirs)
                mine += theirs
            lead_of[s.pk], next_due[s.pk] = lead_unit.pk, derived.unit_due(mine)
            rows += mine
            steps.append(st)
        changes = {
            "status": Status.ASSIGNED,
            "version": F("version") + 1,
            "updated_at": now,
            "assigned_at": now,
            "lead_unit_id": _per_row(lead_of, IntegerField()),
            "next_due_on": _per_row(next_due, DateField()),
        }
        if is_complex:
            changes["is_complex"] = True
        # The conditional UPDATE of `step`, for every row at once: each must still be registered.
        claimed = Suggestion.objects.filter(bulk.any_of("pk", ids), status=Status.REGISTERED).update(**changes)
        if claimed != len(ids):
            raise Conflict("部分建议已被他人处理，请刷新后重试")
        bulk.insert([a for st in steps for a in st.assigned])
        for row, a in zip(rows, owners, strict=True):
            row.assignment_id = a.pk
        bulk.insert(rows)
        Deadline.objects.open().filter(bulk.any_of("suggestion", ids), kind=Kind.INTERSESSION_ASSIGN).update(met_at=now)
        for effect in EFFECTS.get("assign", ()):
            effect(steps)
        for st in steps:
            st.event.payload = st.payload
        events = bulk.insert([st.event for st in steps])
        upkeep(*current, events=events, text_changed=False)  # assigning changes no text
    # Keep the callers' objects in step with the database, as `step` does.
    written = {s.pk: s for s in current}
    for s in given.values():
        s.status, s.assigned_at, s.updated_at, s.is_complex = Status.ASSIGNED, now, now, s.is_complex or is_complex
        s.lead_unit_id, s.next_due_on = written[s.pk].lead_unit_id, written[s.pk].next_due_on
        s.version += 1
    return events


def _per_row(values: dict, output_field):
    """One UPDATE's value for each row (pk -> value): a CASE over the few distinct values."""
    by_value = defaultdict(list)
    for pk, value in values.items():
        by_value[value].append(pk)
    if len(by_value) == 1:
        return Value(next(iter(by_value)), output_field=output_field)
    return Case(*(When(pk__in=pks, then=Value(v)) for v, pks in by_value.items()), output_field=output_field)


def import_suggestion(
    *,
    actor: User,
    session: Session,
    title: str,
    body: str,
    lead_deputy: Deputy,
    field=None,
    period: str = Period.SESSION,
    cosigners=(),
    number: int | None = None,
    lead_unit: Unit | None = None,
    co_units=(),
    disclosure: str = Disclosure.FULL,
    source: str = "",
) -> Suggestion:
    """Enter a suggestion made outside the platform (a past session's ledger, a paper submission).

    It starts registered, with the number given or the next one of its series, its deputies
    confirmed; with a lead unit it is assigned at once through `assign`. Events are written in
    the same transaction; the caller may wrap many imports in one transaction (all or nothing).
    """
    if actor is None or actor.role != "office":
        raise PermissionDenied("只有选任联工委工作人员可以导入建议")
    for deputy in (lead_deputy, *cosigners):
        if reason := filing.lead_deputy_error(deputy, session):
            raise Conflict(reason)  # the import reports it for its row, as a number already taken
    with transaction.atomic():
        given = Suggestion.objects.filter(session=session, period=period).aggregate(m=Max("number"))["m"]
        series, _ = NumberSeries.objects.select_for_update().get_or_create(
            session=session, period=period, defaults={"last": given or 0}
        )
        if number is None:
            number = series.last = series.last + 1
        elif Suggestion.objects.filter(session=session, period=period, number=number).exists():
            raise Conflict(f"编号{number}已被本次会议的建议使用")
        else:
            series.last = max(series.last, number)
        series.save(update_fields=["last"])
        now = timezone.now()
        s = Suggestion.objects.create(
            session=session,
            period=period,
            number=number,
            title=title,
            body=body,
            field=field,
            lead_deputy=lead_deputy,
            disclosure=disclosure,
            status=Status.REGISTERED,
            submitted_at=now,
            registered_at=now,
        )
        SuggestionDeputy.objects.bulk_create(
            [SuggestionDeputy(suggestion=s, deputy=lead_deputy, role=SuggestionDeputy.Role.LEAD, confirmed_at=now)]
            + [
                SuggestionDeputy(suggestion=s, deputy=d, role=SuggestionDeputy.Role.COSIGNER, confirmed_at=now)
                for d in cosigners
                if d.pk != lead_deputy.pk
            ]
        )
        imported = Event.objects.create(
            suggestion=s,
            name="import",
            actor=actor,
            at=now,
            to_status=Status.REGISTERED,
            payload={"source": source, "number": number, "display_number": s.display_number},
        )
        audit_log.record_events([imported])
        _screen(s)
        if lead_unit is not None:
            assign(s, actor=actor, lead_unit=lead_unit, co_units=list(co_units))
        else:
            if period == Period.INTERSESSION:
                deadlines.open_deadline(s, Kind.INTERSESSION_ASSIGN, start=timezone.localdate(now))
            upkeep(s)
    return s


def _sign(suggestion, name, actor, accurate=None) -> Event:
    with step(suggestion, name, actor=actor) as st:
        a = st.ctx.assignment
        a.signed_at, a.accurate = st.event.at, accurate
        a.save(update_fields=["signed_at", "accurate"])
        if accurate is not None:
            st.payload["accurate"] = accurate
        # Signing accepts the assignment, which closes the window for asking to be relieved of it.
        deadlines.meet(st.suggestion, Kind.SIGN, Kind.REASSIGN_WINDOW, assignment=a)
    return st.event


def sign(suggestion, *, actor, accurate=None) -> Event:
    return _sign(suggestion, "sign", actor, accurate)


def sign_as_co(suggestion, *, actor, accurate=None) -> Event:
    return _sign(suggestion, "sign_as_co", actor, accurate)


def request_reassignment(suggestion, *, actor, reason, suggested_unit=None) -> Event:
    with step(suggestion, "request_reassignment", actor=actor) as st:
        req = ReassignmentRequest.objects.create(
            assignment=st.ctx.assignment, reason=reason, suggested_unit=suggested_unit, requested_by=actor
        )
        deadlines.meet(st.suggestion, Kind.REASSIGN_WINDOW, assignment=st.ctx.assignment)
        st.payload.update(
            request=req.pk, reason=reason, suggested_unit=suggested_unit.short_name if suggested_unit else None
        )
    return st.event


def _meeting_payload(st: Step, meeting) -> None:
    """A decision taken at a coordination meeting (协调会) names it on the timeline."""
    if meeting is not None:
        st.payload.update(meeting=str(meeting), meeting_id=meeting.pk)


def _settle_request(st: Step, request: ReassignmentRequest | None, *, grant: bool, new_unit=None, note=""):
    """Decide a pending reassignment request as part of this step; a request decided meanwhile is a Conflict."""
    if request is None:
        return None
    # Decided meanwhile by someone else? The form saw it pending, but only the lock tells.
    request = ReassignmentRequest.objects.select_for_update().select_related("assignment__unit").get(pk=request.pk)
    if request.decision != ReassignmentRequest.Decision.PENDING or request.assignment.suggestion_id != st.suggestion.pk:
        raise Conflict("该改办申请已审批")
    request.decision = ReassignmentRequest.Decision.GRANTED if grant else ReassignmentRequest.Decision.REFUSED
    request.decided_by, request.decided_at, request.decision_note = st.ctx.user, st.event.at, note
    request.new_unit = new_unit if grant else None
    request.save()
    st.payload.update(request=request.pk, granted=grant)
    return request


def _end_assignment(st: Step, a: Assignment) -> None:
    a.is_active, a.ended_at = False, st.event.at
    a.save(update_fields=["is_active", "ended_at"])
    deadlines.cancel(st.suggestion, assignment=a)


def decide_reassignment(
    suggestion, *, actor, request: ReassignmentRequest, grant: bool, new_unit=None, note="", meeting=None
) -> Event:
    with step(suggestion, "decide_reassignment", actor=actor) as st:
        s = st.suggestion
        request = _settle_request(st, request, grant=grant, new_unit=new_unit, note=note)
        old = request.assignment
        st.payload.update(unit=old.unit.short_name, note=note)
        _meeting_payload(st, meeting)
        if grant:
            if Assignment.objects.filter(suggestion=s, unit=new_unit, is_active=True).exists():
                raise Conflict(f"{new_unit.short_name}已承办此建议")
            _end_assignment(st, old)
            _assign_unit(st, new_unit, old.role)
            st.payload["new_unit"] = new_unit.short_name
    return st.event


def add_co_unit(suggestion, *, actor, unit: Unit, request=None, note="", meeting=None) -> Event:
    """增加协办: another unit joins as co-handling unit; a unit's request to be relieved is refused by it."""
    with step(suggestion, "add_co_unit", actor=actor) as st:
        s = st.suggestion
        if Assignment.objects.filter(suggestion=s, unit=unit, is_active=True).exists():
            raise Conflict(f"{unit.short_name}已承办此建议")
        _settle_request(st, request, grant=False, note=note or f"增加{unit.short_name}为协办单位")
        _assign_unit(st, unit, Assignment.Role.CO)
        st.payload.update(unit=unit.short_name, note=note)
        _meeting_payload(st, meeting)
    return st.event


def swap_lead(suggestion, *, actor, co_unit: Unit, request=None, note="", meeting=None) -> Event:
    """主协办互换: the co-unit becomes the lead and the lead a co-unit. Both start afresh (sign-for and their
    deadlines from today); the old rows stay, inactive, as a reassignment's do. A request of the old lead
    to be relieved is granted by it, any other refused."""
    with step(suggestion, "swap_lead", actor=actor) as st:
        s = st.suggestion
        active = Assignment.objects.filter(suggestion=s, is_active=True)
        lead = active.filter(role=Assignment.Role.LEAD).first()
        co = active.filter(role=Assignment.Role.CO, unit=co_unit).first()
        if lead is None or co is None:
            raise Conflict(f"{co_unit.short_name}不是此建议的协办单位")
        if request is not None:
            relieved = request.assignment_id == lead.pk
            _settle_request(st, request, grant=relieved, new_unit=co_unit if relieved else None, note=note)
        for a in (lead, co):
            _end_assignment(st, a)
        _assign_unit(st, co.unit, Assignment.Role.LEAD)
        _assign_unit(st, lead.unit, Assignment.Role.CO)
        st.payload.update(lead_unit=co.unit.short_name, co_unit=lead.unit.short_name, note=note)
        _meeting_payload(st, meeting)
    return st.event


# --- Handling -----------------------------------------------------------------------------------


def record(suggestion, *, actor, kind, happened_on, summary, channel="", attachment=None) -> Event:
    with step(suggestion, "record", actor=actor) as st:
        rec = HandlingRecord.objects.create(
            suggestion=st.suggestion,
            unit=st.ctx.assignment.unit,
            kind=kind,
            channel=channel or "",
            happened_on=happened_on,
            summary=summary,
            attachment=attachment or "",
            attachment_name=uploads.original_name(attachment),
            created_by=actor,
        )
        st.payload.update(
            record=rec.pk, kind=kind, channel=channel, happened_on=happened_on.isoformat(), summary=summary
        )
    return st.event


def send_co_opinion(suggestion, *, actor, summary, attachment=None) -> Event:
    with step(suggestion, "send_co_opinion", actor=actor) as st:
        a = st.ctx.assignment
        HandlingRecord.objects.create(
            suggestion=st.suggestion,
            unit=a.unit,
            kind=HandlingRecord.Kind.CO_OPINION,
            happened_on=timezone.localdate(st.event.at),
            summary=summary,
            attachment=attachment or "",
            attachment_name=uploads.original_name(attachment),
            created_by=actor,
        )
        a.opinion_sent_at = st.event.at
        a.save(update_fields=["opinion_sent_at"])
        deadlines.meet(st.suggestion, Kind.CO_OPINION, assignment=a)
        st.payload["summary"] = summary
    return st.event


def draft_reply(suggestion, *, actor, body, category: ReplyCategory) -> Event:
    with step(suggestion, "draft_reply", actor=actor) as st:
        s = st.suggestion
        # The row the guards read (a redraft) or a new one; the suggestion's lock keeps it as read.
        reply = st.ctx.current_reply or Reply(suggestion=s, round=s.reply_round + 1)
        reply.unit, reply.body, reply.category, reply.drafted_by = st.ctx.assignment.unit, body, category, actor
        reply.save()
        st.payload.update(round=s.reply_round + 1, category=category.code)
    return st.event


def submit_reply(suggestion, *, actor) -> Event:
    """Send the draft into its unit's review chain, from the first level (a resubmission starts again)."""
    with step(suggestion, "submit_reply", actor=actor) as st:
        reply = st.ctx.current_reply
        reply.chain = review.chain_for(reply.unit)
        reply.stage, reply.levels_passed, reply.submission = Reply.Stage.IN_REVIEW, 0, reply.submission + 1
        reply.save(update_fields=["stage", "levels_passed", "submission", "chain"])
        st.payload.update(round=reply.round, levels=[level["label"] for level in reply.chain])
    return st.event


def approve_reply(suggestion, *, actor, note="") -> Event:
    """The actor passes the reply's current level of its chain (四级把关); passing the last signs it off (签发)."""
    with step(suggestion, "approve_reply", actor=actor) as st:
        reply = st.ctx.current_reply
        levels = review.levels_of(reply)
        signoff = review.record(reply, actor=actor, decision=ReplySignoff.Decision.PASSED, comment=note, at=st.event.at)
        reply.levels_passed += 1
        if reply.levels_passed >= len(levels):
            reply.stage, reply.signed_by = Reply.Stage.SIGNED, actor
        reply.save(update_fields=["levels_passed", "stage", "signed_by"])
        st.payload.update(
            level=signoff.level,
            label=signoff.label,
            of=len(levels),
            signed=reply.stage == Reply.Stage.SIGNED,
            note=note,
        )
    return st.event


def return_reply(suggestion, *, actor, note) -> Event:
    """The current level sends the draft back to its drafter with comments (shown on the reply)."""
    with step(suggestion, "return_reply", actor=actor) as st:
        reply = st.ctx.current_reply
        signoff = review.record(
            reply, actor=actor, decision=ReplySignoff.Decision.RETURNED, comment=note, at=st.event.at
        )
        st.payload.update(level=signoff.level, label=signoff.label, note=note)
        reply.stage, reply.levels_passed = Reply.Stage.DRAFTING, 0
        reply.save(update_fields=["stage", "levels_passed"])
    return st.event


def send_reply(suggestion, *, actor, letter) -> Event:
    with step(suggestion, "send_reply", actor=actor) as st:
        s, reply = st.suggestion, st.ctx.current_reply
        reply.letter, reply.letter_name = letter, uploads.original_name(letter)
        reply.stage, reply.sent_at = Reply.Stage.SENT, st.event.at
        reply.save(update_fields=["letter", "letter_name", "stage", "sent_at"])
        s.reply_round, s.replied_at, s.category = reply.round, st.event.at, reply.category
        s.save(update_fields=["reply_round", "replied_at", "category"])
        deadlines.meet(s, Kind.REPLY, Kind.REPLY_COMPLEX, Kind.RE_REPLY)
        deadlines.open_deadline(s, Kind.RATING, start=timezone.localdate(st.event.at))
        st.payload.update(round=reply.round, category=reply.category.code)
    return st.event


# --- Evaluation and closing ---------------------------------------------------------------------


def rate(suggestion, *, actor, result, attitude, comment="") -> Event:
    with transaction.atomic(savepoint=_savepoint()):
        with step(suggestion, "rate", actor=actor) as st:
            s = st.suggestion
            reply = st.ctx.latest_reply or s.replies.get(round=s.reply_round)
            Evaluation.objects.create(
                reply=reply, deputy_id=st.ctx.deputy_link.deputy_id, result=result, attitude=attitude, comment=comment
            )
            st.payload.update(round=reply.round, result=result, attitude=attitude, comment=comment)
        if not _deputies_yet_to_rate(suggestion).exists():
            conclude(suggestion)
    return st.event


def _deputies_yet_to_rate(s: Suggestion):
    rated = Evaluation.objects.filter(reply__suggestion=s, reply__round=s.reply_round).values("deputy_id")
    return s.deputy_links.exclude(deputy_id__in=rated)


def combined_rating(s: Suggestion) -> str:
    """The worst rating any deputy gave the latest reply ('' if nobody rated it).

    Every deputy of a joint or merged suggestion is owed a satisfactory answer, so one
    不满意 sends the suggestion back for re-handling.
    """
    given = set(
        Evaluation.objects.filter(reply__suggestion=s, reply__round=s.reply_round).values_list("result", flat=True)
    )
    return next((r.value for r in RATING_ORDER if r in given), "")


def conclude(suggestion, *, actor: User | None = None, note="") -> Event:
    """After every deputy rated, or the rating window lapsed: close, or re-handle if unsatisfied."""
    result = combined_rating(suggestion)
    if result == Rating.UNSATISFIED and suggestion.reply_round < Policy.current().max_reply_rounds:
        with step(suggestion, "rehandle", actor=None) as st:
            deadlines.meet(st.suggestion, Kind.RATING)
            deadlines.open_deadline(st.suggestion, Kind.RE_REPLY)
            st.payload["round"] = st.suggestion.reply_round + 1
        return st.event
    with step(suggestion, "close", actor=actor) as st:
        s = st.suggestion
        s.rating, s.closed_at = result, st.event.at
        s.save(update_fields=["rating", "closed_at"])
        today = timezone.localdate(st.event.at)
        lapsed = Deadline.objects.open().filter(suggestion=s, kind=Kind.RATING, due_date__lt=today).exists()
        deadlines.meet(s, Kind.RATING)
        unrated = [link.deputy.name for link in _deputies_yet_to_rate(s).select_related("deputy")]
        st.payload.update(rating=result, unrated=unrated, note=note, window_lapsed=bool(unrated) and lapsed)
        if result == Rating.UNSATISFIED:
            st.payload["face_to_face"] = "多轮答复后代表仍不满意，须安排当面沟通"
    return st.event


def close(suggestion, *, actor, note="") -> Event:
    return conclude(suggestion, actor=actor, note=note)


def close_lapsed_ratings(today=None) -> int:
    """Repeat-safe job: conclude replied suggestions whose rating window has passed."""
    today = today or timezone.localdate()
    ids = (
        Deadline.objects.open()
        .filter(kind=Kind.RATING, due_date__lt=today, suggestion__status=Status.REPLIED)
        .values_list("suggestion_id", flat=True)
    )
    done = 0
    for s in Suggestion.objects.filter(pk__in=list(ids)):
        try:
            conclude(s)
            done += 1
        except Conflict:
            pass  # concluded meanwhile by a rating or another run
    return done


def reschedule_deadlines(suggestion: Suggestion, *, moves: list, why: str) -> None:
    """The holiday calendar changed: each (deadline, Due) in `moves` takes its newly computed date."""
    with step(suggestion, "reschedule_deadlines", actor=None) as st:
        changes = []
        for deadline, due in moves:
            Deadline.objects.filter(pk=deadline.pk).update(
                due_date=due.date, explanation=deadlines.explain(deadline.kind, deadline.assignment, due)
            )
            changes.append({"kind": deadline.kind, "from": deadline.due_date.isoformat(), "to": due.date.isoformat()})
        st.payload.update(why=why, changes=changes)


# The supervision steps of workflow.TRANSITIONS (remind, request_extension, ..., convert_to_a) are
# functions in supervision/actions.py, added to STEPS and forms.FORMS by supervision/apps.py.
STEPS = {
    "edit": edit,
    "invite_cosigners": invite_cosigners,
    "attach": attach,
    "confirm_cosign": confirm_cosign,
    "decline_cosign": decline_cosign,
    "submit": submit,
    "withdraw": withdraw,
    "return": return_for_revision,
    "register": register,
    "merge": merge,
    "reject": reject,
    "mark_complex": mark_complex,
    "assign": assign,
    "sign": sign,
    "sign_as_co": sign_as_co,
    "request_reassignment": request_reassignment,
    "decide_reassignment": decide_reassignment,
    "add_co_unit": add_co_unit,
    "swap_lead": swap_lead,
    "record": record,
    "send_co_opinion": send_co_opinion,
    "draft_reply": draft_reply,
    "submit_reply": submit_reply,
    "approve_reply": approve_reply,
    "return_reply": return_reply,
    "send_reply": send_reply,
    "rate": rate,
    "close": close,
}
