"""Uploads are accepted by their content, bounded while they stream in, and refused whole (issue 12)."""

import io
import zipfile

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadhandler import load_handler
from django.db import models
from django.http.multipartparser import MultiPartParser
from django.utils import timezone

from imports.views import UploadForm
from suggestions import actions, uploads
from suggestions.forms import FORMS
from suggestions.models import Attachment, Event, HandlingRecord, Status
from tests.world import advance

from . import samples
from .samples import PDF, upload


def _media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _attach(client, world, s, name, content):
    client.force_login(world.deputy)
    return client.post(f"/s/{s.pk}/step/attach/", {"file": upload(name, content)})


@pytest.mark.parametrize("kind", sorted(samples.KINDS))
def test_every_accepted_kind_is_stored_under_a_generated_name(world, client, kind):
    s = world.new_draft()
    content = samples.KINDS[kind]()
    response = _attach(client, world, s, f"材料.{kind}", content)
    assert response.status_code == 302
    a = Attachment.objects.get()
    assert a.name == f"材料.{kind}" and "材料" not in a.file.name
    assert a.file.read() == content


@pytest.mark.parametrize("case", sorted(samples.REFUSED))
def test_files_that_are_not_an_accepted_kind_are_refused_whatever_their_name(world, client, settings, case):
    s = world.new_draft()
    events = Event.objects.count()
    response = _attach(client, world, s, *samples.refused(case))
    assert response.status_code == 400
    page = response.content.decode()
    assert "未保存" in page and ("只接受" in page or "不接受" in page)
    assert not Attachment.objects.exists() and Event.objects.count() == events and not _media_files(settings)


def test_a_name_that_lies_gets_the_extension_of_the_content(world, client):
    s = world.new_draft()
    assert _attach(client, world, s, "扫描件.exe", PDF).status_code == 302
    a = Attachment.objects.get()
    assert a.name == "扫描件.exe.pdf" and a.file.name.endswith(".pdf")


@pytest.fixture
def handling(world):
    s = world.new_draft()
    advance(world, s, Status.ASSIGNED)
    actions.sign(s, actor=world.handler)
    actions.sign_as_co(s, actor=world.co_handler)
    return s


def _record(world, f):
    today = timezone.localdate().isoformat()
    return {"kind": "contact", "channel": "phone", "happened_on": today, "summary": "电话沟通", "attachment": f}


STEPS = {
    "record": ("handler", _record, "attachment"),
    "send_co_opinion": ("co_handler", lambda w, f: {"summary": "同意", "attachment": f}, "attachment"),
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_handling_uploads_refuse_an_exe_and_write_nothing(world, api, handling, settings, name):
    who, data, field = STEPS[name]
    before = (HandlingRecord.objects.count(), Event.objects.count())
    exe = upload(*samples.refused("exe named .pdf"))
    r = api(getattr(world, who)).post(
        f"/api/v1/suggestions/{handling.pk}/actions/{name}/", data(world, exe), format="multipart"
    )
    assert r.status_code == 400 and "只接受" in str(r.json()), r.content
    assert (HandlingRecord.objects.count(), Event.objects.count()) == before and not _media_files(settings)


@pytest.mark.parametrize("name", ["send_reply", "second_reply"])
def test_reply_letters_must_be_a_document_or_a_scan(world, api, settings, name):
    s = world.new_draft()
    # `advance` stops at handling with a reply signed off, ready to send.
    advance(world, s, Status.HANDLING if name == "send_reply" else Status.CLOSED, category="B")
    events = Event.objects.count()
    xlsx = upload("答复函.pdf", samples.xlsx())  # a spreadsheet is not a signed letter
    r = api(world.handler).post(
        f"/api/v1/suggestions/{s.pk}/actions/{name}/", {"body": "二次答复", "letter": xlsx}, format="multipart"
    )
    assert r.status_code == 400 and "只接受PDF、Word（.docx）、JPEG 图片、PNG 图片文件" in str(r.json())
    assert Event.objects.count() == events


def test_a_too_large_file_is_refused_while_it_streams_in_and_nothing_is_half_written(world, client, handling, settings):
    """The record's attachment is optional: a dropped file must not leave a record without it."""
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    client.force_login(world.handler)
    big = upload("走访照片.pdf", PDF + b"0" * (1024 * 1024))
    before = (HandlingRecord.objects.count(), Event.objects.count())
    response = client.post(f"/s/{handling.pk}/step/record/", _record(world, big))
    assert response.status_code == 400 and "文件超过64KB，未保存" in response.content.decode()
    assert (HandlingRecord.objects.count(), Event.objects.count()) == before and not _media_files(settings)


def test_the_size_limit_handler_keeps_no_bytes_past_the_limit(settings, rf):
    settings.UPLOAD_MAX_BYTES = 100_000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10_000  # so the rest would go to a temporary file
    request = rf.post("/", {"note": "说明", "file": upload("big.pdf", PDF + b"x" * 3_000_000)})
    body = request.body
    handlers = [load_handler(path, request) for path in settings.FILE_UPLOAD_HANDLERS]
    request.upload_handlers = handlers
    post, files = MultiPartParser(request.META, io.BytesIO(body), handlers, "utf-8").parse()
    f = files["file"]
    assert isinstance(f, uploads.TooLarge) and f.read() == b"" and f.size > 100_000
    assert post["note"] == "说明"  # the rest of the form still arrives
    assert handlers[2].file.closed  # the temporary file holding the first bytes is gone
    with pytest.raises(forms.ValidationError, match="文件超过"):
        uploads.check(f)


def _zip(members: dict[str, bytes], **kw) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    buf.seek(0)
    return buf


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil.xml": b"x"}, "损坏"),
        ({f"p{i}.xml": b"x" for i in range(11)}, "部件"),
        ({"big.xml": b" " * 1_200_000}, "压缩比"),
        ({"a.xml": b"ab" * 400_000, "b.xml": b"cd" * 400_000}, "解压后超过"),
    ],
)
def test_the_zip_directory_is_checked_before_anything_is_inflated(members, message):
    limits = uploads.ZipLimits(
        max_members=10, max_member_bytes=1_500_000, max_total_bytes=1_000_000, max_ratio=100, ratio_from=1_000_000
    )
    with pytest.raises(forms.ValidationError, match=message):
        uploads.check_zip(_zip(members), limits)


def test_every_upload_field_and_file_field_goes_through_the_upload_module():
    """The kind of mistake: a new FileField or form field that skips the checks or keeps the user's name."""
    form_classes = [*FORMS.values(), UploadForm]
    for form_class in form_classes:
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.FileField):
                assert isinstance(field, uploads.UploadField), f"{form_class.__name__}.{name}"
    file_fields = [
        f for model in apps.get_models() for f in model._meta.get_fields() if isinstance(f, models.FileField)
    ]
    assert len(file_fields) >= 3
    for f in file_fields:
        assert isinstance(f.upload_to, uploads.GeneratedName), f"{f.model.__name__}.{f.name}"


def test_upload_settings_bound_memory(settings):
    assert settings.FILE_UPLOAD_HANDLERS[0] == "suggestions.uploads.SizeLimitHandler"
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.UPLOAD_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
