"""The domain functions alone, without HTTP: the happy path and the event trail it leaves."""

from suggestions.models import Status
from tests.world import advance


def test_happy_path_reaches_closed_and_records_every_step(world):
    s = world.new_draft()
    advance(world, s, Status.CLOSED)
    assert s.status == Status.CLOSED
    assert s.number == 1 and s.display_number == "第1号"
    assert s.rating == "satisfied" and s.category.code == "A"
    names = list(s.events.values_list("name", flat=True))
    assert names[:4] == ["create", "submit", "register", "assign"]
    assert names[-2:] == ["rate", "close"]
    assert s.version == s.events.count() - 1  # every step bumped the version once; `create` did not
