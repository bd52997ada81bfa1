"""audit_verify names the first broken record when a row was changed, inserted or removed."""

import re

import pytest

from audit import chain, log
from audit.models import AuditRecord, Kind
from suggestions import actions
from suggestions.models import Event

from .conftest import tamper, verify_error


@pytest.fixture
def history(world):
    """A suggestion submitted and registered, plus a few records of other kinds."""
    s = world.new_draft()
    actions.submit(s, actor=world.deputy)
    actions.register(s, actor=world.office)
    log.record(Kind.LOGIN, "login", actor=world.office)
    log.record(Kind.EXPORT, "download", actor=world.office, target="/office/suggestions.csv")
    log.record(Kind.LOGOUT, "logout", actor=world.office)
    return s


def seq_named(error: str) -> int:
    return int(re.search(r"#(\d+)", error).group(1))


def test_an_untouched_chain_verifies(history):
    assert verify_error() is None
    # Every event of the timeline is vouched for by exactly one record carrying its hash.
    events = Event.objects.filter(suggestion=history)
    assert events.count() == 3
    for e in events:
        assert AuditRecord.objects.get(event_id=e.pk).event_hash == chain.event_hash(e)


def test_an_updated_record_is_named(history):
    victim = AuditRecord.objects.get(kind=Kind.EXPORT)
    tamper("UPDATE audit_auditrecord SET target = %s WHERE id = %s", ["/nothing", victim.pk])
    error = verify_error()
    assert error and seq_named(error) == victim.seq and "被修改" in error


def test_a_deleted_record_is_named(history):
    victim = AuditRecord.objects.get(kind=Kind.LOGIN)
    tamper("DELETE FROM audit_auditrecord WHERE id = %s", [victim.pk])
    error = verify_error()
    assert error and seq_named(error) == victim.seq + 1


def test_a_deleted_last_record_is_caught(history):
    last = AuditRecord.objects.order_by("-seq").first()
    tamper("DELETE FROM audit_auditrecord WHERE id = %s", [last.pk])
    assert "链尾" in verify_error()


def test_an_inserted_record_is_named(history):
    login = AuditRecord.objects.get(kind=Kind.LOGIN)
    # A forged row slipped in after the login, with a correct hash of its own.
    forged = AuditRecord(
        seq=login.seq + 1, at=login.at, kind=Kind.LOGIN, action="login", username="ghost", prev_hash=login.hash
    )
    forged.hash = chain.record_hash(forged)
    tamper("UPDATE audit_auditrecord SET seq = seq + 1000 WHERE seq > %s", [login.seq])
    tamper(
        "INSERT INTO audit_auditrecord (seq, at, username, kind, action, target, outcome, detail, event_hash,"
        " prev_hash, hash) VALUES (%s, %s, 'ghost', 'login', 'login', '', 'success', '{}', '', %s, %s)",
        [forged.seq, forged.at, forged.prev_hash, forged.hash],
    )
    error = verify_error()
    assert error and seq_named(error) == login.seq + 1000 + 1


def test_an_updated_event_is_caught(history):
    register = Event.objects.get(suggestion=history, name="register")
    tamper("UPDATE suggestions_event SET actor_id = NULL WHERE id = %s", [register.pk])
    error = verify_error()
    assert error and f"事件 #{register.pk}" in error and "被修改" in error
    assert seq_named(error) == AuditRecord.objects.get(event_id=register.pk).seq


def test_a_deleted_event_is_caught(history):
    submit = Event.objects.get(suggestion=history, name="submit")
    tamper("DELETE FROM suggestions_event WHERE id = %s", [submit.pk])
    assert f"事件 #{submit.pk} 已不存在" in verify_error()


def test_an_inserted_event_is_caught(history):
    tamper(
        "INSERT INTO suggestions_event (suggestion_id, name, at, from_status, to_status, payload)"
        " VALUES (%s, 'close', %s, 'registered', 'closed', '{}')",
        [history.pk, history.updated_at],
    )
    assert "没有对应的审计记录" in verify_error()
