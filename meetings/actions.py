"""Writes of the coordination meeting (协调会).

Opening a meeting, putting the session's pending reassignment requests on its agenda and recording a
decision per item are writes of the meeting itself (audited). `apply` carries the decisions out: each
is a lifecycle step through `suggestions.actions.perform` (its checks, its form, its Event naming the
meeting), all in one transaction, so if one item is refused nothing is applied and the refusal names
the item. A meeting applied once is held: applying it again does nothing.
"""

from django.db import transaction
from django.utils import timezone

from audit import log as audit_log
from suggestions import actions as steps
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.models import Assignment, Event, ReassignmentRequest
from supervision import people
from supervision.models import Notification
from supervision.notify import notify

from .models import Item, Meeting

D = Item.Decision


class ItemFailed(Conflict):
    """One decision could not be applied; nothing of the meeting was."""

    def __init__(self, item: Item, message: str):
        super().__init__(message)
        self.item = item


def _office(actor) -> None:
    if actor is None or actor.role != "office":
        raise PermissionDenied("只有选任联工委工作人员可以组织协调会")


def open_meeting(*, actor, session, held_on, place="", note="", title="改办协调会") -> Meeting:
    _office(actor)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            session=session, held_on=held_on, place=place, note=note, title=title or "改办协调会", created_by=actor
        )
        audit_log.write("meeting_open", meeting, actor=actor, detail={"session": session.pk, "title": meeting.title})
    return meeting


def _open(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state != Meeting.State.OPEN:
        raise Conflict("本次协调会的决定已执行，不能再修改")
    return locked


def pull_requests(meeting: Meeting, *, actor) -> int:
    """Put every pending reassignment request of the meeting's session not yet on an agenda on this one."""
    _office(actor)
    with transaction.atomic():
        meeting = _open(meeting)
        pending = ReassignmentRequest.objects.filter(
            decision=ReassignmentRequest.Decision.PENDING,
            assignment__suggestion__session=meeting.session_id,
            meeting_item__isnull=True,
        ).select_related("assignment")
        made = Item.objects.bulk_create(
            Item(meeting=meeting, request=r, suggestion_id=r.assignment.suggestion_id) for r in pending
        )
        if made:
            audit_log.write("meeting_pull", meeting, actor=actor, detail={"requests": [i.request_id for i in made]})
    return len(made)


def decide(item: Item, *, actor, decision: str, unit=None, reason="") -> Item:
    """Record the meeting's decision on one item (not applied yet). Bad input is InvalidInput by field."""
    _office(actor)
    if decision not in D.values or decision == D.PENDING:
        raise InvalidInput({"decision": ["请选择决定"]})
    active = Assignment.objects.filter(suggestion=item.suggestion_id, is_active=True)
    errors = {}
    if decision == D.KEEP:
        unit = None
    elif unit is None:
        errors["unit"] = ["请选择单位"]
    elif decision == D.SWAP:
        if not active.filter(unit=unit, role=Assignment.Role.CO).exists():
            errors["unit"] = [f"{unit.short_name}不是此建议的协办单位"]
    elif active.filter(unit=unit).exists():
        errors["unit"] = [f"{unit.short_name}已承办此建议"]
    if decision != D.KEEP and not reason.strip():
        errors["reason"] = ["请写明理由"]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        _open(item.meeting)
        item.decision, item.unit, item.reason, item.decided_by = decision, unit, reason.strip(), actor
        item.save(update_fields=["decision", "unit", "reason", "decided_by"])
        audit_log.write(
            "meeting_decide", item, actor=actor, detail={"decision": decision, "unit": unit.pk if unit else None}
        )
    return item


def remove_item(item: Item, *, actor) -> None:
    _office(actor)
    with transaction.atomic():
        _open(item.meeting)
        audit_log.write("meeting_remove_item", item, actor=actor, detail={"request": item.request_id})
        item.delete()


def step_input(item: Item) -> tuple[str, dict]:
    """The lifecycle step that carries out the decision, and its input (as a form would post it)."""
    r, unit, note = item.request_id, item.unit_id, item.reason
    return {
        D.KEEP: ("decide_reassignment", {"request": r, "grant": "0", "note": note}),
        D.REASSIGN: ("decide_reassignment", {"request": r, "grant": "1", "new_unit": unit, "note": note}),
        D.ADD_CO: ("add_co_unit", {"unit": unit, "request": r, "note": note}),
        D.SWAP: ("swap_lead", {"co_unit": unit, "request": r, "note": note}),
    }[item.decision]


def _label(position: int, item: Item) -> str:
    return f"第{position}项（{item.suggestion.display_number}建议）"


def apply(meeting: Meeting, *, actor) -> list[Event]:
    """Carry out every decision of the meeting in one transaction; [] if it was applied before."""
    _office(actor)
    events = []
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.state == Meeting.State.HELD:
            return []
        items = list(
            meeting.items.select_related("suggestion", "unit", "request__assignment__unit").order_by(
                "suggestion__number", "id"
            )
        )
        if not items:
            raise Conflict("本次协调会还没有议题")
        for n, item in enumerate(items, 1):
            if not item.decision:
                raise ItemFailed(item, f"{_label(n, item)}尚未作出决定")
        for n, item in enumerate(items, 1):
            name, data = step_input(item)
            request = ReassignmentRequest.objects.select_for_update().get(pk=item.request_id)
            if request.decision != ReassignmentRequest.Decision.PENDING:
                raise ItemFailed(item, f"{_label(n, item)}：该改办申请已另行审批（{request.get_decision_display()}）")
            units = {item.request.assignment.unit_id, item.unit_id} | _lead_unit(item)
            try:
                event = steps.perform(item.suggestion, name, actor=actor, data=data, meeting=meeting)
            except InvalidInput as exc:
                detail = "；".join(m for msgs in exc.errors.values() for m in msgs)
                raise ItemFailed(item, f"{_label(n, item)}：{detail}") from exc
            except (Conflict, PermissionDenied) as exc:
                raise ItemFailed(item, f"{_label(n, item)}：{getattr(exc, 'message', None) or exc}") from exc
            item.event = event
            item.save(update_fields=["event"])
            events.append(event)
            s = item.suggestion
            notify(
                people.unit_staff(u for u in units if u),
                kind=Notification.Kind.ASSIGNMENT,
                title=f"{meeting}决定：{s.display_number}“{s.title}”{item.outcome}",
                body=item.reason,
                suggestion=s,
            )
        meeting.state, meeting.applied_by, meeting.applied_at = Meeting.State.HELD, actor, timezone.now()
        meeting.save(update_fields=["state", "applied_by", "applied_at"])
        audit_log.write("meeting_apply", meeting, actor=actor, detail={"events": [e.pk for e in events]})
    return events


def _lead_unit(item: Item) -> set:
    """A swap moves the lead too: its staff hear of it as well as the co-unit's."""
    if item.decision != D.SWAP:
        return set()
    return set(
        Assignment.objects.filter(suggestion=item.suggestion_id, is_active=True, role=Assignment.Role.LEAD).values_list(
            "unit_id", flat=True
        )
    )
