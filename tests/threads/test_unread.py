"""Unread markers: messages by others since I last opened the thread."""

from suggestions.models import Status
from tests.world import advance
from threads import domain
from threads.domain import with_unread
from threads.models import Message


def test_unread_counts_until_the_thread_is_opened(world, client):
    s = advance(world, world.new_draft(), Status.HANDLING)
    domain.post(world.handler, s, "第一条")
    domain.post(world.handler, s, "第二条")
    assert domain.unread_count(world.deputy, s) == 2
    qs = with_unread(type(s).objects.filter(pk=s.pk), world.deputy)
    assert qs.get().unread == 2
    client.force_login(world.deputy)
    assert "2 条新留言" in client.get("/deputy/").content.decode()
    page = client.get(f"/threads/{s.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert page.count("new-badge") == 2
    assert domain.unread_count(world.deputy, s) == 0
    assert "新留言" not in client.get("/deputy/").content.decode()


def test_own_messages_are_never_unread(world):
    s = advance(world, world.new_draft(), Status.HANDLING)
    domain.post(world.deputy, s, "我的留言")
    assert domain.unread_count(world.deputy, s) == 0
    assert Message.objects.count() == 1
