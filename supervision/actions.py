"""The supervision steps of the lifecycle, and the office's own supervision records.

The steps (remind, request_extension, ..., convert_to_a) are rows of `suggestions.workflow.TRANSITIONS`
and run inside `suggestions.actions.step`, so each writes its timeline Event in the same transaction
as its rows here; `supervision/apps.py` registers them in `suggestions.actions.STEPS`. Notifications
go out with `transaction.on_commit` (see notify.py).
"""

from datetime import date
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role, User
from audit import log as audit_log
from congress import workdays
from congress.models import ReplyCategory, Term, Unit
from jianyi import bulk
from suggestions import deadlines, uploads
from suggestions.actions import LOCK_CHUNK, step, steps_in_place
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.models import Assignment, Deadline, Event, Reply, Suggestion

from . import people
from .forms import REPLY_KINDS
from .models import (
    Commitment,
    CommitmentProgress,
    ExtensionRequest,
    Inspection,
    KeySupervision,
    LookBack,
    LookBackVersion,
    Notification,
    Reminder,
    ReviewOpinion,
    TaskAnswer,
    TaskAnswerFile,
    TaskReminder,
)
from .notify import notify

Kind = Deadline.Kind
NKind = Notification.Kind


def deadline_name(step_label: str) -> str:
    """“答复期限”: a step whose name already ends in 期限 (申请改办期限) does not get it twice."""
    return step_label if step_label.endswith("期限") else f"{step_label}期限"


def deadline_text(step_label: str, due) -> str:
    return f"{deadline_name(step_label)}为{workdays.fmt(due)}，请及时办理。"


def _names(users) -> list[str]:
    return [str(u) for u in users]


# --- Reminders (催办) ---------------------------------------------------------------------------


class DueDeadline(NamedTuple):
    """A deadline the scan reminds, read as plain values: at 1M some 18,000 a day, where building a
    model instance (and its assignment's) for each cost more than the rest of the read."""

    pk: int
    suggestion_id: int
    kind: str  # the step it is the deadline of (Deadline.Kind)
    due_date: date
    unit_id: int | None  # its assignment's unit; None for the suggestion's own deadlines

    def get_kind_display(self) -> str:
        return Kind(self.kind).label


