"""答复质量 on labelled replies: responsive ones pass, 答非所问/套话/B without commitment/mismatch flagged."""

import pytest

from assist import quality

TITLE = "关于加大农村公路养护投入的建议"
BODY = (
    "目前农村公路养护资金不足，部分路段年久失修。建议：一是加大省级农村公路养护资金投入；"
    "二是建立县乡村三级路长制；三是加快农村危桥改造。"
)

GOOD = [
    (
        "A",
        "2024年省级下达农村公路养护资金12亿元，较上年增长15%。全省已建立县乡村三级路长制，设立路长3.2万名。"
        "已完成危桥改造860座，您提到的路段已于2024年10月竣工通车。",
    ),
    (
        "B",
        "关于养护资金，2025年省级将新增农村公路养护资金3亿元；关于路长制，我厅已印发指导意见，2025年6月底前全面建立县乡村三级路长制；"
        "关于危桥改造，计划2025年底前完成剩余危桥改造420座。",
    ),
    (
        "C",
        "受财力限制，省级养护资金短期内难以大幅增加，路长制已在试点县推开，危桥改造将在条件具备时统筹安排，我们已向交通运输部争取补助资金8000万元。",
    ),
]
BAD = [
    (
        "A",
        "感谢您对交通运输工作的关心和支持。我厅高度重视，认真研究，下一步将积极推进，进一步加强工作，结合实际统筹考虑。",
        "boilerplate",
    ),
    ("A", "关于城市停车难问题，我厅会同住建部门新建停车位1.2万个，智慧停车平台已上线运行。", "unaddressed"),
    (
        "B",
        "您提出的农村公路养护资金、路长制和危桥改造问题很有针对性，我们将认真研究，积极推进。",
        "b_without_commitment",
    ),
    (
        "A",
        "关于农村公路养护资金、路长制和危桥改造，我厅将认真研究，待条件成熟时逐步推进，计划列入规划。",
        "category_mismatch",
    ),
]


@pytest.mark.parametrize(("code", "reply"), GOOD)
def test_responsive_replies_pass(code, reply):
    assert quality.check(TITLE, BODY, reply, code) == []


@pytest.mark.parametrize(("code", "reply", "flag"), BAD)
def test_weak_replies_are_flagged_with_reasons(code, reply, flag):
    flags = quality.check(TITLE, BODY, reply, code)
    assert flag in {f.code for f in flags}
    assert all(f.message for f in flags)


def test_precision_on_the_labelled_set():
    flagged_good = sum(bool(quality.check(TITLE, BODY, r, c)) for c, r in GOOD)
    flagged_bad = sum(bool(quality.check(TITLE, BODY, r, c)) for c, r, _ in BAD)
    precision = flagged_bad / (flagged_bad + flagged_good)
    print(f"reply quality precision={precision:.2f} recall={flagged_bad / len(BAD):.2f} n={len(GOOD) + len(BAD)}")
    assert precision >= 0.9


def test_unit_sees_the_flags_beside_its_draft(world, client):
    from suggestions import actions
    from suggestions.models import Status
    from tests.workbench.helpers import SIGNED, many

    s = many(world, 1, SIGNED)[0]
    actions.draft_reply(
        s,
        actor=world.handler,
        body="感谢您的关心和支持，我们高度重视，认真研究，下一步将积极推进。",
        category=world.category("B"),
    )
    client.force_login(world.handler)
    page = client.get(f"/unit/s/{s.pk}/").content.decode()
    assert "答复质量提示" in page and "B类答复是一项承诺" in page
    s.refresh_from_db()
    assert s.status == Status.HANDLING  # advice only: the draft reply was saved, nothing was blocked
