"""The 1M bench dataset copies what is derived from a suggestion's rows instead of computing it
again per copy: the copies must hold exactly what a full rebuild gives (bench/dataset.py)."""

import pytest
from django.db import connection

from assist import search_index
from assist.models import SearchDocument, SearchTerm
from bench import dataset
from congress.models import Session
from stats import facts
from suggestions import derived
from suggestions.models import IN_HANDLING, Assignment, Suggestion
from supervision.models import Filing

from .fixtures import build_session

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the build runs VACUUM, which no transaction may hold
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench dataset is PostgreSQL's"),
]


def test_the_copies_equal_a_rebuild_of_their_own_rows(world, monkeypatch):
    build_session(world)
    assert Filing.objects.exists()  # the copies have no filings: their facts differ from their source's
    sources = Suggestion.objects.exclude(status="draft").count()
    # Four sessions of five: three copies, the last one partial.
    monkeypatch.setattr(dataset, "SESSIONS", 4)
    monkeypatch.setattr(dataset, "PER_SESSION", 5)
    monkeypatch.setattr(dataset, "TOTAL", 20)
    assert 20 % sources and 20 > 2 * sources

    dataset.build()

    assert dataset.is_built()
    bench = Session.objects.filter(term__name=dataset.BENCH_TERM)
    assert Suggestion.objects.filter(session__in=bench).count() == 20
    assert facts.check(sessions=list(Session.objects.values_list("pk", flat=True))) == []
    for pk, lead, due, start, new_lead, new_due, session_start in derived.list_columns(
        Suggestion.objects.all()
    ).values_list("pk", "lead_unit_id", "next_due_on", "session_start", "new_lead", "new_due", "session__start_date"):
        assert (lead, due, start) == (new_lead, new_due, session_start), pk
    for pk, due, new_due, handling, status in derived.assignment_due(Assignment.objects.all()).values_list(
        "pk", "due_on", "new_due", "in_handling", "suggestion__status"
    ):
        assert (due, handling) == (new_due, status in IN_HANDLING), pk
    kept_docs = set(SearchDocument.objects.values_list("suggestion_id", "session_id", "text"))
    kept_terms = set(SearchTerm.objects.values_list("suggestion_id", "session_id", "term"))
    docs, terms = search_index.documents(Suggestion.objects.values_list("pk", flat=True))
    assert kept_docs == {(d.suggestion_id, d.session_id, d.text) for d in docs}
    assert kept_terms == {(t.suggestion_id, t.session_id, t.term) for t in terms}
    with connection.cursor() as cursor:  # the vectors were copied, not made by the trigger from the text
        cursor.execute("SELECT COUNT(*) FROM assist_searchdocument WHERE vector = to_tsvector('simple', text)")
        assert cursor.fetchone()[0] == len(kept_docs)
