"""Who may see which suggestion: the one place that decides it.

Every view and API endpoint fetches suggestions through `visible_to` or `get_for`; nothing
else calls `Suggestion.objects.get` on a user's behalf.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import Role

from .models import Assignment, Attachment, Event, HandlingRecord, Reply, Status, Suggestion, SuggestionDeputy

# Drafts, withdrawn suggestions and those returned for revision stay between the deputy and the office.
NOT_YET_PUBLIC = [Status.DRAFT, Status.RETURNED, Status.WITHDRAWN, Status.NOT_SUGGESTION, Status.SUBMITTED]


def visible_to(user) -> QuerySet[Suggestion]:
    qs = Suggestion.objects.all()
    if user is None or not user.is_authenticated:
        return public(qs)
    if user.role in (Role.OFFICE, Role.SUPERVISOR) or user.is_superuser:
        return qs.exclude(status=Status.DRAFT)
    if user.role == Role.DEPUTY and hasattr(user, "deputy"):
        links = SuggestionDeputy.objects.filter(suggestion=OuterRef("pk"), deputy=user.deputy)
        return qs.filter(Exists(links))
    if user.is_unit_staff:
        # A unit keeps seeing what it was once assigned, even after it was reassigned away.
        mine = Assignment.objects.filter(suggestion=OuterRef("pk"), unit_id=user.unit_id)
        return qs.filter(Exists(mine))
    return qs.none()


def open_work_of_unit(user, condition: Q | None = None) -> QuerySet[Suggestion]:
    """A unit's open work: the suggestions its active assignment in handling names, meeting
    `condition` (on the suggestion, and on that same assignment as `assignments__...`: one join,
    one row, since a unit has one active assignment per suggestion). Always a part of
    `visible_to(user)`, whose rule for unit staff is any assignment of their unit; reading the open
    row alone lets a national unit's page come from that row's index (the whole `visible_to` made
    PostgreSQL gather all of the unit's 76,000 assignments first: 2.4 s at 1M)."""
    if not (_logged_in(user) and user.is_unit_staff):
        return Suggestion.objects.none()
    open_row = Q(assignments__unit=user.unit_id, assignments__is_active=True, assignments__in_handling=True)
    return Suggestion.objects.filter(open_row & (condition or Q()))


def public(qs: QuerySet[Suggestion] | None = None) -> QuerySet[Suggestion]:
    """What anyone may see: registered suggestions of a session whose catalogue is published."""
    qs = Suggestion.objects.all() if qs is None else qs
    # A suggestion whose text held personal data waits until the office has seen the redaction
    # preview (disclosure/screening.py); public pages show `public_title`, never `title`.
    return qs.filter(number__isnull=False, session__catalogue_published=True).exclude(
        Q(status__in=NOT_YET_PUBLIC) | Q(redaction_hits__gt=0, redaction_seen_at__isnull=True)
    )


def get_for(user, pk) -> Suggestion:
    try:
        return visible_to(user).select_related("session", "field", "lead_deputy", "category").get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该建议，或您无权查看") from None


# What is recorded about a suggestion, for the user who may see it. The suggestion's page and the
# download view (web/downloads.py) both ask these, so a file is served exactly to whom it is shown.


def _logged_in(user) -> bool:
    return user is not None and user.is_authenticated


def records_for(user) -> QuerySet[HandlingRecord]:
    """Handling records and co-opinions (and their attachments)."""
    if not _logged_in(user):
        return HandlingRecord.objects.none()
    return HandlingRecord.objects.filter(suggestion__in=visible_to(user))


def replies_for(user) -> QuerySet[Reply]:
    """Replies: units, the office and supervisors follow drafts; deputies see what was sent."""
    if not _logged_in(user):
        return Reply.objects.none()
    qs = Reply.objects.filter(suggestion__in=visible_to(user))
    if not (user.is_unit_staff or user.role in (Role.OFFICE, Role.SUPERVISOR) or user.is_superuser):
        qs = qs.filter(stage=Reply.Stage.SENT)
    return qs


def attachments_for(user) -> QuerySet[Attachment]:
    """The deputies' attachments (research reports, photos)."""
    if not _logged_in(user):
        return Attachment.objects.none()
    return Attachment.objects.filter(suggestion__in=visible_to(user))


def events_for(user) -> QuerySet[Event]:
    """The timeline (a second reply's letter hangs on its event)."""
    if not _logged_in(user):
        return Event.objects.none()
    return Event.objects.filter(suggestion__in=visible_to(user))


# --- Inside the handling: who reads which events, replies and records of a suggestion they see ------

# A reply's drafting and internal review (四级把关) belong to the drafting unit (and the office and
# supervisors) until it is sent; its review notes never leave them.
REPLY_WORK = ("draft_reply", "submit_reply", "approve_reply", "return_reply")
# Written between the units (a co-unit's opinion to the lead unit), not to the deputies.
BETWEEN_UNITS = ("send_co_opinion",)
# A unit's inner organisation (units/): which of its divisions handle it, and hand-backs to its office.
INSIDE_UNIT = ("hand_to_divisions", "hand_back")


def reads_review_notes(user, reply: Reply) -> bool:
    """A level's comments when it sent a reply back are the drafting unit's (and the office's, supervisors')."""
    if user is None or not user.is_authenticated:
        return False
    return user.role in (Role.OFFICE, Role.SUPERVISOR) or (user.is_unit_staff and user.unit_id == reply.unit_id)


@dataclass
class Handling:
    """What one user may read of one suggestion's handling: its timeline, replies and records."""

    events: QuerySet[Event]
    replies: QuerySet[Reply]
    records: QuerySet[HandlingRecord]


def handling_for(user, suggestion: Suggestion) -> Handling:
    """The one rule for reading inside the handling (DOMAIN.md "Who sees what while a suggestion is handled").

    - the office and supervisors read everything;
    - a unit handling it now reads every record, the replies it drafts and the sent ones, and the
      timeline without the other units' reply drafting and review;
    - a unit relieved of it by reassignment keeps what it did itself, and the timeline up to its relief;
    - deputies read sent replies, the contacts made with them, and the timeline without the units'
      internal work (drafts, review notes, opinions between units, records other than contacts).
    """
    events = Event.objects.filter(suggestion=suggestion).select_related("actor", "unit")
    replies = Reply.objects.filter(suggestion=suggestion).select_related("unit", "category")
    records = HandlingRecord.objects.filter(suggestion=suggestion).select_related("unit")
    if (
        user is not None
        and user.is_authenticated
        and (user.role in (Role.OFFICE, Role.SUPERVISOR) or user.is_superuser)
    ):
        return Handling(events, replies, records)
    if user is not None and user.is_authenticated and user.is_unit_staff:
        mine = [a for a in suggestion.assignments.all() if a.unit_id == user.unit_id]
        if any(a.is_active for a in mine):
            return Handling(
                events.exclude(Q(name__in=REPLY_WORK + INSIDE_UNIT) & ~Q(unit_id=user.unit_id)),
                replies.filter(Q(unit_id=user.unit_id) | Q(stage=Reply.Stage.SENT)),
                records,
            )
        if mine:
            relieved = max(a.ended_at for a in mine if a.ended_at) if any(a.ended_at for a in mine) else None
            before = Q(at__lte=relieved) & ~Q(name__in=REPLY_WORK + INSIDE_UNIT) if relieved else Q(pk__in=[])
            return Handling(
                events.filter(Q(unit_id=user.unit_id) | before),
                replies.filter(unit_id=user.unit_id),
                records.filter(unit_id=user.unit_id),
            )
    # Deputies (and anyone else who sees the suggestion): what was sent to them and done with them.
    other_records = Q(name="record") & ~Q(payload__kind=HandlingRecord.Kind.CONTACT)
    return Handling(
        events.exclude(name__in=REPLY_WORK + BETWEEN_UNITS + INSIDE_UNIT).exclude(other_records),
        replies.filter(stage=Reply.Stage.SENT),
        records.filter(kind=HandlingRecord.Kind.CONTACT),
    )
