"""Each automatic reminder reaches a person once per deadline and kind, however often the scan runs."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, connections

from suggestions.models import Deadline, Event
from supervision.jobs import scan_deadlines
from supervision.models import Notification, Reminder

from .helpers import assigned, reached, with_phone_and_email

ROOT = Path(__file__).resolve().parents[2]
SCAN = (
    "import os, sys, time, django; django.setup(); from datetime import date; "
    "from supervision.jobs import scan_deadlines; time.sleep(max(0, float(sys.argv[1]) - time.time())); "
    "print(scan_deadlines(date.fromisoformat(sys.argv[2])))"
)


def on_file(_name=None) -> Path:
    """Copy the (in-memory) SQLite test database to a file in WAL mode and return its path."""
    path = Path(tempfile.mkdtemp()) / "scan.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return path


def written(copy: Path | None, s) -> tuple[list, int]:
    """The reminders (deadline, kind, recipient) and remind events the runs wrote."""
    if copy is None:
        return reached(), Event.objects.filter(suggestion=s, name="remind").count()
    db = sqlite3.connect(copy)
    rows = db.execute("select deadline_id, kind, recipients from supervision_reminder").fetchall()
    pairs = [(d, k, pk) for d, k, people in rows for pk in json.loads(people)]
    events = db.execute("select count(*) from suggestions_event where name = 'remind'").fetchone()[0]
    db.close()
    return pairs, events


def overdue_day(s) -> date:
    return Deadline.objects.get(suggestion=s, kind="sign", assignment__role="lead").due_date + timedelta(days=1)


def test_running_the_scan_again_sends_nothing_more(world, sms_outbox, django_capture_on_commit_callbacks):
    with_phone_and_email(world.handler, world.leader)
    s = assigned(world)
    day = overdue_day(s)
    with django_capture_on_commit_callbacks(execute=True):
        first = scan_deadlines(day)
    assert first > 0
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert scan_deadlines(day) == 0
    reminders = Notification.objects.exclude(kind="new_assignment")  # the scan's, not the assignment's
    assert len(reached()) == first
    # One notification per person, however many of their deadlines were due.
    assert reminders.count() == len({pk for _d, _k, pk in reached()}) < first
    assert len(mail.outbox) == len([n for n in reminders if n.recipient.email])
    assert len(sms_outbox) == len(mail.outbox)
    assert Event.objects.filter(suggestion=s, name="remind").count() == len(
        {(r.deadline_id, r.kind) for r in Reminder.objects.all()}
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_at_once_send_each_reminder_once(world):
    s = assigned(world)
    day = overdue_day(s)
    barrier, results, errors = threading.Barrier(2), [], []
    # SQLite's in-memory test database is a shared cache, which fails at once instead of waiting
    # for a lock; the threads use a file copy, as the real (WAL) database is.
    copy = on_file(connections.settings["default"]["NAME"]) if connection.vendor == "sqlite" else None

    def run():
        try:
            barrier.wait()
            results.append(scan_deadlines(day))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    name = connections.settings["default"]["NAME"]
    if copy:
        connections.settings["default"]["NAME"] = str(copy)
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        connections.settings["default"]["NAME"] = name
    assert errors == []
    pairs, events = written(copy, s)
    assert sum(results) == len(pairs) > 0
    assert len(pairs) == len(set(pairs))
    assert events == len({p[:2] for p in pairs})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_at_once_send_each_reminder_once(world):
    s = assigned(world)
    day = overdue_day(s)
    env = {
        **os.environ,
        "SMS_BACKEND": "supervision.sms.LocmemBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "jianyi.settings",
    }
    copy = None
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it to a file both processes can open.
        copy = on_file()
        env["DATABASE_URL"] = f"sqlite:///{copy}"
    else:
        settings_dict = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
        )
    start = time.time() + 2.5
    procs = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", SCAN, str(start), day.isoformat()],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    counts = [int(out.strip().splitlines()[-1]) for out, _ in outputs]
    pairs, events = written(copy, s)
    assert sum(counts) == len(pairs) > 0
    assert len(pairs) == len(set(pairs))
    assert events == len({p[:2] for p in pairs})
