"""What the unit's pages read about hand-offs: a person's own, and a suggestion's (for whom may see them)."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from accounts.models import Role

from .models import Handoff


def _person_q(user, prefix: str = "") -> Q:
    return Q(**{f"{prefix}responsible": user}) | Q(**{f"{prefix}division__memberships__user": user})


def _my_handoffs(user):
    return Handoff.objects.filter(
        _person_q(user),
        suggestion=OuterRef("pk"),
        is_active=True,
        assignment__unit=user.unit_id,
        assignment__is_active=True,
    )


def handed_to_me(user) -> Q:
    """Handed to my division, or naming me responsible, and still active."""
    return Q(Exists(_my_handoffs(user)))


def mine(user, qs: QuerySet) -> QuerySet:
    """The unit inbox's 我的 tab: handed to my division or naming me responsible, with the internal due date."""
    first = _my_handoffs(user).order_by("due_date", "pk")
    return qs.filter(handed_to_me(user)).annotate(
        internal_due=Subquery(first.values("due_date")[:1]),
        internal_role=Subquery(first.values("role")[:1]),
        internal_division=Subquery(first.values("division__name")[:1]),
    )


def for_suggestion(user, suggestion) -> list[Handoff]:
    """The hand-offs shown on a suggestion's page: the office and supervisors read every unit's,
    a unit's staff their own unit's; deputies and other units none (a unit's inner work)."""
    qs = Handoff.objects.filter(suggestion=suggestion).select_related(
        "division", "responsible", "assignment__unit", "returned_by"
    )
    if user is None or not user.is_authenticated:
        return []
    if user.role in (Role.OFFICE, Role.SUPERVISOR) or user.is_superuser:
        return list(qs)
    if user.is_unit_staff:
        return list(qs.filter(assignment__unit=user.unit_id))
    return []
