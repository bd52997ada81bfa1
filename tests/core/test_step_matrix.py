"""Every user step, from every wrong state and by every wrong role: refused, and nothing changes.

The steps come from the lifecycle table itself, so a step someone adds is covered at once; a step
or status the matrix cannot place makes these tests fail and say what entry to add.
"""

import pytest

from accounts.models import User
from suggestions import access
from suggestions.actions import STEPS
from suggestions.models import Status
from suggestions.workflow import TRANSITIONS, Party, available, context_for
from tests.core.scenarios import PERSONAS, SITUATIONS, act, get, situations_by_status, snapshot, url
from tests.world import World

NO_INPUT = None
# step -> (input that must be refused, the field the error names); NO_INPUT: the step takes none.
BAD_INPUT = {
    "edit": ({"title": ""}, "title"),
    "invite_cosigners": ({"deputies": [999999]}, "deputies"),
    "attach": ({}, "file"),
    "confirm_cosign": NO_INPUT,
    "decline_cosign": NO_INPUT,
    "submit": NO_INPUT,
    "withdraw": NO_INPUT,
    "return": ({"note": ""}, "note"),
    "register": NO_INPUT,
    "merge": ({"into": 999999}, "into"),
    "reject": ({"reason": "dislike", "note": "不要"}, "reason"),
    "mark_complex": NO_INPUT,
    "assign": ({"lead_unit": 999999}, "lead_unit"),
    "sign": NO_INPUT,
    "sign_as_co": NO_INPUT,
    "request_reassignment": ({"reason": ""}, "reason"),
    "decide_reassignment": ({"request": 999999, "grant": "1"}, "request"),
    "add_co_unit": ({"unit": 999999}, "unit"),
    "swap_lead": ({"co_unit": 999999}, "co_unit"),
    "record": ({"kind": "contact", "happened_on": "2999-01-01", "summary": "电话"}, "happened_on"),
    "send_co_opinion": ({"summary": ""}, "summary"),
    "draft_reply": ({"body": "答复", "category": 999999}, "category"),
    "submit_reply": NO_INPUT,
    "approve_reply": NO_INPUT,
    "return_reply": ({"note": ""}, "note"),
    "send_reply": ({}, "letter"),
    "rate": ({"result": "unsatisfied", "attitude": "basic"}, "comment"),
    "close": NO_INPUT,
    # Supervision and B-class follow-up (supervision/forms.py).
    "remind": ({"message": ""}, "message"),
    "request_extension": ({"requested_date": "2000-01-01", "reason": "调研需要时间"}, "requested_date"),
    "decide_extension": ({"request": 999999, "grant": "1"}, "request"),
    "mark_key": ({"year": 1900, "leader": "某副主任", "committee": "教科文卫委"}, "year"),
    "instruct": ({"message": ""}, "message"),
    "record_commitments": (
        {"commitments": [{"what": "", "due_date": "2027-06-30", "responsible": "张三"}]},
        "commitments",
    ),
    "report_progress": ({"commitment": 999999, "note": "已推进"}, "commitment"),
    "second_reply": ({"body": ""}, "body"),
    "convert_to_a": NO_INPUT,  # only an optional note
    # Inside the unit (units/forms.py): the unit's leader is its office in the matrix's world.
    "hand_to_divisions": ({"handoffs": []}, "handoffs"),
    # Only a division the suggestion was handed to may hand it back, and no situation hands it: its
    # input (a reason, the hand-off) is tried in tests/units/test_handoffs.py.
    "hand_back": NO_INPUT,
    "acknowledge_filing": ({"filing": 999999}, "filing"),
    # Disclosure (disclosure/publishing.py).
    "publish_reply": NO_INPUT,
    "withhold_reply": ({"reason": ""}, "reason"),
}


def user_steps():
    """Steps a person can ask for: in STEPS and not reserved to the system."""
    return [tr for name, tr in TRANSITIONS.items() if name in STEPS and tr.who != {Party.SYSTEM}]


def people(w: World) -> dict[str, User]:
    return {name: getattr(w, name) for name in PERSONAS}


def test_every_user_step_has_a_matrix_entry():
    missing = [tr.name for tr in user_steps() if tr.name not in BAD_INPUT]
    assert not missing, (
        f"steps {missing} have no state/role matrix entry: add them to BAD_INPUT in "
        "tests/core/test_step_matrix.py (and a situation in tests/core/scenarios.py if they need one)"
    )


