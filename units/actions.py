"""The hand-off steps (rows of `workflow.TRANSITIONS`, registered in `apps.py`) and the organisation's writes.

The steps run inside `suggestions.actions.step`, so each writes its Event in the same transaction.
Keeping divisions and their people is not about one suggestion: plain functions, audited.
"""

from django.db import transaction
from django.utils import timezone

from audit import log as audit_log
from congress.workdays import fmt
from suggestions import marks
from suggestions.actions import step
from suggestions.errors import Conflict, InvalidInput
from suggestions.models import Event
from supervision.models import Notification
from supervision.notify import notify, post

from . import handoffs as rules
from .models import Division, Handoff, Membership
from .parties import office_people


def hand_to_divisions(suggestion, *, actor, handoffs: list[dict]) -> Event:
    """The unit's office hands its share to a lead division and any assisting ones."""
    with step(suggestion, "hand_to_divisions", actor=actor) as st:
        assignment = st.ctx.assignment
        if found := rules.problems(assignment, handoffs, timezone.localdate()):
            raise Conflict(found[0])
        Handoff.objects.bulk_create(
            Handoff(
                suggestion=st.suggestion,
                assignment=assignment,
                division=i["division"],
                role=i["role"],
                responsible=i["responsible"],
                due_date=i["due_date"],
                handed_by=actor,
                handed_at=st.event.at,
            )
            for i in handoffs
        )
        st.payload.update(
            handoffs=[
                {
                    "division": i["division"].name,
                    "role": i["role"],
                    "responsible": str(i["responsible"]),
                    "due_date": i["due_date"].isoformat(),
                }
                for i in handoffs
            ],
            note=rules.summary(handoffs),
        )
        _tell_divisions(st.suggestion, handoffs, actor)
    return st.event


def _tell_divisions(s, handoffs: list[dict], actor) -> None:
    """Each responsible person (责任人) hears of their part and its internal due date, and so do the
    other people of each division it was handed to; the office person who handed it does not."""
    title = f"处室交办：{s.display_number}“{s.title}”"
    members = Membership.objects.filter(division__in=[i["division"] for i in handoffs], user__is_active=True)
    by_division = {}
    for m in members.select_related("user"):
        by_division.setdefault(m.division_id, []).append(m.user)
    rows, told = [], {actor.pk}
    for i in handoffs:
        part = f"本单位办公室将此建议交{i['division']}（{Handoff.Role(i['role']).label}）办理"
        due = fmt(i["due_date"])
        people = [(i["responsible"], f"{part}，由您担任责任人，内部办理期限为{due}。")]
        people += [
            (u, f"{part}，责任人{i['responsible']}，内部办理期限为{due}。")
            for u in by_division.get(i["division"].pk, [])
        ]
        for user, body in people:
            if user.pk not in told and user.is_active:
                told.add(user.pk)
                rows.append(
                    Notification(
                        recipient=user, suggestion=s, kind=Notification.Kind.NEW_ASSIGNMENT, title=title, body=body
                    )
                )
    post(rows)


def hand_back(suggestion, *, actor, handoff: Handoff, reason: str) -> Event:
    """A division hands its part back to the unit's office, with its reason; the office may re-hand it."""
    with step(suggestion, "hand_back", actor=actor) as st:
        claimed = Handoff.objects.filter(pk=handoff.pk, assignment=st.ctx.assignment, is_active=True).update(
            is_active=False, returned_at=st.event.at, returned_by=actor, return_reason=reason
        )
        if claimed != 1:
            raise Conflict("该处室已不在办理此建议")
        st.payload.update(
            handoff=handoff.pk,
            division=handoff.division.name,
            role=handoff.role,
            note=f"{handoff.division}退回办公室：{reason}",
        )
        s = st.suggestion
        notify(
            [u for u in office_people(st.ctx.assignment.unit_id) if u.pk != actor.pk],
            kind=Notification.Kind.ASSIGNMENT,
            title=f"处室退回：{s.display_number}“{s.title}”",
            body=f"{handoff.division}（{handoff.get_role_display()}）退回办公室，理由：{reason}",
            suggestion=s,
        )
    return st.event


STEPS = {"hand_to_divisions": hand_to_divisions, "hand_back": hand_back}


# --- The organisation, kept by the unit's leaders ------------------------------------------------


def save_division(unit, *, actor, name: str, is_office: bool, head=None, division: Division | None = None) -> Division:
    name = name.strip()
    with transaction.atomic():
        if not name:
            raise InvalidInput({"name": ["请填写处室名称"]})
        others = Division.objects.filter(unit=unit).exclude(pk=division.pk if division else None)
        if others.filter(name=name).exists():
            raise InvalidInput({"name": [f"本单位已有“{name}”"]})
        if is_office and others.filter(is_office=True).exists():
            raise InvalidInput({"is_office": ["本单位已有办公室，只能设一个"]})
        if head is not None and head.unit_id != unit.pk:
            raise InvalidInput({"head": ["负责人须为本单位人员"]})
        created = division is None
        division = division or Division(unit=unit)
        division.name, division.is_office, division.head = name, is_office, head
        if created:
            division.order = others.count() + 1
        division.save()
        if head is not None:
            Membership.objects.update_or_create(user=head, defaults={"division": division})
        audit_log.write(
            "division_create" if created else "division_update",
            division,
            actor=actor,
            detail={"unit": unit.pk, "name": name, "is_office": is_office, "head": head.pk if head else None},
        )
        marks.move([unit.pk])  # who is in which division decides the 我的 tab
    return division


def place(user, division: Division | None, *, actor) -> None:
    """Put one of the unit's people in a division (None: in none)."""
    with transaction.atomic():
        if division is None:
            Membership.objects.filter(user=user).delete()
            Division.objects.filter(head=user).update(head=None)
        else:
            if division.unit_id != user.unit_id:
                raise InvalidInput({"division": ["处室须为本单位的处室"]})
            Membership.objects.update_or_create(user=user, defaults={"division": division})
            Division.objects.filter(head=user).exclude(pk=division.pk).update(head=None)
        audit_log.write("division_member", user, actor=actor, detail={"division": division.pk if division else None})
        marks.move([user.unit_id])


def delete_division(division: Division, *, actor) -> None:
    with transaction.atomic():
        if Handoff.objects.filter(division=division).exists():
            raise Conflict(f"{division}已承办过建议，不能删除（可改名或调整人员）")
        audit_log.write("division_delete", division, actor=actor, detail={"name": division.name})
        division.delete()
        marks.move([division.unit_id])
