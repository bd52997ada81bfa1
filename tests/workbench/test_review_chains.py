"""A unit's own review chain (四级把关, 逐级审核): configured by its leader, each level passed by a different
person, a level may send the draft back with comments, and who signed each level shows on the reply,
in the API and in the Word letter."""

from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from accounts.models import Role, User
from audit.models import AuditRecord
from suggestions import review
from suggestions.models import ReplySignoff, ReviewChain
from tests.core.scenarios import act, get
from tests.world import PASSWORD, advance

pytestmark = pytest.mark.django_db

FIVE = ["经办人", "处室负责人", "办公室", "分管领导", "签发"]


def person(world, username, name, role=Role.UNIT_LEADER):
    user = User.objects.create_user(username, password=PASSWORD, role=role, unit=world.lead_unit)
    user.last_name, user.first_name = name[0], name[1:]
    user.save()
    return user


@pytest.fixture
def five(world):
    """省教育厅's five-level chain: its handler, then four named people (the last signs)."""
    people = [
        world.handler,
        person(world, "chuzhang", "孙立", Role.UNIT_HANDLER),
        person(world, "bangongshi", "钱进", Role.UNIT_HANDLER),
        person(world, "fenguan", "周平"),
        world.leader,
    ]
    levels = [{"label": FIVE[0], "role": Role.UNIT_HANDLER, "person": None}] + [
        {"label": label, "role": "", "person": p.pk} for label, p in zip(FIVE[1:], people[1:], strict=True)
    ]
    review.configure(world.lead_unit, levels, actor=world.leader)
    return people


def in_review(world, api):
    s = advance(world, world.new_draft(), "assigned", co_unit=False)
    handler = api(world.handler)
    act(handler, s.pk, "sign")
    act(
        handler,
        s.pk,
        "record",
        {"kind": "contact", "channel": "phone", "happened_on": str(timezone.localdate()), "summary": "沟通"},
    )
    act(handler, s.pk, "draft_reply", {"body": "初稿", "category": world.category("A").pk})
    act(handler, s.pk, "submit_reply")
    return s


def test_a_five_level_chain_is_passed_by_five_people_and_signed_in_the_letter(world, api, client, five):
    s = in_review(world, api)
    for i, user in enumerate(five, 1):
        assert list(review.may_take_now(s.replies.get())) == [user]  # the guards' rule as a query agrees
        detail = act(api(user), s.pk, "approve_reply", {"note": "同意"})
        assert detail["events"][-1]["payload"]["label"] == FIVE[i - 1]
    reply = detail["replies"][0]
    assert reply["stage"] == "signed" and reply["levels_passed"] == 5
    assert [(lv["label"], lv["signed_by"]) for lv in reply["review_chain"]] == [
        (label, u.get_full_name()) for label, u in zip(FIVE, five, strict=True)
    ]
    assert all(lv["signed_at"] for lv in reply["review_chain"])
    act(api(world.handler), s.pk, "send_reply", {"letter": _letter()}, format="multipart")

    # The suggestion page and the Word letter's sign-off block name each level and who signed it.
    client.force_login(world.deputy)
    html = client.get(f"/s/{s.pk}/").content.decode()
    for label, user in zip(FIVE, five, strict=True):
        assert f'<li class="done"><strong>{label}</strong> <small>{user.get_full_name()} ' in html
    doc = Document(BytesIO(client.get(f"/stats/letters/{s.pk}/").content))
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert [r[:2] for r in rows[1:]] == [[label, u.get_full_name()] for label, u in zip(FIVE, five, strict=True)]
    assert "审核签发：赵强" in [p.text for p in doc.paragraphs]


