from meetings.models import Item, Meeting


def test_the_demo_holds_a_coordination_meeting_and_has_the_next_one_open(loaded, db):
    held = Meeting.objects.get(state=Meeting.State.HELD)
    assert str(held) == "2026年2月26日改办协调会"
    decided = held.items.filter(event__isnull=False)
    assert decided.count() == held.items.count() >= 6
    assert {Item.Decision.KEEP, Item.Decision.REASSIGN, Item.Decision.ADD_CO, Item.Decision.SWAP} <= set(
        decided.values_list("decision", flat=True)
    )
    assert all(i.event.payload["meeting"] == str(held) for i in decided)
    upcoming = Meeting.objects.get(state=Meeting.State.OPEN)
    assert upcoming.items.count() >= 2 and upcoming.items.filter(decision="").exists()
