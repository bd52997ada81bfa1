"""The one way a download is named: a Chinese file name a clerk can file as it comes.

Browsers read the RFC 5987 form (`filename*=utf-8''...`); Django's `content_disposition_header`
writes it, with an ASCII `filename=` only when the name is plain ASCII.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark `response` as a download named `filename` (any characters; Chinese expected)."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dated(stem: str, ext: str) -> str:
    """`代表建议清单-20260315.csv`: for lists whose content depends on the day they were taken."""
    return f"{stem}-{timezone.localdate():%Y%m%d}.{ext}"
