"""Who works for a unit, the office, the deputies of a suggestion: the people reminders go to."""

from django.db.models import F

from accounts.models import Role, User
from suggestions.models import Assignment, Deadline

Kind = Deadline.Kind
UNIT_ROLES = [Role.UNIT_HANDLER, Role.UNIT_LEADER]


def unit_staff(unit_ids) -> list[User]:
    return list(User.objects.filter(unit_id__in=list(unit_ids), role__in=UNIT_ROLES, is_active=True))


def office_staff() -> list[User]:
    return list(User.objects.filter(role=Role.OFFICE, is_active=True))


def supervisors() -> list[User]:
    return list(User.objects.filter(role=Role.SUPERVISOR, is_active=True))


def deputies_of(suggestion_id) -> list[User]:
    return list(User.objects.filter(deputy__suggestion_links__suggestion_id=suggestion_id, is_active=True))


def assigned_staff(suggestion, unit=None) -> list[User]:
    units = Assignment.objects.filter(suggestion=suggestion, is_active=True)
    if unit is not None:
        units = units.filter(unit=unit)
    return unit_staff(units.values_list("unit_id", flat=True))


def lead_units(suggestion_ids) -> dict[int, int]:
    """`lead_unit_id` for many suggestions, in one query per 5,000."""
    found: dict[int, int] = {}
    ids = list(set(suggestion_ids))
    for start in range(0, len(ids), 5000):
        found.update(
            Assignment.objects.filter(
                suggestion_id__in=ids[start : start + 5000], is_active=True, role=Assignment.Role.LEAD
            ).values_list("suggestion_id", "unit_id")
        )
    return found


def deputies_by_suggestion(suggestion_ids) -> dict[int, list[User]]:
    """`deputies_of` for many suggestions in one query."""
    found: dict[int, list[User]] = {}
    ids = list(suggestion_ids)
    for start in range(0, len(ids), 5000):
        users = User.objects.filter(
            deputy__suggestion_links__suggestion_id__in=ids[start : start + 5000], is_active=True
        ).annotate(for_suggestion=F("deputy__suggestion_links__suggestion_id"))
        for u in users:
            found.setdefault(u.for_suggestion, []).append(u)
    return found
