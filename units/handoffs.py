"""The rules of a hand-off, shared by the step's form (a 400 with field errors) and the step itself."""

from datetime import date

from suggestions.models import Assignment, Deadline

from .models import Handoff

Kind = Deadline.Kind
# The deadline that bounds a unit's internal due dates: its reply (lead unit) or its opinion (co-unit).
LEAD_KINDS = (Kind.REPLY, Kind.REPLY_COMPLEX, Kind.RE_REPLY)
CO_KINDS = (Kind.CO_OPINION,)


def unit_deadline(assignment: Assignment) -> Deadline | None:
    """The unit's own open deadline for its share: the last day an internal due date may fall on."""
    kinds = LEAD_KINDS if assignment.role == Assignment.Role.LEAD else CO_KINDS
    qs = Deadline.objects.open().filter(suggestion=assignment.suggestion_id, kind__in=kinds)
    own = qs.filter(assignment=assignment).order_by("-due_date").first()
    # A re-handling deadline hangs on the suggestion, not on an assignment.
    return own or (qs.filter(assignment__isnull=True).order_by("-due_date").first() if kinds == LEAD_KINDS else None)


def problems(assignment: Assignment, items: list[dict], today: date) -> list[str]:
    """Why these hand-offs cannot be made (Chinese), or [] when they can.

    `items`: dicts of division, role, responsible (objects) and due_date, already resolved to this unit.
    """
    if not items:
        return ["请至少交办一个处室"]
    found = []
    names = [i["division"].pk for i in items]
    if len(set(names)) != len(names):
        found.append("同一处室不能重复交办")
    leads = [i for i in items if i["role"] == Handoff.Role.LEAD]
    current = list(Handoff.objects.active().filter(assignment=assignment).select_related("division"))
    current_lead = next((h for h in current if h.role == Handoff.Role.LEAD), None)
    if len(leads) > 1:
        found.append("只能指定一个主办处室")
    if leads and current_lead:
        found.append(f"已有主办处室{current_lead.division}，须其退回后才能另行指定")
    if not leads and not current_lead:
        found.append("请指定一个主办处室")
    holding = {h.division_id: h for h in current}
    for i in items:
        if i["division"].pk in holding:
            found.append(f"{i['division']}已在办理该建议")
    deadline = unit_deadline(assignment)
    for i in items:
        due = i["due_date"]
        if due < today:
            found.append(f"{i['division']}的内部办理期限不能早于今天")
        elif deadline and due > deadline.due_date:
            found.append(
                f"{i['division']}的内部办理期限{due:%Y-%m-%d}晚于本单位的办理期限{deadline.due_date:%Y-%m-%d}，"
                "内部期限须在本单位期限之内"
            )
    return found


def summary(items: list[dict]) -> str:
    """One line for the timeline: 主办：政策法规处（责任人张三，2026-03-31）；协办：……"""
    parts = []
    for role in (Handoff.Role.LEAD, Handoff.Role.ASSIST):
        rows = [i for i in items if i["role"] == role]
        if rows:
            each = "、".join(f"{i['division']}（责任人{i['responsible']}，{i['due_date']:%Y-%m-%d}前）" for i in rows)
            parts.append(f"{'主办' if role == Handoff.Role.LEAD else '协办'}：{each}")
    return "；".join(parts)