def test_every_status_a_step_starts_from_has_a_situation():
    placed = situations_by_status()
    missing = sorted({st for tr in user_steps() for st in tr.sources if st not in placed})
    assert not missing, (
        f"statuses {missing} have no situation: add a state/role matrix entry (a builder) to "
        "SITUATIONS in tests/core/scenarios.py"
    )
    assert set(placed) >= {s.value for s in Status}, "every Status needs a situation in tests/core/scenarios.py"


@pytest.mark.parametrize("status", [s.value for s in Status])
def test_steps_from_a_wrong_state_give_409_and_change_nothing(world, api, status):
    s = SITUATIONS[situations_by_status()[status]](world)
    assert s.status == status
    wrong = [tr for tr in user_steps() if status not in tr.sources]
    assert wrong or status not in situations_by_status()
    for tr in wrong:
        before = snapshot(s.pk)
        # The deputy sees their suggestion in every state; state is checked before anything else.
        body = act(api(world.deputy), s.pk, tr.name, expect=409)
        assert body["detail"], tr.name
        assert snapshot(s.pk) == before, f"{tr.name} from {status} changed something"


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_steps_by_a_wrong_role_give_403_and_unseen_give_404(world, api, situation):
    s = SITUATIONS[situation](world)
    tried = 0
    for name, user in people(world).items():
        visible = access.visible_to(user).filter(pk=s.pk).exists()
        ctx = context_for(user, s)
        for tr in user_steps():
            if s.status not in tr.sources or ctx.parties & tr.who:
                continue
            before = snapshot(s.pk)
            act(api(user), s.pk, tr.name, expect=403 if visible else 404)
            assert snapshot(s.pk) == before, f"{tr.name} by {name} in {situation} changed something"
            tried += 1
    if any(s.status in tr.sources for tr in user_steps()):
        assert tried, f"no wrong-role attempt in {situation}"


def test_bad_input_gives_400_with_field_errors_and_changes_nothing(world, api):
    """Each step that takes input is tried, where it is allowed, with input that must be refused."""
    exercised = set()
    for situation, build in SITUATIONS.items():
        s = build(world)
        for name, user in people(world).items():
            for tr, blocked in available(context_for(user, s)):
                entry = BAD_INPUT.get(tr.name)
                if blocked or not entry:
                    continue
                data, field = entry
                before = snapshot(s.pk)
                body = act(
                    api(user),
                    s.pk,
                    tr.name,
                    data,
                    format="multipart" if tr.name == "send_reply" else "json",
                    expect=400,
                )
                assert field in body["errors"], (tr.name, situation, body)
                assert all(isinstance(m, str) and m for msgs in body["errors"].values() for m in msgs)
                assert snapshot(s.pk) == before, f"bad input to {tr.name} by {name} changed something"
                exercised.add(tr.name)
    want = {name for name, entry in BAD_INPUT.items() if entry and name in TRANSITIONS}
    assert exercised == want, f"no situation lets these steps be tried with bad input: {want - exercised}"


def test_unknown_step_gives_404(world, api):
    s = world.new_draft()
    before = snapshot(s.pk)
    response = api(world.deputy).post(url(s.pk, "fly_to_the_moon"), {}, format="json")
    assert response.status_code == 404
    assert "fly_to_the_moon" in response.json()["detail"]
    assert api(world.deputy).post(url(s.pk, "rehandle"), {}, format="json").status_code == 404  # system only
    assert snapshot(s.pk) == before


def test_a_step_shown_blocked_is_refused_with_the_reason_shown(world, api):
    """What `available_actions` says blocks a step (the table's guards and those apps register) is what the
    server answers when the step is tried anyway: 409 with the same reason, and nothing changes."""
    tried = set()
    for situation, build in SITUATIONS.items():
        s = build(world)
        for name, user in people(world).items():
            blocked_steps = [(tr, why) for tr, why in available(context_for(user, s)) if why and tr.name in STEPS]
            if not blocked_steps:
                continue
            shown = {a["name"]: a["blocked_reason"] for a in get(api(user), s.pk)["available_actions"]}
            for tr, blocked in blocked_steps:
                assert shown[tr.name] == blocked, (situation, name, tr.name)
                before = snapshot(s.pk)
                body = act(api(user), s.pk, tr.name, {}, expect=409)  # guards are checked before the input
                assert body["detail"] == blocked, (situation, name, tr.name)
                assert snapshot(s.pk) == before
                tried.add(tr.name)
    # Registered by supervision/apps.py: the close-out waits for every commitment, a decision for a request.
    assert {"convert_to_a", "decide_extension", "decide_reassignment", "send_co_opinion"} <= tried, tried
