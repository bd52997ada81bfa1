"""`bulk.any_of`: the filter the bulk writes use on thousands of ids selects what `__in` selects,
and on PostgreSQL sends the ids as one parameter, however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianyi import bulk
from suggestions.models import Suggestion, SuggestionDeputy


@pytest.fixture
def drafts(world):
    return [world.new_draft(title=f"关于第{i}项工作的建议") for i in range(6)]


def pks(qs) -> list[int]:
    return sorted(qs.values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pick",
    [
        lambda ids: ids[:3],
        lambda ids: ids[:3] + ids[:2],  # repeated ids
        lambda ids: [ids[0], None],  # a None matches nothing, as with __in
        lambda ids: [],
        lambda ids: [ids[0], -1, 10**12],  # ids no row has (one beyond a 32-bit integer)
    ],
)
def test_selects_what_in_selects(drafts, pick):
    chosen = pick([s.pk for s in drafts])
    everything = Suggestion.objects.all()
    assert pks(everything.filter(bulk.any_of("pk", chosen))) == pks(everything.filter(pk__in=chosen))
    assert pks(everything.exclude(bulk.any_of("pk", chosen))) == pks(everything.exclude(pk__in=chosen))
    column = connection.ops.quote_name("id")
    table = connection.ops.quote_name(Suggestion._meta.db_table)
    where, params = bulk.any_of_sql(column, [c for c in chosen if c is not None])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where}", params)  # noqa: S608 - quoted names
        assert sorted(r[0] for r in cursor.fetchall()) == pks(everything.filter(pk__in=chosen))


@pytest.mark.django_db
def test_a_relation_and_an_update(drafts):
    chosen = [s.pk for s in drafts[:4]]
    assert Suggestion.objects.filter(bulk.any_of("pk", chosen)).update(title="改") == 4
    assert pks(Suggestion.objects.filter(title="改")) == sorted(chosen)
    links = SuggestionDeputy.objects
    assert pks(links.filter(bulk.any_of("suggestion", chosen))) == pks(links.filter(suggestion__in=chosen)) != []


@pytest.mark.django_db
def test_postgresql_gets_one_parameter_for_all_the_ids(drafts):
    ids = [s.pk for s in drafts] + list(range(10**9, 10**9 + 3000))
    with CaptureQueriesContext(connection) as seen:
        assert len(pks(Suggestion.objects.filter(bulk.any_of("pk", ids)))) == len(drafts)
    sql = seen.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