def remind_automatically(due) -> int:
    """Send the due-soon and overdue reminders of these deadlines to whoever has not had them yet.

    `due` holds (DueDeadline, kind, recipients). The one write path of automatic reminders: a
    `remind` step per deadline and kind reminded, all in one write (`steps_in_place`): the
    suggestions' row locks serialise concurrent runs, and under them the deadlines still open and
    the reminders already sent are read again, in a fixed number of queries per chunk. Each is one
    Reminder row (a sending) naming its recipients; the unique constraint on (deadline, kind,
    sending) is the last word. The notifications are digests, one per person
    (`reminded.notify_reminded`, the effect of `remind`). Returns how many people were reminded
    of how many deadlines (one per deadline, kind and person).
    """
    due = list(due)
    deadline_ids = [d.pk for d, _kind, _to in due]
    try:
        # A reminder changes no row the figures or list columns read, only the count of its events.
        suggestions = {d.suggestion_id for d, _kind, _to in due}
        reads = ("title", "period", "number")  # what a reminder names
        with steps_in_place(suggestions, "remind", actor=None, only_events=True, reads=reads) as batch:
            still_open, had = set(), {}
            for start in range(0, len(deadline_ids), LOCK_CHUNK):
                chunk = deadline_ids[start : start + LOCK_CHUNK]
                still_open.update(Deadline.objects.open().filter(bulk.any_of("pk", chunk)).values_list("pk", flat=True))
                had.update(sent_before(chunk))
            texts: dict[tuple[str, date], tuple[str, str]] = {}  # (step, due date) -> (its label, the message)
            # A unit's people are one list for all its deadlines: who of them is reminded (and their
            # ids and names) is worked out once per list, for the deadlines none of them has had yet.
            first: dict[int, tuple[list[User], list[int], list[str]]] = {}
            rows = []
            for deadline, kind, recipients in due:
                if deadline.pk not in still_open:
                    continue
                sending, reached = had.get((deadline.pk, kind), (0, ()))
                if reached:
                    new = [u for u in recipients if u.is_active and u.pk not in reached]
                    ids, names = [u.pk for u in new], _names(new)
                else:
                    if (known := first.get(id(recipients))) is None:
                        new = [u for u in recipients if u.is_active]
                        known = first[id(recipients)] = (new, [u.pk for u in new], _names(new))
                    new, ids, names = known
                if not new:
                    continue
                st = batch.take(deadline.suggestion_id, deadline.unit_id)
                if st is None:
                    continue  # the suggestion is no longer followed (withdrawn, merged ...)
                st.reminded = [Sent(kind, new, deadline)]
                rows.append(
                    Reminder(
                        suggestion_id=deadline.suggestion_id,
                        deadline_id=deadline.pk,
                        kind=kind,
                        sending=sending,
                        recipients=ids,
                        sender_id=None,  # every column given: a default is a call per row
                        message="",
                        created_at=batch.now,
                    )
                )
                what = texts.get((deadline.kind, deadline.due_date))
                if what is None:
                    label = deadline.get_kind_display()
                    what = texts[deadline.kind, deadline.due_date] = (label, deadline_text(label, deadline.due_date))
                st.payload.update(
                    kind=kind,
                    deadline=deadline.pk,
                    step=deadline.kind,
                    due_date=deadline.due_date.isoformat(),
                    recipients=names,
                    message=what[1],
                )
            bulk.insert(rows)
    except IntegrityError:
        return 0
    return sum(len(st.reminded[0].people) for st in batch.steps)


def sent_before(deadline_ids) -> dict[tuple[int, str], tuple[int, set[int]]]:
    """(deadline, kind) -> (the number of its next sending, the people it has reached) of these deadlines."""
    had: dict[tuple[int, str], tuple[int, set[int]]] = {}
    rows = Reminder.objects.filter(bulk.any_of("deadline", deadline_ids)).exclude(kind=Reminder.Kind.MANUAL)
    for deadline_id, kind, sending, recipients in rows.values_list("deadline_id", "kind", "sending", "recipients"):
        n, reached = had.get((deadline_id, kind), (0, set()))
        had[deadline_id, kind] = (max(n, sending + 1), reached | set(recipients))
    return had


class Sent(NamedTuple):
    """A reminder a step sent (a Reminder row), with its recipients as users, for the effect that tells them."""

    kind: str
    people: list[User]
    deadline: DueDeadline | None = None  # an automatic reminder's deadline
    message: str = ""  # a manual reminder's


def remind(suggestion, *, actor, message, unit: Unit | None = None) -> Event:
    """A manual reminder from the office or a supervisor to the units handling the suggestion.
    Its notification is written by the effect of `remind`, as the scan's are."""
    with step(suggestion, "remind", actor=actor) as st:
        staff = people.assigned_staff(st.suggestion, unit)
        if not staff:
            raise Conflict("该建议尚无可催办的承办单位人员")
        Reminder.objects.create(
            suggestion=st.suggestion,
            kind=Reminder.Kind.MANUAL,
            recipients=[u.pk for u in staff],
            sender=actor,
            message=message,
            created_at=st.event.at,
        )
        st.reminded = [Sent(Reminder.Kind.MANUAL, staff, message=message)]
        st.payload.update(
            kind=Reminder.Kind.MANUAL, unit=unit.short_name if unit else None, recipients=_names(staff), message=message
        )
    return st.event


# --- Extensions (延期申请) ----------------------------------------------------------------------


