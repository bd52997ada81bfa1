"""The office's disclosure decisions: publish a session's catalogue, publish or withhold a reply.

Rules:
- A catalogue is published by the office once the session has closed (闭幕).
- A reply is published only after handling ended (办结) and the session's catalogue is public.
- The deputy's choice decides how much: 全文公开 publishes the suggestion and reply texts,
  仅公开标题 only the title, units and reply category.
- Published texts pass `redaction.redact` with the known personal data of every deputy involved.
- The office may withhold a reply, with a reason. Publishing and withholding are steps of the
  lifecycle table (`publish_reply`, `withhold_reply`), applied through `suggestions.actions.step`.
"""

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role
from audit import log as audit_log
from congress.models import Session
from jianyi import bulk
from suggestions import access
from suggestions.actions import step, steps_in_place
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.forms import StepForm
from suggestions.models import Disclosure, Reply, Status, Suggestion

from . import redaction, screening
from .models import CatalogueRelease, Publication


def is_office(user) -> bool:
    return bool(user and user.is_authenticated and (user.role == Role.OFFICE or user.is_superuser))


def _require_office(user) -> None:
    if not is_office(user):
        raise PermissionDenied("只有选任联工委工作人员可以决定公开事项")


def known_values(s: Suggestion) -> list[str]:
    """The personal data on file for every deputy (and any merged in) and every handler named on it."""
    return screening.known_values(s)


def latest_reply(s: Suggestion) -> Reply | None:
    return _latest_replies([s.pk]).get(s.pk)


def why_not_publishable(s: Suggestion) -> str | None:
    if not s.session.catalogue_published:
        return "本次会议的建议目录尚未公开"
    if s.status != Status.CLOSED:
        return f"建议尚未办结（当前：{s.get_status_display()}），办理期间不公开答复"
    if latest_reply(s) is None:
        return "没有已发出的答复"
    return None


def preview(s: Suggestion) -> dict:
    """What would be published, with the redactions to highlight for the office."""
    known = known_values(s)
    reply = latest_reply(s)
    full = s.disclosure == Disclosure.FULL
    return {
        "full_text": full,
        "reply": reply,
        "title": redaction.redact(s.title, known),
        "body": redaction.redact(s.body, known),
        "reply_body": redaction.redact(reply.body if reply else "", known),
        "blocked": why_not_publishable(s),
    }


def publish_catalogue(session: Session, *, actor, note: str = "", today=None) -> CatalogueRelease:
    _require_office(actor)
    today = today or timezone.localdate()
    if session.end_date >= today:
        raise Conflict("会议闭幕后才能公开建议目录")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.catalogue_published:
            raise Conflict("该次会议的建议目录已经公开")
        Session.objects.filter(pk=session.pk).update(catalogue_published=True)
        release = CatalogueRelease.objects.create(session=locked, published_by=actor, note=note)
        audit_log.write("publish_catalogue", release, actor=actor, detail={"session": locked.pk})
    session.refresh_from_db()
    return release


def publish_reply(s: Suggestion, *, actor) -> Publication:
    """Publish the latest reply as a redacted snapshot: the `publish_reply` step of the lifecycle."""
    if reason := why_not_publishable(s):
        raise Conflict(reason)
    with step(s, "publish_reply", actor=actor) as st:
        s = st.suggestion
        new = _publication(s, latest_reply(s), known_values(s), actor=actor, at=st.event.at)
        pub, _ = Publication.objects.update_or_create(suggestion=s, defaults=_decision(new))
        st.payload.update(full_text=pub.full_text, redactions=pub.redactions)
    return pub


def _decision(pub: Publication) -> dict:
    """A publication's columns but its id and suggestion: what a new decision writes over an old one."""
    return {
        f.attname: getattr(pub, f.attname)
        for f in Publication._meta.concrete_fields
        if f.name not in ("id", "suggestion")
    }


def withhold_reply(s: Suggestion, *, actor, reason: str) -> Publication:
    """Keep a reply off the public site, with the reason: the `withhold_reply` step."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": ["请填写不予公开的理由"]})
    with step(s, "withhold_reply", actor=actor) as st:
        pub, _ = Publication.objects.update_or_create(
            suggestion=st.suggestion,
            defaults={
                "state": Publication.State.WITHHELD,
                "body": "",
                "reply_body": "",
                "redactions": 0,
                "reason": reason,
                "decided_by": actor,
                "decided_at": st.event.at,
            },
        )
        st.payload["reason"] = reason
    return pub


class WithholdForm(StepForm):
    reason = forms.CharField(label="不予公开的理由", widget=forms.Textarea(attrs={"rows": 3}))


STEPS = {"publish_reply": publish_reply, "withhold_reply": withhold_reply}
FORMS = {"withhold_reply": WithholdForm}


def ready_to_publish(session: Session) -> QuerySet[Suggestion]:
    """Closed suggestions of a published catalogue on which the office has not decided yet."""
    return access.public().filter(session=session, status=Status.CLOSED, publication__isnull=True)


def publish_ready(session: Session, *, actor) -> int:
    """Publish every reply that is ready, all or nothing: the bulk form of `publish_reply` (one
    `steps_in_place` write: each suggestion's checks, the same snapshot and event as `publish_reply`
    writes, in a fixed number of queries however many there are)."""
    _require_office(actor)
    ids = list(ready_to_publish(session).values_list("pk", flat=True))  # in the catalogue's order
    if not ids:
        return 0
    with steps_in_place(ids, "publish_reply", actor=actor) as batch:
        decided = set(Publication.objects.filter(suggestion__in=ids).values_list("suggestion_id", flat=True))
        ids = [pk for pk in ids if pk not in decided]  # decided by someone else meanwhile: left as it is
        replies = _latest_replies(ids)
        known = screening.known_values_of(ids)
        made = []
        for pk in ids:
            st = batch.take(pk)
            if st is None:  # a refusal names the suggestion it is about, and nothing is published
                s = Suggestion.objects.get(pk=pk)
                raise Conflict(f"{s.display_number}：{why_not_publishable(s) or '不能公开答复'}")
            if replies.get(pk) is None:
                raise Conflict(f"{st.suggestion.display_number}：没有已发出的答复")
            pub = _publication(st.suggestion, replies[pk], known[pk], actor=actor, at=st.event.at)
            st.payload.update(full_text=pub.full_text, redactions=pub.redactions)
            made.append(pub)
        bulk.insert(made)
    return len(made)


def _latest_replies(ids) -> dict[int, Reply]:
    """`latest_reply` of each of these suggestions, in one query."""
    replies = Reply.objects.filter(suggestion__in=ids, stage=Reply.Stage.SENT).select_related("unit", "category")
    latest: dict[int, Reply] = {}
    for reply in replies.order_by("suggestion_id", "-round"):
        latest.setdefault(reply.suggestion_id, reply)
    return latest


def _publication(s: Suggestion, reply: Reply, known: list[str], *, actor, at) -> Publication:
    """The published snapshot of `reply` (redacted with `known`), as a new row."""
    full = s.disclosure == Disclosure.FULL
    body, reply_body = redaction.redact(s.body, known), redaction.redact(reply.body, known)
    return Publication(
        suggestion=s,
        state=Publication.State.PUBLISHED,
        full_text=full,
        body=body.text if full else "",
        reply_body=reply_body.text if full else "",
        reply_unit=reply.unit,
        category=reply.category,
        redactions=(body.count + reply_body.count) if full else 0,
        reason="",
        decided_by=actor,
        decided_at=at,
    )


def published_replies() -> QuerySet[Suggestion]:
    return access.public().filter(publication__state=Publication.State.PUBLISHED)
