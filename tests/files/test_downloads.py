"""Every upload can be downloaded by exactly the people whose page links to it (issue 8, item 2).

One suggestion carries one file of every kind, each uploaded the way its user would (web step
view or API): a deputy's attachment, a co-unit's co-opinion, a handling record's attachment, the
signed reply letter and a second reply's letter. Then every persona asks for every file.
"""

import re
from urllib.parse import quote

import pytest
from django.utils import timezone

from suggestions import actions
from suggestions.models import Attachment, Event, HandlingRecord, Reply, Status
from tests.core.scenarios import PERSONAS
from tests.world import advance, pass_review

from .samples import JPEG, PDF, docx, png, upload

MAY_SEE = {"deputy", "cosigner", "office", "handler", "leader", "co_handler", "supervisor"}
# A co-unit's opinion is written to the lead unit, not to the deputies (access.handling_for).
BETWEEN_UNITS, DEPUTIES = {"co-opinion"}, {"deputy", "cosigner"}


def may_download(persona: str, label: str) -> bool:
    return persona in MAY_SEE and not (label in BETWEEN_UNITS and persona in DEPUTIES)


NAMES = {
    "attachment": "调研报告.pdf",
    "co-opinion": "协办意见.docx",
    "record": "走访照片.jpeg",
    "letter": "答复函（盖章件）.pdf",
    "second-letter": "二次答复函.png",
}


def _post(client, user, s, name, data):
    client.force_login(user)
    response = client.post(f"/s/{s.pk}/step/{name}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def files(world, client, api):
    """The suggestion and {label: (download url, bytes uploaded)}."""
    s = world.new_draft()
    actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
    actions.confirm_cosign(s, actor=world.cosigner)
    _post(client, world.deputy, s, "attach", {"file": upload(NAMES["attachment"], PDF)})
    advance(world, s, Status.ASSIGNED)
    actions.sign(s, actor=world.handler)
    actions.sign_as_co(s, actor=world.co_handler)
    opinion = docx()
    r = api(world.co_handler).post(
        f"/api/v1/suggestions/{s.pk}/actions/send_co_opinion/",
        {"summary": "我厅将配合做好留守儿童关爱工作。", "attachment": upload(NAMES["co-opinion"], opinion)},
        format="multipart",
    )
    assert r.status_code == 200, r.content
    record = {"kind": "contact", "channel": "visit", "happened_on": timezone.localdate().isoformat()}
    _post(
        client,
        world.handler,
        s,
        "record",
        {**record, "summary": "走访代表", "attachment": upload(NAMES["record"], JPEG)},
    )
    actions.draft_reply(s, actor=world.handler, body="王建国代表：现答复如下……", category=world.category("B"))
    actions.submit_reply(s, actor=world.handler)
    pass_review(s)
    _post(client, world.handler, s, "send_reply", {"letter": upload(NAMES["letter"], PDF + b"signed")})
    advance(world, s, Status.CLOSED)
    second = png()
    r = api(world.handler).post(
        f"/api/v1/suggestions/{s.pk}/actions/second_reply/",
        {"body": "二次答复：承诺事项进展如下……", "letter": upload(NAMES["second-letter"], second)},
        format="multipart",
    )
    assert r.status_code == 200, r.content
    co, rec = (
        HandlingRecord.objects.get(kind="co_opinion"),
        HandlingRecord.objects.get(kind="contact", summary="走访代表"),
    )
    return s, {
        "attachment": (f"/files/attachment/{Attachment.objects.get().pk}/", PDF),
        "co-opinion": (f"/files/record/{co.pk}/", opinion),
        "record": (f"/files/record/{rec.pk}/", JPEG),
        "letter": (f"/files/letter/{Reply.objects.get().pk}/", PDF + b"signed"),
        "second-letter": (f"/files/second-letter/{Event.objects.get(name='second_reply').pk}/", second),
    }


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/files/[^"]+)"', html))


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_downloads_what_it_may_see_and_nothing_else(world, client, files, persona):
    s, by_label = files
    user = getattr(world, persona)
    client.force_login(user)
    for label, (url, content) in by_label.items():
        response = client.get(url)
        if may_download(persona, label):
            assert response.status_code == 200, (persona, label)
            assert b"".join(response.streaming_content) == content
            assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(NAMES[label])
            assert response["X-Content-Type-Options"] == "nosniff"
        else:
            assert response.status_code == 404, (persona, label)
    # The page shows a link to a file exactly when the file is served (the same rule in both).
    page = client.get(f"/s/{s.pk}/")
    shown = _links(page.content.decode()) if page.status_code == 200 else set()
    assert shown == {url for label, (url, _) in by_label.items() if may_download(persona, label)}


def test_the_deputy_track_page_and_the_unit_page_link_to_the_files(world, client, files):
    s, by_label = files
    client.force_login(world.deputy)
    assert _links(client.get(f"/deputy/s/{s.pk}/").content.decode()) >= {
        by_label[k][0] for k in ("attachment", "record", "letter", "second-letter")
    }
    client.force_login(world.handler)
    assert _links(client.get(f"/unit/s/{s.pk}/").content.decode()) >= {by_label[k][0] for k in ("co-opinion", "record")}


def test_the_api_links_to_the_download_view_not_to_media(world, api, files):
    s, by_label = files
    body = api(world.deputy).get(f"/api/v1/suggestions/{s.pk}/").content.decode()
    assert "/media/" not in body
    detail = api(world.deputy).get(f"/api/v1/suggestions/{s.pk}/").json()
    assert detail["replies"][0]["letter"].endswith(by_label["letter"][0])
    links = {r["attachment"].split("testserver")[1] for r in detail["records"] if r["attachment"]}
    assert links == {by_label["record"][0]}  # the co-opinion went to the lead unit, not to the deputy
    handler = api(world.handler).get(f"/api/v1/suggestions/{s.pk}/").json()
    assert {r["attachment"].split("testserver")[1] for r in handler["records"] if r["attachment"]} == {
        by_label["co-opinion"][0],
        by_label["record"][0],
    }


def test_anonymous_is_sent_to_login_and_unknown_kinds_are_404(client, files):
    _, by_label = files
    client.logout()
    response = client.get(by_label["letter"][0])
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(files[0].lead_deputy.user)
    assert client.get("/files/secret/1/").status_code == 404
    assert client.get("/files/letter/999999/").status_code == 404


def test_files_are_stored_under_generated_names(files):
    names = [a.file.name for a in Attachment.objects.all()]
    names += [r.attachment.name for r in HandlingRecord.objects.exclude(attachment="")]
    names += [r.letter.name for r in Reply.objects.all()]
    names += [Event.objects.get(name="second_reply").payload["letter"]]
    assert len(names) == 5
    for name in names:
        assert re.fullmatch(r"[a-z/]+/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|docx|jpg|png)", name), name


def test_production_hands_the_bytes_to_nginx(world, client, files, settings):
    settings.FILE_DELIVERY = "x-accel"
    _, by_label = files
    client.force_login(world.deputy)
    response = client.get(by_label["letter"][0])
    assert response.status_code == 200 and response.content == b""
    stored = Reply.objects.get().letter.name
    assert response["X-Accel-Redirect"] == "/_protected/" + stored
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    client.force_login(world.outsider)
    assert client.get(by_label["letter"][0]).status_code == 404  # nginx is never told about it
