"""Who reads what inside the handling, through every door (API detail, the suggestion page, the role's own page).

A draft and its review notes belong to the drafting unit (plus the office and supervisors) until sent;
a co-unit does not read the lead's draft under review; deputies read neither drafts nor internal review
notes nor the units' internal records; a unit relieved by reassignment keeps only what it did itself.
"""

import json

from django.utils import timezone

from suggestions import actions
from suggestions.models import ReassignmentRequest
from tests.world import advance

# The words each object carries, so a leak shows wherever it is rendered.
NEW_RECORD, NEW_DRAFT = "新单位调研记录甲", "新单位答复草稿乙"
LEAD_DRAFT, REVIEW_NOTE, CO_OPINION, RESEARCH, CONTACT = (
    "主办单位答复草稿丙",
    "内部审核意见丁",
    "协办意见戊",
    "调研记录己",
    "电话沟通庚",
)
PAGES = {
    "deputy": ["/s/{pk}/", "/deputy/s/{pk}/"],
    "handler": ["/s/{pk}/", "/unit/s/{pk}/"],
    "leader": ["/s/{pk}/", "/unit/s/{pk}/"],
    "co_handler": ["/s/{pk}/", "/unit/s/{pk}/"],
    "other_handler": ["/s/{pk}/", "/unit/s/{pk}/"],
    "office": ["/s/{pk}/"],
    "supervisor": ["/s/{pk}/"],
}


def _reassigned_with_work_in_progress(w):
    """Assigned to 省教育厅, reassigned to 省交通运输厅, which researches and drafts a reply."""
    s = advance(w, w.new_draft("关于改办的建议"), "assigned")
    actions.request_reassignment(s, actor=w.handler, reason="不属于本单位职责")
    request = ReassignmentRequest.objects.get(assignment__suggestion=s)
    actions.decide_reassignment(s, actor=w.office, request=request, grant=True, new_unit=w.other_unit)
    actions.sign(s, actor=w.other_handler)
    actions.record(s, actor=w.other_handler, kind="research", happened_on=timezone.localdate(), summary=NEW_RECORD)
    actions.draft_reply(s, actor=w.other_handler, body=NEW_DRAFT, category=w.category("A"))
    return s


def _draft_under_review(w):
    s = advance(w, w.new_draft("关于审核中的建议"), "assigned")
    actions.sign(s, actor=w.handler)
    actions.sign_as_co(s, actor=w.co_handler)
    actions.send_co_opinion(s, actor=w.co_handler, summary=CO_OPINION)
    today = timezone.localdate()
    actions.record(s, actor=w.handler, kind="research", happened_on=today, summary=RESEARCH)
    actions.record(s, actor=w.handler, kind="contact", channel="phone", happened_on=today, summary=CONTACT)
    actions.draft_reply(s, actor=w.handler, body=LEAD_DRAFT, category=w.category("A"))
    actions.submit_reply(s, actor=w.handler)
    actions.approve_reply(s, actor=w.leader, note=REVIEW_NOTE)
    return s


# situation -> persona -> (must read, must not read)
EXPECTED = {
    "reassigned": {
        "handler": ((), (NEW_RECORD, NEW_DRAFT)),
        "leader": ((), (NEW_RECORD, NEW_DRAFT)),
        "other_handler": ((NEW_RECORD, NEW_DRAFT), ()),
        "co_handler": ((NEW_RECORD,), (NEW_DRAFT,)),
        "deputy": ((), (NEW_RECORD, NEW_DRAFT)),
        "office": ((NEW_RECORD, NEW_DRAFT), ()),
        "supervisor": ((NEW_RECORD, NEW_DRAFT), ()),
    },
    "in_review": {
        "handler": ((LEAD_DRAFT, REVIEW_NOTE, CO_OPINION, RESEARCH, CONTACT), ()),
        "leader": ((LEAD_DRAFT, REVIEW_NOTE, CO_OPINION, RESEARCH, CONTACT), ()),
        "co_handler": ((CO_OPINION,), (LEAD_DRAFT, REVIEW_NOTE)),
        "deputy": ((CONTACT,), (LEAD_DRAFT, REVIEW_NOTE, CO_OPINION, RESEARCH)),
        "office": ((LEAD_DRAFT, REVIEW_NOTE, CO_OPINION, RESEARCH, CONTACT), ()),
        "supervisor": ((LEAD_DRAFT, REVIEW_NOTE, CO_OPINION, RESEARCH, CONTACT), ()),
    },
}


def _read(client, api, user, s, persona) -> dict[str, str]:
    """Everything this persona can read of the suggestion, by door."""
    response = api(user).get(f"/api/v1/suggestions/{s.pk}/")
    assert response.status_code == 200, (persona, response.status_code)
    doors = {"api": json.dumps(response.json(), ensure_ascii=False)}
    client.force_login(user)
    for page in PAGES[persona]:
        html = client.get(page.format(pk=s.pk))
        assert html.status_code == 200, (persona, page, html.status_code)
        doors[page] = html.content.decode()
    return doors


def test_no_persona_reads_work_in_progress_that_is_not_theirs(world, client, api):
    situations = {"reassigned": _reassigned_with_work_in_progress(world), "in_review": _draft_under_review(world)}
    leaks, missing = [], []
    for name, s in situations.items():
        for persona, (must, must_not) in EXPECTED[name].items():
            for door, text in _read(client, api, getattr(world, persona), s, persona).items():
                leaks += [f"{name}: {persona} reads {w} via {door}" for w in must_not if w in text]
                if door == "api" or door == f"/s/{s.pk}/":
                    missing += [f"{name}: {persona} misses {w} via {door}" for w in must if w not in text]
    assert not leaks, "\n".join(leaks)
    assert not missing, "\n".join(missing)


def test_deputies_read_the_reply_once_sent_but_never_its_review_notes(world, client, api):
    s = advance(world, world.new_draft(), "handling")  # advance's reviews approve with no note
    s = advance(world, s, "replied")
    reply = s.replies.get()
    approval = s.events.filter(name="approve_reply").first()
    assert approval is not None
    # A review level that wrote a note (events are append-only: a new row, like the one a reviewer writes).
    approval.pk = None
    approval.payload = {"note": REVIEW_NOTE, "level": 1, "of": 1, "signed": True}
    approval.save()
    for door, text in _read(client, api, world.deputy, s, "deputy").items():
        assert reply.body in text and REVIEW_NOTE not in text, door
    for door, text in _read(client, api, world.co_handler, s, "co_handler").items():
        assert REVIEW_NOTE not in text, door


def test_a_signed_reply_not_yet_sent_makes_no_letter_for_those_who_may_not_read_it(world, client):
    from tests.core.scenarios import SITUATIONS

    s = SITUATIONS["handling/reply_signed"](world)
    for persona, status in [("handler", 200), ("office", 200), ("co_handler", 404), ("deputy", 404)]:
        client.force_login(getattr(world, persona))
        assert client.get(f"/stats/letters/{s.pk}/").status_code == status, persona
