"""The probe's personal data, in the disguises it was typed in, reaches no public surface.

Title `关于核实15847176715号码反映问题的建议（身份证410102198010135541）` and a body with full-width
digits, dotted groups and a spaced ID number: before the fix all of it went out verbatim on the
public page, the public API, catalogue.csv and data.json.
"""

import pytest
from django.urls import reverse

from congress.models import Deputy
from disclosure import publishing, redaction, screening
from suggestions.models import Reply
from tests import world as w

TITLE = "关于核实15847176715号码反映问题的建议（身份证410102198010135541）"
DISGUISED = ["１５８４７１７６７１５", "158.4717.6715", "410102 19801013 5541"]
BODY = "一、问题\n请核实" + "、".join(DISGUISED) + "所反映的问题。\n二、建议\n配齐心理教师。"
HANDLER_PHONE = "13698765432"
SECRETS = ["15847176715", "410102198010135541", *DISGUISED, "158-4717-6715", HANDLER_PHONE, "5541"]


def closed_probe(world):
    Deputy.objects.filter(user=world.deputy).update(phone="15847176715", id_number="410102198010135541")
    world.handler.phone = HANDLER_PHONE
    world.handler.save(update_fields=["phone"])
    s = world.new_draft(title=TITLE)
    s.body = BODY
    s.save(update_fields=["body"])
    w.advance(world, s, "handling")
    Reply.objects.filter(suggestion=s).update(
        body=f"经办人电话 {HANDLER_PHONE[:3]} {HANDLER_PHONE[3:7]} {HANDLER_PHONE[7:]}，答复如下……"
    )
    w.advance(world, s, "closed")
    return s


def public_surfaces(world, s):
    session = world.session.pk
    return [
        reverse("public:suggestion", args=[s.pk]),
        reverse("public:catalogue", args=[session]),
        f"/api/v1/public/suggestions/{s.pk}/",
        "/api/v1/public/suggestions/",
        reverse("public:csv", args=[session, "catalogue"]),
        reverse("public:json", args=[session]),
    ]


def body_of(response) -> str:
    """A page's or a streamed file's text (open data CSV streams)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


def test_the_probe_is_held_until_the_office_has_seen_the_preview(world, client):
    s = closed_probe(world)
    publishing.publish_catalogue(world.session, actor=world.office)
    assert client.get(reverse("public:suggestion", args=[s.pk])).status_code == 404
    assert "关于核实" not in body_of(client.get(reverse("public:csv", args=[world.session.pk, "catalogue"])))
    # The office finds it in the session's queue; the preview shows the title's hits and lets it in.
    client.force_login(world.office)
    queue = client.get(reverse("disclosure:queue", args=[world.session.pk])).content.decode()
    assert "待核看公开预览（1件）" in queue
    preview = client.get(reverse("disclosure:preview", args=[s.pk])).content.decode()
    assert "暂不列入" in preview and 'title="将隐去：手机号"' in preview
    assert client.post(reverse("disclosure:decide", args=[s.pk]), {"decision": "seen"}).status_code == 302
    s.refresh_from_db()
    assert s.redaction_seen_by == world.office


def test_the_probe_strings_reach_no_public_surface(world, client):
    s = closed_probe(world)
    publishing.publish_catalogue(world.session, actor=world.office)
    screening.mark_seen(s, actor=world.office)
    publishing.publish_reply(s, actor=world.office)
    for url in public_surfaces(world, s):
        response = client.get(url)
        assert response.status_code == 200, url
        body = body_of(response)
        assert "关于核实" in body and "号码反映问题的建议" in body, url  # the entry is there, redacted
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    # Searching the catalogue for the hidden number finds nothing.
    found = client.get(reverse("public:catalogue", args=[world.session.pk]), {"q": "15847176715"})
    assert "关于核实" not in found.content.decode()


@pytest.mark.parametrize(
    "text, label",
    [
        ("１５８４７１７６７１５", "手机号"),
        ("158.4717.6715", "手机号"),
        ("158 4717 6715", "手机号"),
        ("410102 19801013 5541", "身份证号"),
        ("４１０１０２１９８０１０１３５５４１", "身份证号"),
    ],
)
def test_disguised_forms_are_redacted_at_their_original_span(text, label):
    r = redaction.redact(f"电话{text}。")
    assert r.text == f"电话［已隐去{label}］。"


def test_an_id_number_is_recognised_by_its_check_digit():
    assert redaction.id_checksum_ok("410102198010135541")
    assert redaction.id_checksum_ok("11010519491231002X")
    assert not redaction.id_checksum_ok("410102198010135542")
    # With separators, only a right check digit makes 18 digits an ID number.
    assert redaction.redact("文号 410102 19801013 5542").count == 0
    assert redaction.redact("文号 410102 19801013 5541").count == 1


def test_known_values_of_handlers_are_redacted_in_any_form(world):
    world.handler.phone = HANDLER_PHONE
    world.handler.save(update_fields=["phone"])
    text = "请联系１３６ ９８７６ ５４３２"
    assert redaction.redact(text, [HANDLER_PHONE]).text == "请联系［已隐去手机号］"
