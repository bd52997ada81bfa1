"""Views marked `replica_reads` read from the replica; everything else, and every write, from the primary."""

import pytest

from accounts.models import User
from ops.replica import ReplicaRouter, replica_reads


@pytest.fixture
def replica(settings):
    # The router only asks whether a replica is configured; no connection is opened here.
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reads_inside_a_replica_view_go_to_the_replica(replica, db):
    router = ReplicaRouter()

    @replica_reads
    def dashboard():
        return router.db_for_read(User), router.db_for_write(User)

    assert dashboard() == ("replica", "default")
    assert router.db_for_read(User) is None  # outside such a view: the primary


def test_without_a_replica_configured_every_read_stays_on_the_primary(db):
    assert replica_reads(lambda: ReplicaRouter().db_for_read(User))() is None


def test_only_the_primary_is_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "suggestions") is True
    assert router.allow_migrate("replica", "suggestions") is False
