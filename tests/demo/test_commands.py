from io import StringIO

from django.core.management import call_command

from assist import history
from assist.models import TermUnitHistory
from stats import facts
from suggestions.models import Suggestion


def test_load_demo_if_empty_leaves_existing_data_alone(loaded, db):
    before = Suggestion.objects.count()
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
    assert Suggestion.objects.count() == before


def test_demo_logins_prints_every_role_with_the_password_and_the_url(loaded, db):
    out = StringIO()
    call_command("demo_logins", "--port", "8765", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8765/" in text and "jianyi2026" in text
    for username in ("office", "supervisor", "deputy", "handler", "leader", "co_handler"):
        assert f" {username} " in text


def test_load_demo_leaves_the_recommenders_history_built_and_current(loaded, db):
    assert history.ready() and TermUnitHistory.objects.filter(led__gt=0).exists()
    assert history.refresh() is None  # no step since the load's own refresh


def test_the_demo_figures_equal_their_recount(loaded, db):
    """The demo defers upkeep and writes the facts of 500 suggestions at a time, set-based."""
    assert facts.check(groups=("unit", "session")) == []
