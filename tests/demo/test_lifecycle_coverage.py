from demo import loader as demo
from suggestions.models import Deadline, Event, HandlingRecord, Status, Suggestion


def test_every_status_of_the_lifecycle_appears(loaded, db):
    present = set(Suggestion.objects.values_list("status", flat=True))
    assert present == set(Status.values)


def test_every_step_was_recorded_as_an_event_no_later_than_the_demo_today(loaded, db):
    assert not Event.objects.filter(at__gt=demo.AS_OF).exists()
    for s in Suggestion.objects.exclude(status=Status.DRAFT):
        names = list(s.events.values_list("name", flat=True))
        assert names[0] == "create" and "submit" in names, s


def test_handled_suggestions_have_deadlines_records_and_a_true_reply(loaded, db):
    closed = Suggestion.objects.filter(status=Status.CLOSED, session__name=demo.CURRENT_SESSION)
    assert closed.exists()
    for s in closed:
        assert (
            s.deadlines.filter(kind="reply", met_at__isnull=False).exists()
            or s.deadlines.filter(kind__in=["reply_complex", "re_reply"], met_at__isnull=False).exists()
        )
        assert s.records.filter(kind=HandlingRecord.Kind.CONTACT).exists()
        assert s.replies.filter(stage="sent").exists() and s.category_id and s.rating
    assert Deadline.objects.overdue(demo.AS_OF.date()).exists()


def test_the_previous_term_is_all_closed_and_its_b_class_replies_carry_their_commitments(loaded, db):
    previous = Suggestion.objects.filter(session__name=demo.PREVIOUS_SESSION, number__isnull=False)
    handled = previous.exclude(status__in=[Status.MERGED, Status.WITHDRAWN])
    assert set(handled.values_list("status", flat=True)) == {Status.CLOSED}
    b_class = list(demo.previous_term_b_class())
    assert b_class
    for s in b_class:
        reply = s.replies.order_by("-round").first()
        for what, due in demo.commitments_for(s):
            assert f"{what}（{due}前完成）" in reply.body
