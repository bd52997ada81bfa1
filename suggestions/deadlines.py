"""Due dates of a suggestion's steps, computed from the congress's DeadlineRules."""

from datetime import date

from django.utils import timezone

from congress import calendar, reference, workdays
from congress.models import DeadlineRule

from .models import Assignment, Deadline, Suggestion

Kind = DeadlineRule.Kind
Unit = DeadlineRule.Unit

# Used when a congress has not configured a rule (the data migration installs these).
DEFAULT_RULES: dict[str, tuple[int, str]] = {
    Kind.INTERSESSION_ASSIGN: (5, Unit.WORKING_DAYS),
    Kind.SIGN: (3, Unit.WORKING_DAYS),
    Kind.REASSIGN_WINDOW: (5, Unit.WORKING_DAYS),
    Kind.CO_OPINION: (1, Unit.MONTHS),
    Kind.REPLY: (3, Unit.MONTHS),
    Kind.REPLY_COMPLEX: (6, Unit.MONTHS),
    Kind.RE_REPLY: (2, Unit.MONTHS),
    Kind.RATING: (1, Unit.MONTHS),
    Kind.SECOND_REPLY: (12, Unit.MONTHS),
}

START_LABELS = {
    Kind.INTERSESSION_ASSIGN: "立案之日",
    Kind.SIGN: "交办之日",
    Kind.REASSIGN_WINDOW: "交办之日",
    Kind.CO_OPINION: "交办之日",
    Kind.REPLY: "交办之日",
    Kind.REPLY_COMPLEX: "交办之日",
    Kind.RE_REPLY: "代表评价不满意之日",
    Kind.RATING: "答复之日",
    Kind.SECOND_REPLY: "B类答复之日",
}


def compute(kind: str, start: date, cal: workdays.Calendar | None = None, rules: dict | None = None) -> workdays.Due:
    if rules is None:
        rule = reference.read(("deadline_rule", kind), DeadlineRule.objects.filter(kind=kind).first)
    else:
        rule = rules.get(kind)
    amount, unit = (rule.amount, rule.unit) if rule else DEFAULT_RULES[kind]
    what = START_LABELS.get(kind, "")
    if unit == Unit.DAYS:
        return workdays.add_days(start, amount, what)
    cal = cal or calendar.load(start)
    if unit == Unit.MONTHS:
        return workdays.add_months(start, amount, what, cal)
    return workdays.add_working_days(start, amount, what, cal)


def open_deadline(
    suggestion: Suggestion, kind: str, *, start: date | None = None, assignment: Assignment | None = None
) -> Deadline:
    start = start or timezone.localdate()
    deadline = new_deadline(suggestion, kind, start, compute(kind, start), assignment=assignment)
    deadline.save()
    return deadline


def new_deadline(
    suggestion: Suggestion,
    kind: str,
    start: date,
    due: workdays.Due,
    *,
    assignment: Assignment | None = None,
    explanation: str | None = None,
) -> Deadline:
    """An unsaved Deadline. A batch step creates thousands: it passes the `explanation` it worked out
    once per unit and kind, and the row takes its assignment once that is saved (`bulk.insert`)."""
    row = Deadline(
        suggestion_id=suggestion.pk,
        kind=kind,
        start_date=start,
        due_date=due.date,
        explanation=explain(kind, assignment, due) if explanation is None else explanation,
    )
    if assignment is not None:
        row.assignment = assignment
    return row


def explain(kind: str, assignment: Assignment | None, due: workdays.Due) -> str:
    label = Kind(kind).label
    label = label if label.endswith("期限") else label + "期限"
    prefix = f"{assignment.unit.short_name}{label}：" if assignment else f"{label}："
    return prefix + due.explanation


def affected_by(old: workdays.Calendar, new: workdays.Calendar, year: int) -> list[tuple[Deadline, workdays.Due]]:
    """Open deadlines whose date, computed by their rule, moves when the calendar changes.

    A deadline the office set by hand (a granted extension) is not its rule's result under the old
    calendar either, and is left alone.
    """
    moved, rules = [], {rule.kind: rule for rule in DeadlineRule.objects.all()}
    window = Deadline.objects.open().filter(start_date__lte=date(year, 12, 31), due_date__gte=date(year - 1, 12, 1))
    for deadline in window.select_related("assignment__unit").order_by("suggestion_id", "pk"):
        before = compute(deadline.kind, deadline.start_date, old, rules)
        if before.date != deadline.due_date:
            continue
        after = compute(deadline.kind, deadline.start_date, new, rules)
        if (after.date, explain(deadline.kind, deadline.assignment, after)) != (
            deadline.due_date,
            deadline.explanation,
        ):
            moved.append((deadline, after))
    return moved


def meet(suggestion: Suggestion, *kinds: str, assignment: Assignment | None = None) -> int:
    qs = Deadline.objects.open().filter(suggestion=suggestion, kind__in=kinds)
    if assignment is not None:
        qs = qs.filter(assignment=assignment)
    return qs.update(met_at=timezone.now())


def cancel(suggestion: Suggestion, *, assignment: Assignment | None = None, kinds: tuple[str, ...] = ()) -> int:
    qs = Deadline.objects.open().filter(suggestion=suggestion)
    if assignment is not None:
        qs = qs.filter(assignment=assignment)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.update(cancelled=True)
