"""Who reads and writes a suggestion's thread."""

import pytest

from suggestions.errors import PermissionDenied
from suggestions.models import Status
from tests.world import advance
from threads import domain
from threads.models import Message


@pytest.fixture
def handled(world):
    s = world.new_draft()
    return advance(world, s, Status.HANDLING)


def test_deputy_unit_and_office_write_supervisor_reads(world, handled, client):
    for user in (world.deputy, world.handler, world.co_handler, world.office):
        domain.post(user, handled, f"{user}的留言")
    assert Message.objects.filter(suggestion=handled).count() == 4
    client.force_login(world.supervisor)
    page = client.get(f"/threads/{handled.pk}/").content.decode()
    assert "王建国的留言" in page and "发送留言" not in page
    assert client.post(f"/threads/{handled.pk}/", {"body": "督办留言"}).status_code == 403


def test_unassigned_unit_and_outsider_cannot_see_the_thread(world, handled, client):
    for user in (world.other_handler, world.outsider):
        client.force_login(user)
        assert client.get(f"/threads/{handled.pk}/").status_code == 404
        assert client.post(f"/threads/{handled.pk}/", {"body": "x"}).status_code == 404
    assert not Message.objects.exists()


def test_empty_message_is_refused(world, handled, client):
    client.force_login(world.deputy)
    response = client.post(f"/threads/{handled.pk}/", {"body": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "请输入留言内容" in response.content.decode()
    assert not Message.objects.exists()


def test_supervisor_domain_post_raises(world, handled):
    with pytest.raises(PermissionDenied):
        domain.post(world.supervisor, handled, "不可以")
