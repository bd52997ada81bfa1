"""Small builders the supervision tests share."""

from accounts.models import User
from suggestions import actions
from suggestions.models import Status
from supervision.models import Reminder
from tests.world import World, advance


def assigned(w: World, title="关于加强农村留守儿童心理健康教育的建议"):
    """A registered suggestion assigned today to the lead unit (and the co-unit)."""
    s = w.new_draft(title)
    return advance(w, s, Status.ASSIGNED)


def b_class_closed(w: World):
    """A suggestion answered in class B, rated and closed."""
    s = w.new_draft("关于推进城乡供水一体化的建议")
    advance(w, s, Status.CLOSED, category="B")
    return s


def reached(reminders=None) -> list[tuple[int | None, str, int]]:
    """(deadline, kind, recipient id) of each person each reminder reached (a Reminder row is one
    sending to several people)."""
    rows = (reminders if reminders is not None else Reminder.objects.all()).values_list(
        "deadline_id", "kind", "recipients"
    )
    return [(d, k, pk) for d, k, people in rows for pk in people]


def reached_names(reminders=None) -> list[tuple[str, str]]:
    """(kind, username) of each person these reminders reached, sorted."""
    names = dict(User.objects.values_list("pk", "username"))
    return sorted((k, names[pk]) for _d, k, pk in reached(reminders))


def with_phone_and_email(*users):
    for n, u in enumerate(users):
        u.email, u.phone = f"{u.username}@example.cn", f"1390000{n:04d}"
        u.save(update_fields=["email", "phone"])


__all__ = ["actions", "assigned", "b_class_closed", "reached", "reached_names", "with_phone_and_email"]
