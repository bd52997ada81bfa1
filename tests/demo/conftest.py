"""The demo congress at a small scale, loaded once for the whole package (twice, to compare)."""

import pytest
from django.db import transaction
from django.test import override_settings

from demo import loader as demo
from suggestions.models import Event, Suggestion

SCALE = 0.01


def snapshot() -> list[tuple]:
    """What must come out the same on every load: numbers, titles, states and histories."""
    rows = Suggestion.objects.order_by("session__start_date", "period", "number", "title", "created_at")
    events = {}
    for e in Event.objects.order_by("at", "id").values_list("suggestion_id", "name", "at"):
        events.setdefault(e[0], []).append((e[1], e[2]))
    return [
        (s.session.name, s.display_number, s.title, s.status, s.category_id and s.category.code, events[s.pk])
        for s in rows.select_related("session", "category")
    ]


@pytest.fixture(scope="package")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """(first snapshot, summary of the second load); the second load stays for the tests."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            demo.load(scale=SCALE)
            first = snapshot()
            transaction.set_rollback(True)
        with transaction.atomic():
            summary = demo.load(scale=SCALE)
            yield first, summary
            transaction.set_rollback(True)
