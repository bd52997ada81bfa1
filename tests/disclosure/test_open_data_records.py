"""The open data reads its rows as tuples (issue 9): the same records as from the catalogue's
model instances, and never a deputy's personal columns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure import catalogue
from tests import world as w

from .builders import closed_suggestion, published_world

pytestmark = pytest.mark.django_db


def test_records_are_the_records_of_the_model_instances(world):
    published_world(world)  # full text published, a co-signer, a co-unit
    closed_suggestion(world, title="关于仅公开标题的建议", disclosure="title_only", cosign=False)  # reply not published
    w.advance(world, world.new_draft(title="关于仍在办理的建议"), "handling", co_unit=False)
    expected = [catalogue.as_record(s) for s in catalogue.entries(world.session)]
    assert len(expected) >= 2 and any(r["联名代表"] and r["协办单位"] and r["建议内容"] for r in expected)
    assert list(catalogue.records(catalogue.entries(world.session))) == expected


@pytest.mark.parametrize("what", ["csv", "json"])
def test_the_open_data_never_reads_personal_columns(world, client, what):
    published_world(world)
    url = reverse("public:json", args=[world.session.pk])
    if what == "csv":
        url = reverse("public:csv", args=[world.session.pk, "catalogue"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "关于加强农村留守儿童心理健康教育的建议" in body.decode("utf-8-sig")
    selects = [q["sql"] for q in ctx.captured_queries if "congress_deputy" in q["sql"]]
    assert selects and not any(col in sql for sql in selects for col in ('"phone"', '"id_number"', '"address"'))
