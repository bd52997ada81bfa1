"""A deputy files only into the open session of their own term, or between its sessions (DOMAIN.md).

One rule (suggestions.filing) behind every create path: the API, the portal's page and autosave, and
(for the term) the office's import.
"""

from datetime import date, timedelta

from django.utils import timezone

from congress.models import Session, Term
from suggestions import actions
from suggestions.errors import Conflict
from suggestions.models import Suggestion

DRAFT = {"title": "关于加强农村留守儿童心理健康教育的建议", "body": "正文"}


def _previous_term_session():
    term = Term.objects.create(number=13, name="第十三届", start_date=date(2018, 1, 1), end_date=date(2022, 12, 31))
    return Session.objects.create(
        term=term, number=6, name="十三届六次会议", start_date=date(2022, 1, 9), end_date=date(2022, 1, 13)
    )


def test_api_refuses_a_session_of_another_term_with_a_field_error(world, api):
    old = _previous_term_session()
    response = api(world.deputy).post("/api/v1/suggestions/", {**DRAFT, "session": old.pk}, format="json")
    assert response.status_code == 400
    assert "只能向本届代表大会的会议提出建议" in response.json()["errors"]["session"][0]
    assert not Suggestion.objects.exists()
    ok = api(world.deputy).post("/api/v1/suggestions/", {**DRAFT, "session": world.session.pk}, format="json")
    assert ok.status_code == 201


def test_api_refuses_a_session_superseded_by_a_later_one_of_the_term(world, api):
    today = timezone.localdate()
    later = Session.objects.create(
        term=world.term, number=2, name="十四届二次会议", start_date=today - timedelta(days=3), end_date=today
    )
    response = api(world.deputy).post("/api/v1/suggestions/", {**DRAFT, "session": world.session.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["session"] == ["十四届一次会议已结束，建议请提交到十四届二次会议"]
    ok = api(world.deputy).post("/api/v1/suggestions/", {**DRAFT, "session": later.pk}, format="json")
    assert ok.status_code == 201


def test_portal_files_into_the_deputys_own_term_not_the_latest_session_anywhere(world, client):
    _previous_term_session()  # older, but another term: never chosen
    other = Term.objects.create(number=15, name="第十五届", start_date=timezone.localdate() + timedelta(days=400))
    Session.objects.create(
        term=other, number=1, name="十五届一次会议", start_date=other.start_date, end_date=other.start_date
    )
    client.force_login(world.deputy)
    response = client.post("/deputy/new/", {**DRAFT, "formed_by": "research", "disclosure": "full"})
    assert response.status_code == 302
    assert Suggestion.objects.get().session == world.session


def test_portal_says_why_when_the_deputys_term_has_ended(world, client):
    Term.objects.filter(pk=world.term.pk).update(end_date=timezone.localdate() - timedelta(days=1))
    client.force_login(world.deputy)
    response = client.post("/deputy/new/", {**DRAFT, "formed_by": "research", "disclosure": "full"})
    assert response.status_code == 400
    assert "第十四届已于" in response.content.decode() and "届满，不能再提出建议" in response.content.decode()
    autosave = client.post("/deputy/autosave/", DRAFT)
    assert autosave.status_code == 400 and "届满" in autosave.content.decode()
    assert not Suggestion.objects.exists()


def test_import_refuses_a_deputy_of_another_term(world):
    old = _previous_term_session()
    try:
        actions.import_suggestion(
            actor=world.office, session=old, title="关于", body="正文", lead_deputy=world.deputy.deputy
        )
    except Conflict as exc:
        assert "不是十三届六次会议所属届次的代表" in exc.message
    else:
        raise AssertionError("imported a deputy of another term")
    assert not Suggestion.objects.exists()
