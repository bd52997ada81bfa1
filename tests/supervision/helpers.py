"""Small builders the supervision tests share."""

from suggestions import actions
from suggestions.models import Status
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


def with_phone_and_email(*users):
    for n, u in enumerate(users):
        u.email, u.phone = f"{u.username}@example.cn", f"1390000{n:04d}"
        u.save(update_fields=["email", "phone"])


__all__ = ["actions", "assigned", "b_class_closed", "with_phone_and_email"]