def request_extension(suggestion, *, actor, requested_date: date, reason) -> Event:
    with step(suggestion, "request_extension", actor=actor) as st:
        current = Deadline.objects.open().filter(suggestion=st.suggestion, kind__in=REPLY_KINDS).first()
        if current is None:
            raise Conflict("没有正在计算的答复期限")
        if ExtensionRequest.objects.filter(deadline=current, decision=ExtensionRequest.Decision.PENDING).exists():
            raise Conflict("已有待审批的延期申请")
        if requested_date <= current.due_date:
            raise Conflict(f"延期日期须晚于现答复期限{current.due_date:%Y-%m-%d}")
        req = ExtensionRequest.objects.create(
            suggestion=st.suggestion,
            deadline=current,
            unit=st.ctx.assignment.unit,
            reason=reason,
            requested_date=requested_date,
            requested_by=actor,
        )
        s = st.suggestion
        notify(
            people.office_staff(),
            kind=NKind.EXTENSION,
            title=f"延期申请：{st.ctx.assignment.unit}申请将{s.display_number}答复期限延至{workdays.fmt(requested_date)}",
            body=reason,
            suggestion=s,
        )
        st.payload.update(
            request=req.pk,
            due_date=current.due_date.isoformat(),
            requested_date=requested_date.isoformat(),
            reason=reason,
        )
    return st.event


def decide_extension(suggestion, *, actor, request: ExtensionRequest, grant: bool, note="") -> Event:
    """Granting replaces the reply deadline with one due on the requested date (the old one is kept, cancelled)."""
    with step(suggestion, "decide_extension", actor=actor) as st:
        claimed = ExtensionRequest.objects.filter(pk=request.pk, decision=ExtensionRequest.Decision.PENDING).update(
            decision=ExtensionRequest.Decision.GRANTED if grant else ExtensionRequest.Decision.REFUSED,
            decided_by=actor,
            decided_at=st.event.at,
            decision_note=note,
        )
        if claimed != 1:
            raise Conflict("该延期申请已审批")
        old = request.deadline
        st.payload.update(request=request.pk, granted=grant, note=note, due_date=old.due_date.isoformat())
        if grant:
            Deadline.objects.filter(pk=old.pk).update(cancelled=True)
            explanation = (
                f"{old.explanation}经选任联工委同意，延期至{workdays.fmt(request.requested_date)}"
                + (f"（{note}）" if note else "")
                + "。"
            )
            Deadline.objects.create(
                suggestion=st.suggestion,
                assignment=old.assignment,
                kind=old.kind,
                start_date=old.start_date,
                due_date=request.requested_date,
                explanation=explanation,
            )
            st.payload["new_due_date"] = request.requested_date.isoformat()
        verdict = "同意" if grant else "不同意"
        notify(
            people.unit_staff([request.unit_id]),
            kind=NKind.EXTENSION,
            title=f"延期申请审批：{verdict}{st.suggestion.display_number}延期至{workdays.fmt(request.requested_date)}",
            body=note,
            suggestion=st.suggestion,
        )
    return st.event


# --- Key supervision (重点督办) and instructions (批示) -------------------------------------------


def mark_key(suggestion, *, actor, year: int, leader, committee, note="") -> Event:
    with step(suggestion, "mark_key", actor=actor) as st:
        if KeySupervision.objects.filter(suggestion=st.suggestion, year=year).exists():
            raise Conflict(f"该建议已列为{year}年重点督办建议")
        KeySupervision.objects.create(
            suggestion=st.suggestion, year=year, leader=leader, committee=committee, note=note
        )
        s = st.suggestion
        notify(
            people.assigned_staff(s) + people.supervisors(),
            kind=NKind.KEY,
            title=f"重点督办：{s.display_number}“{s.title}”列为{year}年重点督办建议",
            body=f"由{leader}牵头督办，{committee}具体督办。{note}",
            suggestion=s,
        )
        st.payload.update(year=year, leader=leader, committee=committee, note=note)
    return st.event


