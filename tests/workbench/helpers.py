"""Builders for workbench tests: many suggestions at a given stage, through the domain actions."""

import itertools

from suggestions import actions
from suggestions.models import Status
from tests.world import World, advance, build

TITLES = [
    "关于加强农村留守儿童心理健康教育的建议",
    "关于加快推进郑州都市圈轨道交通建设的建议",
    "关于完善基层医疗卫生服务体系的建议",
    "关于支持黄河流域生态保护治理的建议",
    "关于提高农村义务教育教师待遇的建议",
]


_serial = itertools.count(1)
# Assigned and signed by the lead unit, nothing else done yet (advance's HANDLING has a signed-off reply).
SIGNED = "signed"


def many(w: World, n: int, until: str = Status.REGISTERED, **kwargs):
    """`n` suggestions by the world's deputy, each advanced to `until` (a Status or SIGNED)."""
    result = []
    for i in range(n):
        s = w.new_draft(title=f"{TITLES[i % len(TITLES)]}（{next(_serial)}）")
        if until == Status.SUBMITTED:
            actions.submit(s, actor=w.deputy)
        elif until == SIGNED:
            advance(w, s, Status.ASSIGNED, **kwargs)
            actions.sign(s, actor=w.handler)
        else:
            advance(w, s, until, **kwargs)
        result.append(s)
    return result


def browser_world() -> World:
    """The personas for a live-server test (`build` puts back reference data a flush removed)."""
    return build()
