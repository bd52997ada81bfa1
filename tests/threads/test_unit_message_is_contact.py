"""A handling unit's message is also a recorded contact with the deputy, in the same transaction."""

from unittest import mock

import pytest

from suggestions.models import HandlingRecord, Status
from tests.world import advance
from threads import domain
from threads.models import Message


def _signed(world):
    s = world.new_draft()
    advance(world, s, Status.ASSIGNED)
    from suggestions import actions

    actions.sign(s, actor=world.handler)
    return s


def test_unit_message_records_a_contact_by_platform_message(world, client):
    s = _signed(world)
    client.force_login(world.handler)
    client.post(f"/threads/{s.pk}/", {"body": "王代表您好，我们想约您座谈。"})
    rec = HandlingRecord.objects.get(suggestion=s, kind="contact")
    assert rec.channel == "message" and "约您座谈" in rec.summary and rec.unit == world.lead_unit
    assert s.events.filter(name="record").exists()


def test_unit_message_satisfies_the_contact_before_reply_guard(world):
    from suggestions.workflow import context_for, deputy_contacted

    s = _signed(world)
    assert deputy_contacted(context_for(world.handler, s)) is not None
    domain.post(world.handler, s, "已电话外的平台沟通")
    assert deputy_contacted(context_for(world.handler, s)) is None


def test_deputy_message_is_not_a_contact(world):
    s = _signed(world)
    domain.post(world.deputy, s, "请尽快办理")
    assert not HandlingRecord.objects.filter(suggestion=s).exists()


def test_message_and_contact_roll_back_together(world):
    s = _signed(world)
    with mock.patch("threads.domain.actions.perform", side_effect=RuntimeError("boom")), pytest.raises(RuntimeError):
        domain.post(world.handler, s, "会失败的留言")
    assert not Message.objects.exists()


def test_unit_before_signing_may_write_but_records_no_contact(world):
    s = world.new_draft()
    advance(world, s, Status.ASSIGNED)
    domain.post(world.handler, s, "我们正在确认是否属于本单位职责")
    assert Message.objects.count() == 1
    assert not HandlingRecord.objects.exists()