def instruct(suggestion, *, actor, message, unit: Unit | None = None) -> Event:
    with step(suggestion, "instruct", actor=actor) as st:
        staff = people.assigned_staff(st.suggestion, unit)
        if not staff:
            raise Conflict("该建议尚无承办单位人员可送达")
        s = st.suggestion
        notify(
            staff, kind=NKind.INSTRUCTION, title=f"督办批示：{s.display_number}“{s.title}”", body=message, suggestion=s
        )
        st.payload.update(message=message, unit=unit.short_name if unit else None, recipients=_names(staff))
    return st.event


# --- The B-class ledger (台账) -------------------------------------------------------------------


def _latest_reply(s: Suggestion) -> Reply:
    reply = s.replies.filter(stage=Reply.Stage.SENT).order_by("-round").select_related("unit").first()
    if reply is None:
        raise Conflict("尚无已发出的答复")
    return reply


def record_commitments(suggestion, *, actor, commitments: list[dict]) -> Event:
    with step(suggestion, "record_commitments", actor=actor) as st:
        s, reply = st.suggestion, _latest_reply(st.suggestion)
        Commitment.objects.bulk_create(
            Commitment(suggestion=s, reply=reply, unit=reply.unit, term_id=s.session.term_id, **item)
            for item in commitments
        )
        if not Deadline.objects.filter(suggestion=s, kind=Kind.SECOND_REPLY, cancelled=False).exists():
            lead = s.assignments.filter(is_active=True, role=Assignment.Role.LEAD).first()
            deadlines.open_deadline(s, Kind.SECOND_REPLY, start=timezone.localdate(reply.sent_at), assignment=lead)
        st.payload["commitments"] = [{**c, "due_date": c["due_date"].isoformat()} for c in commitments]
    return st.event


def report_progress(suggestion, *, actor, commitment: Commitment, note, done=False) -> Event:
    with step(suggestion, "report_progress", actor=actor) as st:
        if commitment.suggestion_id != st.suggestion.pk or commitment.unit_id != st.ctx.assignment.unit_id:
            raise PermissionDenied("该承诺不属于本单位本建议")
        CommitmentProgress.objects.create(commitment=commitment, note=note, done=done, reported_by=actor)
        if done:
            Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE, done_at=st.event.at)
        st.payload.update(commitment=commitment.pk, what=commitment.what, note=note, done=done)
    return st.event


def second_reply(suggestion, *, actor, body, letter=None) -> Event:
    """二次答复: the unit tells the deputies how its B-class commitments are going."""
    with step(suggestion, "second_reply", actor=actor) as st:
        s = st.suggestion
        deadlines.meet(s, Kind.SECOND_REPLY)
        if letter:
            from django.core.files.storage import default_storage

            from suggestions import uploads

            # Stored under a generated name; the uploader's name is what the download is called.
            st.payload["letter_name"] = uploads.original_name(letter)
            st.payload["letter"] = default_storage.save(uploads.new_name("letters/second", letter.name), letter)
        notify(
            people.deputies_of(s.pk),
            kind=NKind.COMMITMENT,
            title=f"二次答复：{st.ctx.assignment.unit}就“{s.title}”的办理进展作出二次答复",
            body=body,
            suggestion=s,
        )
        st.payload["body"] = body
    return st.event


def solved_category() -> ReplyCategory:
    category = ReplyCategory.objects.filter(is_active=True, outcome=ReplyCategory.Outcome.SOLVED).first()
    if category is None:
        raise Conflict("未配置“已经解决或者基本解决”的答复类别")
    return category


def convert_to_a(suggestion, *, actor, note="") -> Event:
    """销号: every commitment of the ledger is done, so the problem is solved: B becomes A."""
    with step(suggestion, "convert_to_a", actor=actor) as st:
        s = st.suggestion
        # guards.commitments_fulfilled (checked by `step` under the row lock) says every commitment is done.
        ledger = Commitment.objects.current().filter(suggestion=s)
        ledger.update(closed_out_at=st.event.at)
        old, new = s.category, solved_category()
        s.category = new
        s.save(update_fields=["category"])
        notify(
            people.deputies_of(s.pk) + people.assigned_staff(s),
            kind=NKind.COMMITMENT,
            title=f"销号：{s.display_number}“{s.title}”承诺事项全部落实，由{old.name}转为{new.name}",
            body=note,
            suggestion=s,
        )
        st.payload.update(from_category=old.code, to_category=new.code, note=note)
    return st.event