def test_a_reply_sent_back_from_level_three_returns_to_the_drafter_with_comments(world, api, client, five):
    s = in_review(world, api)
    act(api(five[0]), s.pk, "approve_reply")
    act(api(five[1]), s.pk, "approve_reply")
    act(api(five[2]), s.pk, "return_reply", {"note": ""}, expect=400)  # comments are required
    detail = act(api(five[2]), s.pk, "return_reply", {"note": "第二段数据须与统计年鉴核对"})
    reply = detail["replies"][0]
    assert (reply["stage"], reply["levels_passed"]) == ("drafting", 0)
    assert reply["sent_back"] == [
        {
            "level": 3,
            "label": "办公室",
            "by": "钱进",
            "at": reply["sent_back"][0]["at"],
            "comment": "第二段数据须与统计年鉴核对",
        }
    ]
    # The drafter sees the comments on the handling page and may edit again; the deputy never sees them.
    client.force_login(world.handler)
    page = client.get(f"/unit/s/{s.pk}/").content.decode()
    assert "第3级“办公室” 钱进" in page and "第二段数据须与统计年鉴核对" in page and "保存答复稿" in page
    assert page.count("退回修改</span> 第3级") == 1  # the chain and its comments show once (and the timeline)
    act(api(world.handler), s.pk, "draft_reply", {"body": "改稿", "category": world.category("A").pk})
    # Resubmission starts the chain again at level 1: the earlier passes no longer count.
    detail = act(api(world.handler), s.pk, "submit_reply")
    assert [lv["signed_by"] for lv in detail["replies"][0]["review_chain"]] == [None] * 5
    # 钱进 is a handler, but named for level 3: he does not take level 1, which any handler holds.
    assert "您是第3级“办公室”的指定审核人" in act(api(five[2]), s.pk, "approve_reply", expect=409)["detail"]
    for user in five:
        act(api(user), s.pk, "approve_reply")
    assert ReplySignoff.objects.filter(reply__suggestion=s).count() == 2 + 1 + 5
    act(api(world.handler), s.pk, "send_reply", {"letter": _letter()}, format="multipart")
    assert "统计年鉴" not in str(get(api(world.deputy), s.pk))


def test_the_same_person_is_refused_a_second_level(world, api, client):
    # Two levels any leader holds: the leader who passed the first sees why not, and is refused with 409.
    second = person(world, "leader2", "周平")
    review.configure(
        world.lead_unit,
        [
            {"label": "处室负责人", "role": Role.UNIT_LEADER, "person": None},
            {"label": "签发", "role": Role.UNIT_LEADER, "person": None},
        ],
        actor=world.leader,
    )
    s = in_review(world, api)
    act(api(world.leader), s.pk, "approve_reply")
    client.force_login(world.leader)
    page = client.get(f"/s/{s.pk}/").content.decode()
    assert "您已审核通过第1级“处室负责人”，同一人不能审核同一答复的两级" in page
    act(api(world.leader), s.pk, "return_reply", {"note": "再看看"}, expect=409)
    refused = act(api(world.leader), s.pk, "approve_reply", expect=409)
    assert "同一人不能审核同一答复的两级" in refused["detail"]
    actions_of_leader = get(api(world.leader), s.pk)["available_actions"]
    assert {a["name"]: a["blocked_reason"] for a in actions_of_leader}["approve_reply"].startswith("您已审核通过")
    # A named level is nobody else's: the handler may not take it either.
    assert "由本单位负责人审核" in act(api(world.handler), s.pk, "approve_reply", expect=409)["detail"]
    assert act(api(second), s.pk, "approve_reply")["replies"][0]["stage"] == "signed"


def test_the_leader_configures_the_chain_on_its_page_and_bad_chains_are_refused(world, client):
    office = person(world, "bangongshi", "钱进", Role.UNIT_HANDLER)
    url = "/unit/review-chain/"
    client.force_login(world.handler)
    assert client.get(url).status_code == 403  # the unit's leader keeps it
    client.force_login(world.leader)
    page = client.get(url).content.decode()
    assert "现行流程（默认）" in page and "第1级审核" in page

    def post(*rows):
        data = {}
        for i, (label, holder) in enumerate(rows, 1):
            data[f"label_{i}"], data[f"holder_{i}"] = label, holder
        return client.post(url, data)

    refusals = [
        (post(), "请至少设置一级审核"),
        (post(("办公室", "")), "请选择“办公室”由谁审核"),
        (post(("", f"user:{office.pk}")), "请填写第1级的名称"),
        (post(("办公室", f"user:{office.pk}"), ("签发", f"user:{office.pk}")), "同一人不能审核两级"),
        (post(("审核", "role:unit_leader"), ("审核", f"user:{office.pk}")), "各级名称不能重复"),
        # One leader in the unit cannot pass two leader levels.
        (post(("分管领导", "role:unit_leader"), ("签发", "role:unit_leader")), "没有足够的不同人员"),
        (post(("签发", f"user:{world.co_handler.pk}")), "选择一个有效的选项"),  # not of this unit
    ]
    for response, reason in refusals:
        assert response.status_code == 200 and reason in response.content.decode(), reason
    assert not ReviewChain.objects.exists()

    response = post(
        ("经办人", "role:unit_handler"), ("办公室", f"user:{office.pk}"), ("签发", f"user:{world.leader.pk}")
    )
    assert response.status_code == 302
    assert [(lv["label"], review.holder_text(lv)) for lv in review.chain_for(world.lead_unit)] == [
        ("经办人", "本单位经办人"),
        ("办公室", "钱进"),
        ("签发", "赵强"),
    ]
    assert AuditRecord.objects.filter(action="review_chain.configure", actor=world.leader).exists()
    page = client.get(url).content.decode()
    assert "现行流程（默认）" not in page and "恢复默认流程" in page
    assert client.post(url, {"reset": "1"}).status_code == 302
    assert not ReviewChain.objects.exists()


