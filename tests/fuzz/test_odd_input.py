"""The odd inputs of issue 8 (item 10), one by one, and the parser every view now reads them with."""

from datetime import date

import pytest

from evaluations import services as evaluations
from jianyi.params import BadParameter, form_data, get_int, to_date, to_ids, to_int
from suggestions.models import Status
from supervision import notify
from supervision.models import Notification
from tests.workbench.helpers import many
from tests.world import advance

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("value", ["²", "٣", "1.5", "1e3", "abc", "", None, True, HUGE, str(2**63), "0", "-1"])
def test_to_int_refuses_what_is_not_a_plain_id(value):
    assert to_int(value) is None


def test_to_int_reads_plain_numbers_in_range():
    assert to_int(" 42 ") == 42 and to_int(str(2**63 - 1)) == 2**63 - 1 and to_int(7) == 7
    assert to_int("-1", minimum=-5) == -1 and to_int("2026", maximum=9999) == 2026


def test_get_int_is_lenient_unless_strict():
    assert get_int({"year": "abc"}, "year", 2025) == 2025
    assert get_int({"year": ""}, "year", 2025) == 2025
    with pytest.raises(BadParameter, match="year"):
        get_int({"year": "²"}, "year", strict=True)


def test_ids_keep_the_valid_ones_or_refuse_all():
    assert to_ids(["3", "²", 3, "abc", HUGE, "5"]) == [3, 5]
    assert to_ids("abc") == [] and to_ids({"a": 1}) == []
    for bad in ("abc", ["1", "x"], {"a": 1}):
        with pytest.raises(BadParameter):
            to_ids(bad, strict=True)


def test_dates_are_iso_and_real():
    assert to_date("2026-03-05") == date(2026, 3, 5)
    assert to_date("2026-02-30") is None and to_date(20260305) is None and to_date("05/03/2026") is None


def test_form_data_turns_json_numbers_into_text_and_keeps_lists_of_objects():
    from suggestions.forms import FORMS

    fields = FORMS["record"].base_fields
    data = form_data({"happened_on": 20250101, "summary": 5, "items": [{"a": 1}], "done": True}, fields)
    assert data == {"happened_on": "20250101", "summary": "5", "items": [{"a": 1}], "done": "true"}
    with pytest.raises(BadParameter):
        form_data(["not", "an", "object"], fields)


# --- Pages and endpoints that answered 500 -------------------------------------------------------


def test_public_and_stats_filters_ignore_a_superscript_digit(world, client, api):
    from disclosure import publishing

    advance(world, world.new_draft(), Status.ASSIGNED)
    publishing.publish_catalogue(world.session, actor=world.office)
    assert client.get(f"/public/sessions/{world.session.pk}/", {"field": "²", "unit": HUGE}).status_code == 200
    assert api().get("/api/v1/public/suggestions/", {"field": "²", "session": HUGE}).status_code == 200
    client.force_login(world.office)
    assert client.get("/stats/", {"field": "²", "unit": HUGE}).status_code == 200
    assert api(world.office).get("/api/v1/stats/figures/", {"field": "²", "session": HUGE}).status_code == 200


def test_api_list_refuses_ids_past_64_bits_with_400(world, api):
    for name in ("delegation", "unit", "field", "session"):
        r = api(world.office).get("/api/v1/suggestions/", {name: HUGE})
        assert r.status_code == 400, (name, r.status_code)
        assert name in r.json()
    assert api(world.office).get("/api/v1/suggestions/", {"field": "²"}).status_code == 400


def test_office_list_treats_an_overflowing_id_as_no_filter(world, client):
    many(world, 2)
    client.force_login(world.office)
    r = client.get("/office/suggestions/", {"unit": HUGE, "delegation": "²"})
    assert r.status_code == 200


def test_supervision_pages_ignore_non_numbers(world, client):
    client.force_login(world.office)
    assert client.get("/supervision/key/", {"year": "abc"}).status_code == 200
    assert client.get("/supervision/key/", {"year": HUGE}).status_code == 200
    assert client.get("/supervision/lookback/", {"unit": "abc"}).status_code == 200
    assert client.get("/supervision/ledger/", {"term": "abc", "unit": "²"}).status_code == 200


