"""The detail page's cost does not grow with the suggestion's history (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions import actions
from tests.world import advance


def queries(client, sid) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/api/v1/suggestions/{sid}/").status_code == 200
    return len(ctx.captured_queries)


def test_detail_query_count_is_flat(world, api):
    small = advance(world, world.new_draft("一条"), "replied", co_unit=False)
    big = world.new_draft("三位代表联名")
    actions.invite_cosigners(big, actor=world.deputy, deputies=[world.cosigner.deputy, world.cosigner2.deputy])
    for i in range(5):
        actions.edit(big, actor=world.deputy, title=f"三位代表联名（第{i}稿）")
    actions.confirm_cosign(big, actor=world.cosigner)
    actions.confirm_cosign(big, actor=world.cosigner2)
    advance(world, big, "replied", co_unit=True)
    for user in (world.office, world.handler, world.deputy):
        assert queries(api(user), big.pk) == queries(api(user), small.pk), user
        assert queries(api(user), big.pk) <= 30