def carry_over(from_term: Term, to_term: Term) -> int:
    """Open commitments of a term that ended go into the next term's ledger. Repeat-safe."""
    with transaction.atomic():
        left = Commitment.objects.current().filter(term=from_term, status=Commitment.Status.OPEN)
        created = Commitment.objects.bulk_create(
            [
                Commitment(
                    suggestion_id=c.suggestion_id,
                    reply_id=c.reply_id,
                    unit_id=c.unit_id,
                    term=to_term,
                    what=c.what,
                    due_date=c.due_date,
                    responsible=c.responsible,
                    carried_from=c,
                )
                for c in left.select_for_update(of=("self",))
            ],
            ignore_conflicts=True,
        )
    return len(created)


def _require_office(actor) -> None:
    if actor.role != Role.OFFICE:
        raise PermissionDenied("只有选任联工委工作人员可以进行此操作")


def record_lookback(*, actor, unit: Unit, year: int, **checks) -> LookBack:
    """回头看: the office's four checks of one unit's ledger for a year.

    Recorded again (another round, another clerk), the look-back shows the latest checks and
    every earlier posting stays in its history (`LookBackVersion`), with who recorded it.
    """
    _require_office(actor)
    now = timezone.now()
    with transaction.atomic():
        lookback, created = LookBack.objects.select_for_update().update_or_create(
            unit=unit, year=year, defaults={**checks, "recorded_by": actor, "recorded_at": now}
        )
        version = LookBackVersion.objects.create(lookback=lookback, recorded_by=actor, recorded_at=now, **checks)
        audit_log.write(
            "lookback",
            lookback,
            actor=actor,
            detail={"unit": unit.short_name, "year": year, "version": version.pk, "first": created, **checks},
        )
    return lookback


def lookback_facts(unit: Unit, year: int) -> dict[str, bool]:
    """What the records say about the four checks, to start the office's form from."""
    ledger = Commitment.objects.current().filter(unit=unit, created_at__year__lte=year)
    b_suggestions = ledger.values("suggestion_id")
    replied_again = Event.objects.filter(name="second_reply", suggestion_id__in=b_suggestions)
    progress = CommitmentProgress.objects.filter(commitment__in=ledger, reported_at__year=year)
    return {
        "ledger_kept": ledger.exists(),
        "promises_done": ledger.exists()
        and not ledger.filter(status=Commitment.Status.OPEN, due_date__lt=date(year, 12, 31)).exists(),
        "follow_up_continuous": progress.exists(),
        "second_reply_given": ledger.exists()
        and replied_again.values("suggestion_id").distinct().count() == b_suggestions.distinct().count(),
    }


# --- Inspections (专题视察) and review opinions (审议意见) ----------------------------------------


def _send_to_units(task, kind, what: str) -> None:
    notify(
        people.unit_staff(task.units.values_list("pk", flat=True)),
        kind=kind,
        title=f"{what}：{task.title}",
        body=f"请于{workdays.fmt(task.due_date)}前反馈落实情况。",
    )


def record_inspection(*, actor, units, **fields) -> Inspection:
    _require_office(actor)
    with transaction.atomic():
        task = Inspection.objects.create(created_by=actor, **fields)
        task.units.set(units)
        audit_log.write(
            "inspection", task, actor=actor, detail={"title": task.title, "units": [u.pk for u in task.units.all()]}
        )
        _send_to_units(task, NKind.INSPECTION, "专题视察")
    return task


