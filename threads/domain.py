"""Who may read and write a suggestion's thread, and posting to it.

A message from a handling unit is also a contact with the deputy (沟通): it is recorded through
the `record` step in the same transaction, so the "deputy contacted" figures and the guard
before a reply count it.
"""

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Role
from audit import log as audit_log
from suggestions import actions
from suggestions.errors import Conflict, InvalidInput, PermissionDenied
from suggestions.models import Suggestion
from suggestions.workflow import TRANSITIONS, Party, context_for

from .models import Message, ReadMark

MAX_LENGTH = 2000


def can_read(user, suggestion: Suggestion) -> bool:
    """The suggestion's deputies, any unit it was assigned to, the office and supervisors."""
    if user.role in (Role.OFFICE, Role.SUPERVISOR):
        return True
    ctx = context_for(user, suggestion)
    if Party.DEPUTY in ctx.parties:
        return True
    # A unit reassigned away keeps reading what it wrote.
    return user.is_unit_staff and any(a.unit_id == user.unit_id for a in suggestion.assignments.all())


def can_write(user, suggestion: Suggestion) -> bool:
    """Deputies, units actively assigned and the office; supervisors read only."""
    if user.role == Role.OFFICE:
        return True
    return bool(context_for(user, suggestion).parties & {Party.DEPUTY, Party.UNIT})


def messages_for(user, suggestion: Suggestion) -> QuerySet[Message]:
    if not can_read(user, suggestion):
        raise PermissionDenied("您无权查看该建议的留言")
    return suggestion.messages.select_related("author", "unit")


@transaction.atomic
def post(user, suggestion: Suggestion, body: str) -> Message:
    body = (body or "").strip()
    if not body:
        raise InvalidInput({"body": ["请输入留言内容"]})
    if len(body) > MAX_LENGTH:
        raise InvalidInput({"body": [f"留言不能超过{MAX_LENGTH}字"]})
    if not can_write(user, suggestion):
        raise PermissionDenied("您无权在该建议下留言")
    ctx = context_for(user, suggestion)
    unit = ctx.assignment.unit if ctx.assignment else None
    message = Message.objects.create(suggestion=suggestion, author=user, unit=unit, body=body)
    audit_log.write("message", message, actor=user, detail={"suggestion": suggestion.pk})
    if Party.UNIT in ctx.parties and _may_record(ctx):
        actions.perform(
            suggestion,
            "record",
            actor=user,
            data={
                "kind": "contact",
                "channel": "message",
                "happened_on": timezone.localdate().isoformat(),
                "summary": f"平台留言：{body}",
            },
        )
    mark_read(user, suggestion)
    return message


def _may_record(ctx) -> bool:
    """A unit that has not signed yet may still write; only a handling unit's message is a recorded contact."""
    try:
        actions.check(TRANSITIONS["record"], ctx)
    except (Conflict, PermissionDenied):
        return False
    return True


def mark_read(user, suggestion: Suggestion) -> None:
    ReadMark.objects.update_or_create(suggestion=suggestion, user=user, defaults={"read_at": timezone.now()})


def with_unread(qs: QuerySet[Suggestion], user) -> QuerySet[Suggestion]:
    """Annotate `unread`: messages by others since the user last read the thread (one query for a list)."""
    read_at = ReadMark.objects.filter(suggestion=OuterRef("suggestion"), user=user).values("read_at")[:1]
    unread = (
        Message.objects.filter(suggestion=OuterRef("pk"))
        .exclude(author=user)
        .filter(Q(~Exists(read_at)) | Q(created_at__gt=Subquery(read_at)))
        .values("suggestion")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(unread=Subquery(unread))


def unread_count(user, suggestion: Suggestion) -> int:
    mark = ReadMark.objects.filter(suggestion=suggestion, user=user).first()
    qs = suggestion.messages.exclude(author=user)
    if mark:
        qs = qs.filter(created_at__gt=mark.read_at)
    return qs.count()