def test_mark_read_refuses_ids_that_are_not_ids(world, api):
    first, second = (notify.notify([world.handler], kind="manual", title=t, body="")[0] for t in ("第一条", "第二条"))
    client = api(world.handler)
    r = client.post("/api/v1/notifications/read/", {"ids": "abc"}, format="json")
    assert r.status_code == 400 and "编号" in r.json()["detail"]
    assert client.post("/api/v1/notifications/read/", ["x"], format="json").status_code == 200  # no ids: all
    Notification.objects.update(read_at=None)
    assert client.post("/api/v1/notifications/read/", {"ids": [first.pk]}, format="json").json() == {"marked": 1}
    assert Notification.objects.get(pk=second.pk).read_at is None


def test_mark_read_page_ignores_bad_ids(world, client):
    notify.notify([world.handler], kind="manual", title="通知", body="")
    client.force_login(world.handler)
    assert client.post("/supervision/read/", {"id": ["abc", "²"]}).status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # nothing valid to mark


@pytest.mark.parametrize(("step", "field"), [("record", "happened_on"), ("request_extension", "requested_date")])
def test_a_number_where_a_date_is_due_is_a_field_error(world, api, step, field):
    s = advance(world, world.new_draft(), Status.HANDLING)
    body = {"kind": "contact", "channel": "phone", "summary": "电话联系", "reason": "需要调研", field: 20250101}
    r = api(world.handler).post(f"/api/v1/suggestions/{s.pk}/actions/{step}/", body, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()["errors"]


def test_batch_assignment_with_a_superscript_lead_unit_falls_back_to_the_recommendation(world, client):
    (s,) = many(world, 1)
    client.force_login(world.office)
    r = client.post("/office/assign/", {"mode": "per_row", "ids": [s.pk, "²"], f"lead_{s.pk}": "²"}, follow=True)
    assert r.status_code == 200
    s.refresh_from_db()
    page = r.content.decode()
    assert s.status == Status.ASSIGNED or "没有选定主办单位" in page


def test_nominating_a_superscript_id_nominates_nothing(world, client):
    rnd = evaluations.open_round(actor=world.office, session=world.session, name="2023年度评选")
    client.force_login(world.office)
    r = client.post(f"/office/evaluations/{rnd.pk}/nominate/", {"suggestion": "²", "unit": HUGE}, follow=True)
    assert r.status_code == 200 and "请勾选要推荐的建议或单位" in r.content.decode()
    assert not rnd.nominations.exists()


def test_opening_a_round_for_a_session_that_is_not_a_number_is_not_found(world, client):
    client.force_login(world.office)
    assert client.post("/office/evaluations/", {"session": "abc", "name": "评选"}).status_code == 404


def test_reply_template_that_is_not_a_number_is_not_found(world, client):
    s = advance(world, world.new_draft(), Status.HANDLING)
    client.force_login(world.handler)
    assert client.get(f"/unit/s/{s.pk}/reply-template/", {"template": "²"}).status_code == 404


def test_a_good_id_still_filters(world, client):
    """The lenient reading still reads a good id (the fix did not turn every filter off)."""
    a, b = many(world, 2)
    advance(world, a, Status.ASSIGNED)
    client.force_login(world.office)
    page = client.get("/office/suggestions/", {"unit": world.lead_unit.pk}).content.decode()
    assert a.title in page and b.title not in page


def test_a_nul_byte_is_refused_before_it_reaches_the_database(world, client, api):
    """PostgreSQL refuses NUL in text: a search for it was a 500 there (found by the hostile test)."""
    r = client.get("/public/", {"q": "a\x00b"})
    assert r.status_code == 400 and "无效字符" in r.content.decode()
    r = api(world.office).get("/api/v1/suggestions/", {"q": "a\x00b"})
    assert r.status_code == 400 and "无效字符" in r.json()["detail"]
    client.force_login(world.office)
    form = "application/x-www-form-urlencoded"
    assert client.post("/supervision/read/", "next=%2Fx%00", content_type=form).status_code == 400
