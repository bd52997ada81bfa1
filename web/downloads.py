"""The one view that serves uploaded files, after the same check as the page that links to it.

Every stored upload is named by what it belongs to (`KINDS`): each kind looks its object up only
among those `suggestions.access` lets the user see, so a file is served to exactly the people whose
page shows its link, and to nobody else (404, as for a suggestion they may not see). Files leave as
attachments under the uploader's (or a descriptive Chinese) name, with `nosniff`; in production
(`FILE_DELIVERY=x-accel`) nginx sends the bytes from an internal location (docs/deploy.md, “Uploaded files”).

Every other download (exports, reports, open data) is named through `attachment` below: a Chinese
file name in the RFC 5987 form a clerk can file as it comes.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from suggestions import access, uploads

NOT_FOUND = "没有找到该文件，或您无权下载"


def _one(qs, pk):
    try:
        return qs.select_related("suggestion").get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def _readable(user, obj, part: str):
    """Inside the handling, the one rule of what this user reads (access.handling_for) applies too."""
    if not getattr(access.handling_for(user, obj.suggestion), part).filter(pk=obj.pk).exists():
        raise Http404(NOT_FOUND)
    return obj


def _attachment(user, pk):
    a = _one(access.attachments_for(user), pk)
    return a.file.name, a.name or f"{a.suggestion.display_number}建议附件"


def _record(user, pk):
    r = _readable(user, _one(access.records_for(user).exclude(attachment=""), pk), "records")
    what = "协办意见" if r.kind == r.Kind.CO_OPINION else "办理记录"
    return r.attachment.name, r.attachment_name or f"{r.suggestion.display_number}建议{what}附件"


def _letter(user, pk):
    r = _readable(user, _one(access.replies_for(user).exclude(letter=""), pk), "replies")
    return r.letter.name, r.letter_name or f"{r.suggestion.display_number}建议答复函（盖章件）"


def _second_letter(user, pk):
    e = _readable(user, _one(access.events_for(user).filter(name="second_reply"), pk), "events")
    if not e.payload.get("letter"):
        raise Http404(NOT_FOUND)
    return e.payload["letter"], e.payload.get("letter_name") or f"{e.suggestion.display_number}建议二次答复函"


KINDS = {
    "attachment": _attachment,  # a deputy's attachment (Attachment)
    "record": _record,  # a handling record's or a co-opinion's attachment (HandlingRecord)
    "letter": _letter,  # the signed reply letter (Reply)
    "second-letter": _second_letter,  # the letter of a second reply (the second_reply Event)
}


def url(kind: str, pk: int) -> str:
    assert kind in KINDS, kind
    return reverse("web:download", args=[kind, pk])


def _content_type(stored: str) -> str:
    kind = uploads.BY_EXT.get(os.path.splitext(stored)[1].lower())
    return kind.content_type if kind else "application/octet-stream"


def _filename(stored: str, name: str) -> str:
    """The download's name, ending in the stored file's extension (what its content was found to be)."""
    ext = os.path.splitext(stored)[1].lower()
    return (
        name
        if not ext or name.lower().endswith(ext) or (ext == ".jpg" and name.lower().endswith(".jpeg"))
        else name + ext
    )


def deliver(stored: str, name: str) -> HttpResponse:
    """A response that sends the stored file `stored` as an attachment called `name`."""
    if not stored or not default_storage.exists(stored):
        raise Http404(NOT_FOUND)
    filename = _filename(stored, name)
    if settings.FILE_DELIVERY == "x-accel":
        response = HttpResponse(content_type=_content_type(stored))
        response["X-Accel-Redirect"] = settings.FILE_ACCEL_PREFIX + quote(stored)
    else:
        response = FileResponse(default_storage.open(stored, "rb"), content_type=_content_type(stored))
    attachment(response, filename)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def download(request, kind, pk):
    source = KINDS.get(kind)
    if source is None:
        raise Http404(NOT_FOUND)
    stored, name = source(request.user, pk)
    return deliver(stored, name)


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark `response` as a download named `filename` (any characters; Chinese expected)."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dated(stem: str, ext: str) -> str:
    """`代表建议清单-20260315.csv`: for lists whose content depends on the day they were taken."""
    return f"{stem}-{timezone.localdate():%Y%m%d}.{ext}"
