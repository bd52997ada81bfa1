"""The periodic jobs run embedded (run_scheduler) or on RQ workers against the Redis on 127.0.0.1:6379."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from rq import SimpleWorker

from suggestions.models import Deadline
from supervision.models import Notification, Reminder
from supervision.queue import queue, redis_connection

from .helpers import assigned, reached, reached_names, with_phone_and_email


@pytest.fixture
def rq_queue(settings):
    """A queue of its own for this test run, removed afterwards."""
    settings.RQ_QUEUE = f"jianyi-test-{uuid.uuid4().hex[:12]}"
    q = queue()
    yield q
    q.delete(delete_jobs=True)


def test_run_scheduler_once_sends_the_reminders(world, time_machine):
    s = assigned(world)
    due = Deadline.objects.get(suggestion=s, kind="sign", assignment__role="lead").due_date
    time_machine.move_to(due + timedelta(days=1))
    call_command("run_scheduler", "--once")
    call_command("run_scheduler", "--once")
    overdue = Reminder.objects.filter(kind="overdue", deadline__kind="sign", deadline__assignment__role="lead")
    assert reached_names(overdue) == [("overdue", "handler"), ("overdue", "leader")]


def test_rq_worker_runs_the_scan_and_delivers_notifications(
    world, rq_queue, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.JOBS_QUEUE = "rq"
    with_phone_and_email(world.handler, world.leader)
    s = assigned(world)
    day = Deadline.objects.get(suggestion=s, kind="sign", assignment__role="lead").due_date + timedelta(days=1)
    earlier = list(Notification.objects.values_list("pk", flat=True))  # the assignment's, not the scan's
    job = rq_queue.enqueue("supervision.jobs.run_periodic", day)
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction never commits
        SimpleWorker([rq_queue], connection=redis_connection()).work(burst=True)
    job.refresh()
    assert job.is_finished, job.exc_info
    assert job.return_value()["reminders"] == len(reached()) > 0
    # The scan's notifications were queued on commit as jobs of their own; run them too.
    assert rq_queue.count > 0
    SimpleWorker([rq_queue], connection=redis_connection()).work(burst=True)
    reachable = Notification.objects.exclude(recipient__email="").exclude(pk__in=earlier)
    delivered = reachable.filter(emailed_at__isnull=False, texted_at__isnull=False)
    assert delivered.count() == reachable.count() > 0
    assert len(mail.outbox) == len(sms_outbox) == reachable.count()


def test_enqueue_jobs_command_puts_one_tick_on_the_queue(rq_queue):
    call_command("enqueue_jobs")
    assert rq_queue.count == 1
    assert rq_queue.jobs[0].func_name == "supervision.jobs.run_periodic"
