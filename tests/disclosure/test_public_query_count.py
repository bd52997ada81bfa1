from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure import publishing, screening
from suggestions import actions
from tests import world as w

from .builders import closed_suggestion


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_catalogue_and_api_queries_do_not_grow_with_rows(world, client):
    first = closed_suggestion(world, title="关于甲的建议")
    publishing.publish_catalogue(world.session, actor=world.office)
    screening.mark_seen(first, actor=world.office)  # its body names a phone number: held until seen
    publishing.publish_ready(world.session, actor=world.office)
    urls = [reverse("public:catalogue", args=[world.session.pk]), "/api/v1/public/suggestions/"]
    before = [_queries(client, u) for u in urls]
    for i in range(4):
        s = world.new_draft(title=f"关于第{i}件事的建议")
        actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
        actions.confirm_cosign(s, actor=world.cosigner)
        w.advance(world, s, "closed")
    publishing.publish_ready(world.session, actor=world.office)
    assert [_queries(client, u) for u in urls] == before
