"""A coordination meeting with six disputed assignments, one of each kind of decision and two more."""

from datetime import date

from meetings import actions as meeting_actions
from meetings.models import Item, Meeting
from suggestions import actions
from suggestions.models import Status
from tests.workbench.helpers import many
from tests.world import World


def six_requests(w: World):
    """Six assigned suggestions (lead 省教育厅, co 省民政厅); five leads and one co-unit ask to be relieved."""
    ss = many(w, 6, Status.ASSIGNED)
    for s in ss[:5]:
        actions.request_reassignment(s, actor=w.handler, reason="该事项主要职责不在本单位", suggested_unit=w.other_unit)
    actions.request_reassignment(ss[5], actor=w.co_handler, reason="本单位不承担相关职能")
    return ss


def open_meeting(w: World) -> Meeting:
    return meeting_actions.open_meeting(
        actor=w.office, session=w.session, held_on=date(2023, 2, 26), place="省人大常委会第三会议室"
    )


def decisions(w: World) -> list[tuple[str, object, str]]:
    """Per suggestion (in number order): the decision, its unit, the reason."""
    D = Item.Decision
    return [
        (D.KEEP, None, "职责明确，维持原交办"),
        (D.REASSIGN, w.other_unit, "属交通运输部门职责"),
        (D.ADD_CO, w.other_unit, "涉及交通运输部门，增加协办"),
        (D.SWAP, w.co_unit, "以民政部门为主更合适"),
        (D.REASSIGN, w.other_unit, "属交通运输部门职责"),
        (D.REASSIGN, w.other_unit, "协办改由交通运输部门承担"),
    ]