def test_a_changed_chain_moves_only_replies_submitted_afterwards(world, api):
    s = in_review(world, api)  # submitted under the default chain (three leader levels)
    review.configure(world.lead_unit, [{"label": "签发", "role": Role.UNIT_LEADER, "person": None}], actor=world.leader)
    detail = act(api(world.leader), s.pk, "approve_reply")
    assert detail["replies"][0]["stage"] == "in_review" and len(detail["replies"][0]["review_chain"]) == 3


def test_a_named_reviewer_deactivated_meanwhile_is_stood_in_for_by_a_free_leader(world, api, client, five):
    s = in_review(world, api)
    act(api(five[0]), s.pk, "approve_reply")
    chuzhang = five[1]
    chuzhang.is_active = False
    chuzhang.save(update_fields=["is_active"])
    # The leaders named for levels 4 and 5 keep to theirs; a handler is not a leader.
    assert "您是第5级“签发”的指定审核人" in act(api(world.leader), s.pk, "approve_reply", expect=409)["detail"]
    refused = act(api(five[2]), s.pk, "approve_reply", expect=409)["detail"]
    assert refused == "第2级“处室负责人”由本单位负责人（代已停用的孙立）审核"
    deputy_head = person(world, "fuzhi", "冯远")  # a leader named for no level
    assert list(review.may_take_now(s.replies.get())) == [deputy_head]
    client.force_login(world.leader)
    assert "待本单位负责人（代已停用的孙立）审核" in client.get(f"/unit/s/{s.pk}/").content.decode()
    act(api(deputy_head), s.pk, "approve_reply", {"note": "代孙立审核"})
    for user in five[2:]:
        detail = act(api(user), s.pk, "approve_reply")
    chain = detail["replies"][0]["review_chain"]
    assert detail["replies"][0]["stage"] == "signed"
    assert [lv["signed_by"] for lv in chain] == ["杨帆", "冯远", "钱进", "周平", "赵强"]


def test_without_a_free_leader_a_leader_sends_it_back_to_go_through_the_chain_as_it_is_now(world, api, five):
    s = in_review(world, api)
    act(api(five[0]), s.pk, "approve_reply")
    chuzhang = five[1]
    chuzhang.unit = world.other_unit  # moved to another unit: no longer this unit's reviewer
    chuzhang.save(update_fields=["unit"])
    assert list(review.may_take_now(s.replies.get())) == []  # both leaders are named for later levels
    # The leader names the new 处长 in the unit's chain and sends the reply back; resubmitted, it takes the new chain.
    successor = person(world, "xinchuzhang", "王安", Role.UNIT_HANDLER)
    levels = [
        {"label": lv["label"], "role": lv["role"], "person": lv["person"]} for lv in review.chain_for(world.lead_unit)
    ]
    levels[1]["person"] = successor.pk
    review.configure(world.lead_unit, levels, actor=world.leader)
    act(api(world.handler), s.pk, "return_reply", {"note": "换人"}, expect=409)  # not the handler's to do
    act(api(world.leader), s.pk, "return_reply", {"note": "处室负责人已调离，请重新提交"})
    act(api(world.handler), s.pk, "submit_reply")
    for user in [five[0], successor, *five[2:]]:
        detail = act(api(user), s.pk, "approve_reply")
    assert detail["replies"][0]["stage"] == "signed"
    assert detail["replies"][0]["review_chain"][1]["signed_by"] == "王安"


def _letter():
    from tests.world import letter

    return letter()