def record_review_opinion(*, actor, units, **fields) -> ReviewOpinion:
    _require_office(actor)
    with transaction.atomic():
        task = ReviewOpinion.objects.create(created_by=actor, **fields)
        task.units.set(units)
        audit_log.write(
            "review_opinion", task, actor=actor, detail={"title": task.title, "units": [u.pk for u in task.units.all()]}
        )
        _send_to_units(task, NKind.REVIEW_OPINION, "审议意见")
    return task


def answer_task(task, *, actor, body: str, files=()) -> TaskAnswer:
    """办理反馈: a unit the task was sent to answers it, once, with text and files.

    An answer after the due date is accepted and marked late. The office is told either way.
    """
    unit_id = actor.unit_id if actor.is_unit_staff else None
    if unit_id is None:
        raise PermissionDenied("只有承办单位工作人员可以反馈办理情况")
    body = (body or "").strip()
    if not body:
        raise InvalidInput({"body": ["请填写落实情况"]})
    with transaction.atomic():
        # The task's row lock serialises two clerks of the same unit answering at once.
        task = type(task).objects.select_for_update().get(pk=task.pk)
        if not task.units.filter(pk=unit_id).exists():
            raise PermissionDenied("该事项未送达本单位")
        if TaskAnswer.objects.filter(**{task.kind: task}, unit_id=unit_id).exists():
            raise Conflict("本单位已反馈过办理情况")
        now = timezone.now()
        answer = TaskAnswer.objects.create(
            **{task.kind: task},
            unit_id=unit_id,
            body=body,
            answered_by=actor,
            answered_at=now,
            late=timezone.localdate(now) > task.due_date,
        )
        for f in files:
            TaskAnswerFile.objects.create(answer=answer, file=f, name=uploads.original_name(f))
        audit_log.write(
            "task_answer",
            answer,
            actor=actor,
            detail={"task": f"{task.kind}:{task.pk}", "late": answer.late, "files": answer.files.count()},
        )
        what = TASK_LABELS[task.kind]
        notify(
            people.office_staff(),
            kind=TASK_NOTIFICATIONS[task.kind],
            title=f"{what}反馈：{answer.unit}已反馈“{task.title}”的落实情况" + ("（逾期）" if answer.late else ""),
            body=body[:200],
        )
    return answer


TASK_LABELS = {"inspection": "专题视察", "review_opinion": "审议意见"}
TASK_NOTIFICATIONS = {"inspection": NKind.INSPECTION, "review_opinion": NKind.REVIEW_OPINION}


def remind_task(task, unit_id: int, kind: str, recipients) -> int:
    """The due-soon or overdue reminder of one unanswered task to a unit's people who have not had it.

    The task's row lock serialises concurrent scans; the unique constraint on (task, recipient, kind)
    is the last word. Returns how many reminders were sent.
    """
    try:
        with transaction.atomic():
            task = type(task).objects.select_for_update().get(pk=task.pk)
            if TaskAnswer.objects.filter(**{task.kind: task}, unit_id=unit_id).exists():
                return 0
            had = set(
                TaskReminder.objects.filter(**{task.kind: task}, kind=kind).values_list("recipient_id", flat=True)
            )
            new = [u for u in recipients if u.pk not in had]
            if not new:
                return 0
            TaskReminder.objects.bulk_create(
                TaskReminder(**{task.kind: task}, unit_id=unit_id, recipient=u, kind=kind) for u in new
            )
            when = "已逾期" if kind == Reminder.Kind.OVERDUE else "即将到期"
            notify(
                new,
                kind=TASK_NOTIFICATIONS[task.kind],
                title=f"{Reminder.Kind(kind).label}：{TASK_LABELS[task.kind]}“{task.title}”的反馈{when}",
                body=deadline_text("办理反馈", task.due_date),
            )
    except IntegrityError:
        return 0
    return len(new)


STEPS = {
    "remind": remind,
    "request_extension": request_extension,
    "decide_extension": decide_extension,
    "mark_key": mark_key,
    "instruct": instruct,
    "record_commitments": record_commitments,
    "report_progress": report_progress,
    "second_reply": second_reply,
    "convert_to_a": convert_to_a,
}
