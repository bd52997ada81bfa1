import datetime

import pytest
from django.urls import reverse

from disclosure import publishing, screening
from disclosure.models import Publication
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.models import Event
from tests import world as w

from .builders import BODY, PERSONAL, closed_suggestion, published_world, with_personal_data


def test_catalogue_cannot_be_published_before_the_session_closes(world):
    with pytest.raises(Conflict, match="闭幕"):
        publishing.publish_catalogue(world.session, actor=world.office, today=datetime.date(2023, 1, 14))
    world.session.refresh_from_db()
    assert not world.session.catalogue_published


def test_only_the_office_publishes(world):
    with pytest.raises(PermissionDenied):
        publishing.publish_catalogue(world.session, actor=world.handler)


def test_publishing_the_catalogue_is_recorded_and_happens_once(world):
    release = publishing.publish_catalogue(world.session, actor=world.office, note="经主任会议同意")
    world.session.refresh_from_db()
    assert world.session.catalogue_published and release.published_by == world.office
    with pytest.raises(Conflict):
        publishing.publish_catalogue(world.session, actor=world.office)


def test_reply_is_not_published_while_handling(world):
    s = world.new_draft()
    w.advance(world, s, "handling")
    publishing.publish_catalogue(world.session, actor=world.office)
    with pytest.raises(Conflict, match="办理期间不公开"):
        publishing.publish_reply(s, actor=world.office)
    assert not Publication.objects.exists()


def test_published_reply_is_redacted_and_recorded_in_the_timeline(world):
    s = published_world(world)
    pub = s.publication
    assert pub.state == Publication.State.PUBLISHED and pub.full_text
    for value in PERSONAL.values():
        assert value not in pub.body
    assert "wangjg@example.com" not in pub.body and "65901234" not in pub.body
    assert "15037112233" not in pub.reply_body  # the co-signer's phone in the reply
    assert "配齐心理教师" in pub.body and pub.redactions >= 6
    assert Event.objects.filter(suggestion=s, name="publish_reply", actor=world.office).exists()


def test_title_only_choice_publishes_no_text(world):
    s = published_world(world, disclosure="title_only")
    assert not s.publication.full_text
    assert s.publication.body == s.publication.reply_body == ""
    assert s.publication.category.code == "A"


def test_withholding_needs_a_reason_and_hides_the_reply(world, client):
    s = published_world(world)
    with pytest.raises(InvalidInput):
        publishing.withhold_reply(s, actor=world.office, reason=" ")
    publishing.withhold_reply(s, actor=world.office, reason="涉及正在审理的案件")
    s.publication.refresh_from_db()
    assert s.publication.state == Publication.State.WITHHELD and s.publication.reply_body == ""
    page = client.get(reverse("public:suggestion", args=[s.pk])).content.decode()
    assert "答复不予公开" in page and "配齐心理教师" not in page and "正在审理" not in page


def test_office_preview_highlights_what_will_be_hidden(world, client):
    with_personal_data(world)
    s = closed_suggestion(world)
    publishing.publish_catalogue(world.session, actor=world.office)
    client.force_login(world.office)
    html = client.get(reverse("disclosure:preview", args=[s.pk])).content.decode()
    assert f'<mark class="redact" title="将隐去：手机号">{PERSONAL["phone"]}</mark>' in html
    assert "确认公开" in html
    assert BODY.splitlines()[1] in html
    response = client.post(reverse("disclosure:decide", args=[s.pk]), {"decision": "publish"})
    assert response.status_code == 302
    assert Publication.objects.get(suggestion=s).state == Publication.State.PUBLISHED


def test_preview_is_for_the_office_only(world, client):
    s = closed_suggestion(world)
    client.force_login(world.handler)
    assert client.get(reverse("disclosure:preview", args=[s.pk])).status_code == 403


def test_office_publishes_catalogue_through_the_page(world, client):
    client.force_login(world.office)
    assert "公开建议目录" in client.get(reverse("disclosure:sessions")).content.decode()
    client.post(reverse("disclosure:publish_catalogue", args=[world.session.pk]))
    world.session.refresh_from_db()
    assert world.session.catalogue_published


def test_publish_ready_publishes_every_closed_suggestion(world):
    with_personal_data(world)
    a = closed_suggestion(world, title="关于甲的建议", cosign=False)
    b = closed_suggestion(world, title="关于乙的建议", cosign=False)
    publishing.publish_catalogue(world.session, actor=world.office)
    # Both bodies carry personal data: nothing goes out before the office has seen the previews.
    assert publishing.publish_ready(world.session, actor=world.office) == 0
    for s in (a, b):
        screening.mark_seen(s, actor=world.office)
    assert publishing.publish_ready(world.session, actor=world.office) == 2
    assert set(publishing.published_replies().values_list("pk", flat=True)) == {a.pk, b.pk}


def _published(s) -> tuple[dict, dict]:
    """What publishing wrote for `s`: its publication's columns and its event's payload."""
    pub = Publication.objects.filter(suggestion=s).values().get()
    event = Event.objects.get(suggestion=s, name="publish_reply")
    for key in ("id", "suggestion_id", "decided_at"):
        pub.pop(key)
    return pub, {"payload": event.payload, "actor": event.actor_id, "at_decided": event.at == s.publication.decided_at}


@pytest.mark.parametrize("disclosure", ["full", "title_only"])
def test_publish_ready_writes_what_publish_reply_writes(world, disclosure):
    """The bulk form is `publish_reply` on each suggestion: the same snapshot, redactions and event."""
    with_personal_data(world)
    one = closed_suggestion(world, title="关于甲的建议", disclosure=disclosure)
    other = closed_suggestion(world, title="关于甲的建议", disclosure=disclosure)
    publishing.publish_catalogue(world.session, actor=world.office)
    for s in (one, other):
        screening.mark_seen(s, actor=world.office)
    publishing.publish_reply(one, actor=world.office)
    assert publishing.publish_ready(world.session, actor=world.office) == 1  # `one` is decided already
    assert _published(other) == _published(one)
    assert _published(one)[0]["redactions"] >= (6 if disclosure == "full" else 0)


def test_publish_ready_takes_the_same_queries_for_one_suggestion_or_many(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (2, 4):
        for i in range(n):
            s = closed_suggestion(world, title=f"关于第{n}批第{i}件的建议", cosign=False)
            screening.mark_seen(s, actor=world.office)  # its body carries personal data
        if not world.session.catalogue_published:
            publishing.publish_catalogue(world.session, actor=world.office)
        with CaptureQueriesContext(connection) as queries:
            assert publishing.publish_ready(world.session, actor=world.office) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
