import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suggestions import actions
from suggestions.errors import Conflict
from suggestions.models import Status, Suggestion
from supervision.figures import unit_rates, with_four_checks
from tests.world import advance, letter, pass_review

from .helpers import assigned


def test_checks_come_from_records_and_replies(world):
    done = world.new_draft("关于全面推进义务教育优质均衡发展的建议")
    advance(world, done, Status.REPLIED, co_unit=False)  # contacted and replied on the happy path
    fresh = assigned(world, "关于加强中小学心理健康教育的建议")
    rows = {s.pk: s for s in with_four_checks(Suggestion.objects.filter(pk__in=[done.pk, fresh.pk]))}
    assert (rows[done.pk].contacted, rows[done.pk].replied, rows[done.pk].researched) == (True, True, False)
    assert (rows[fresh.pk].contacted, rows[fresh.pk].replied, rows[fresh.pk].researched) == (False, False, False)


def test_unit_rates_in_one_query(world):
    a = world.new_draft("关于推进县域普通高中振兴的建议")
    advance(world, a, Status.HANDLING, co_unit=False)
    for kind in ("research", "meeting"):
        actions.record(a, actor=world.handler, kind=kind, happened_on=timezone.localdate(), summary="已开展")
    advance(world, a, Status.REPLIED, co_unit=False)
    assigned(world, "关于加强乡村教师队伍建设的建议")
    with CaptureQueriesContext(connection) as queries:
        rows = unit_rates()
    assert len(queries) == 1
    (row,) = rows
    assert row["unit"] == "省教育厅" and row["total"] == 2
    assert (row["researched_rate"], row["contacted_rate"], row["meeting_rate"], row["replied_rate"]) == (
        50.0,
        50.0,
        50.0,
        50.0,
    )
    assert row["all_met"] is False


def test_reply_still_needs_a_recorded_contact(world):
    s = world.new_draft("关于完善特殊教育保障机制的建议")
    advance(world, s, Status.ASSIGNED, co_unit=False)
    actions.sign(s, actor=world.handler)
    actions.draft_reply(s, actor=world.handler, body="答复如下……", category=world.category("A"))
    actions.submit_reply(s, actor=world.handler)
    pass_review(s)
    with pytest.raises(Conflict, match="沟通"):
        actions.send_reply(s, actor=world.handler, letter=letter())
