"""Screening a suggestion's text for personal data when it enters the catalogue.

The catalogue publishes a title the moment the suggestion is registered, so `screen()` runs then
(from `actions.register` and `actions.import_suggestion`): it stores the redacted title and how
many hits the title and body had. A suggestion with hits stays out of the public catalogue
(`access.public()`) until the office has looked at its redaction preview (`mark_seen`).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from audit import log as audit_log
from congress.models import Deputy
from suggestions.errors import PermissionDenied
from suggestions.models import Suggestion

from . import redaction

MAX_TITLE = Suggestion._meta.get_field("public_title").max_length


def known_values(s: Suggestion) -> list[str]:
    """The personal data on file for every deputy of the suggestion and every handler named on it."""
    return known_values_of([s.pk])[s.pk]


def known_values_of(suggestion_ids) -> dict[int, list[str]]:
    """`known_values` of each of these suggestions, in two queries however many there are."""
    values: dict[int, list[str]] = {pk: [] for pk in suggestion_ids}
    deputies = Deputy.objects.filter(suggestion_links__suggestion__in=values).select_related("user")
    for d in deputies.annotate(suggestion_id=F("suggestion_links__suggestion_id")):
        values[d.suggestion_id] += [d.phone, d.id_number, d.address, d.user.phone if d.user else ""]
    staff = User.objects.filter(unit__assignments__suggestion__in=values)
    for pk, phone in staff.values_list("unit__assignments__suggestion_id", "phone"):
        values[pk].append(phone)
    return {pk: [v for v in found if v] for pk, found in values.items()}


def screen(s: Suggestion) -> int:
    known = known_values(s)
    title = redaction.redact(s.title, known)
    body = redaction.redact(s.body, known)
    s.public_title = title.text[:MAX_TITLE]
    s.redaction_hits = min(title.count + body.count, 32767)
    Suggestion.objects.filter(pk=s.pk).update(public_title=s.public_title, redaction_hits=s.redaction_hits)
    return s.redaction_hits


def mark_seen(s: Suggestion, *, actor) -> None:
    """The office has seen what the redaction will hide: the suggestion may enter the public catalogue."""
    if actor is None or actor.role != Role.OFFICE:
        raise PermissionDenied("只有选任联工委工作人员可以核看公开预览")
    with transaction.atomic():
        now = timezone.now()
        Suggestion.objects.filter(pk=s.pk).update(
            public_title=redaction.redact(s.title, known_values(s)).text[:MAX_TITLE],
            redaction_seen_by=actor,
            redaction_seen_at=now,
        )
        audit_log.write("redaction_seen", s, actor=actor, detail={"hits": s.redaction_hits})
    s.redaction_seen_by, s.redaction_seen_at = actor, now
