"""The demo congress at a small scale, loaded once for the crawl (and rolled back afterwards)."""

import pytest
from django.db import transaction
from django.test import override_settings

from demo import loader as demo
from stats import jobs
from stats.models import ExportJob

SCALE = 0.01


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, STATS_EXPORT_IN_THREAD=False):
        with transaction.atomic():
            demo.load(scale=SCALE)
            from accounts.models import User

            # A finished export of each kind, so the export pages and downloads have something to show.
            office = User.objects.get(username="office")
            for kind in ExportJob.Kind.values:
                jobs.start(office, kind, {})
            yield media
            transaction.set_rollback(True)
