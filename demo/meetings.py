"""The coordination meetings of the demo (改办协调会, after the current session's central assignment).

Six suggestions of the current session, handed over at the central assignment meeting, are disputed by
their lead unit; the office decides them together at the coordination meeting of 26 February 2026 (the
day Henan held its own in 2023) and applies the decisions at once (`meetings.actions.apply`); each life
then goes on with the units the meeting left it (`units_after`). Two intersession suggestions assigned
last week are disputed now: they wait on the agenda of the next meeting, still open (`open_next`).
"""

from collections.abc import Callable, Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from meetings import actions as meeting_actions
from meetings.models import Item, Meeting
from suggestions.models import Assignment, Period

TZ = ZoneInfo("Asia/Shanghai")
COORDINATION = datetime(2026, 2, 26, 9, 30, tzinfo=TZ)
NEXT_MEETING = date(2026, 12, 4)
PLACE = "省人大常委会机关第三会议室"
D = Item.Decision

# (key, lead unit, co-units, the unit it asks to go to, the meeting's decision, the unit of the decision, reason)
HELD = [
    ("keep", "省教育厅", [], "省人力资源社会保障厅", D.KEEP, None, "所提事项属于教育部门职责，维持原交办。"),
    (
        "reassign",
        "省民政厅",
        [],
        "省住房城乡建设厅",
        D.REASSIGN,
        "省住房城乡建设厅",
        "老旧小区改造属住房城乡建设部门职责。",
    ),
    ("add-co", "省交通运输厅", [], "省公安厅", D.ADD_CO, "省公安厅", "涉及交通秩序管理，增加省公安厅协办。"),
    (
        "swap",
        "省财政厅",
        ["省农业农村厅"],
        "省农业农村厅",
        D.SWAP,
        "省农业农村厅",
        "以农业农村部门为主、财政部门配合更为适宜。",
    ),
    ("reassign-2", "省商务厅", [], "省文化和旅游厅", D.REASSIGN, "省文化和旅游厅", "文旅消费属文化和旅游部门职责。"),
    (
        "keep-2",
        "省卫生健康委",
        ["省医保局"],
        "省医保局",
        D.KEEP,
        None,
        "卫生健康部门牵头、医保部门协办的分工合理，维持原交办。",
    ),
]
PENDING = [("pending", "省生态环境厅", "省水利厅"), ("pending-2", "省科技厅", "省工业和信息化厅")]


def plans(make: Callable, cast, assign_day: date) -> list:
    """The disputed suggestions' plans; `make(key, period, **kw)` builds one like the persona plans."""
    result = []
    for key, lead, cos, wish, decision, unit, reason in HELD:
        units = [cast.units[n] for n in [lead, *cos]]
        # The text is about the work of the unit the lead asks to go to: a plausible dispute.
        natural = wish if decision in (D.REASSIGN, D.SWAP) else lead
        p = make(
            f"meeting-{key}",
            Period.SESSION,
            submit=date(2026, 1, 13),
            assign=assign_day,
            units=units,
            lead_unit=natural,
        )
        p.meeting, p.alt_unit = decision, cast.units[wish]
        p.meeting_unit, p.meeting_reason = cast.units[unit] if unit else None, reason
        result.append(p)
    for key, lead, wish in PENDING:
        p = make(
            f"meeting-{key}",
            Period.INTERSESSION,
            submit=date(2026, 11, 17),
            assign=date(2026, 11, 24),
            units=[cast.units[lead]],
            lead_unit=wish,
        )
        p.meeting, p.alt_unit = "pending", cast.units[wish]
        result.append(p)
    return result


def coordination(cast, held: list) -> Iterator[datetime]:
    """The life of the held meeting: open, put the pending requests on the agenda, decide, apply."""
    yield COORDINATION
    office = cast.offices[0]
    session = held[0].session
    meeting = meeting_actions.open_meeting(
        actor=office,
        session=session,
        held_on=COORDINATION.date(),
        place=PLACE,
        note="集中交办后，6家承办单位对交办提出异议，经与相关单位沟通，逐件研究作出决定。",
    )
    meeting_actions.pull_requests(meeting, actor=office)
    by_suggestion = {cast.made[p.key].pk: p for p in held}
    for item in meeting.items.select_related("request__assignment__unit"):
        p = by_suggestion.get(item.suggestion_id)
        if p is None:  # another unit's request pending that day: kept as assigned
            meeting_actions.decide(item, actor=office, decision=D.KEEP, reason="职责明确，维持原交办。")
            continue
        meeting_actions.decide(item, actor=office, decision=p.meeting, unit=p.meeting_unit, reason=p.meeting_reason)
    meeting_actions.apply(meeting, actor=office)


def units_after(s) -> tuple:
    """(lead unit, co-units) of a suggestion as the meeting left it."""
    active = list(Assignment.objects.filter(suggestion=s, is_active=True).select_related("unit"))
    lead = next(a.unit for a in active if a.role == Assignment.Role.LEAD)
    return lead, [a.unit for a in active if a.role == Assignment.Role.CO]


def open_next(cast, session) -> Meeting:
    """The next meeting: opened, the units' pending requests on its agenda, one decision recorded so far."""
    office = cast.offices[0]
    meeting = meeting_actions.open_meeting(
        actor=office, session=session, held_on=NEXT_MEETING, place=PLACE, note="研究闭会期间交办建议的改办申请。"
    )
    meeting_actions.pull_requests(meeting, actor=office)
    first = meeting.items.order_by("suggestion__number", "id").first()
    if first is not None:
        meeting_actions.decide(first, actor=office, decision=D.KEEP, reason="所提事项属于本单位职责，维持原交办。")
    return meeting
