"""Reminder notifications (催办通知): what a person is told of the reminders one write sent them.

`notify_reminded` is the effect of the `remind` step (`suggestions.actions.add_effect`, registered in
apps.py), as `assigned.notify_assigned` is of `assign`: it gets every Step of one write, the manual
reminder of one suggestion or the day's scan of every deadline due (`actions.remind_automatically`),
and writes the inbox rows in one INSERT (`notify.post`; email and SMS follow on commit).

A manual reminder tells each unit person the office's message. The scan tells each person once:
one deadline names it; more are a digest (“逾期催办：您有 N 件建议办理期限已逾期、M 件将至”) that
lists them with links. The digest is of the most urgent kind it holds, so it goes by the channels the
person chose for that kind; a person who chose different channels for due-soon and overdue reminders
gets one digest of each kind instead, so each goes as they chose. A fixed number of queries however
many deadlines one write reminds: none, or one for those people's delivery settings.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse

from congress.workdays import fmt
from suggestions.actions import Step

from .actions import deadline_name, deadline_text
from .assigned import LISTED
from .models import DeliverySettings, Notification, Reminder
from .notify import post

Kind = Reminder.Kind
WHEN = {Kind.OVERDUE: "已逾期", Kind.DUE_SOON: "将至"}
HEADINGS = {Kind.OVERDUE: "已逾期", Kind.DUE_SOON: "即将到期"}


def link(path: str) -> str:
    """An address for a message read outside the site (email, SMS): SITE_URL, if set, before the path."""
    return f"{settings.SITE_URL}{path}"


def notify_reminded(steps: list[Step]) -> None:
    rows = []
    scanned = []
    for st in steps:
        s = st.suggestion
        for r in st.reminded:
            if r.kind == Kind.MANUAL:
                title = f"催办：{s.display_number}“{s.title}”"
                rows += [
                    Notification(recipient=u, suggestion=s, kind=r.kind, title=title, body=r.message)
                    for u in r.people
                    if u.is_active
                ]
            else:
                scanned.append((st, r))
    # Sorted once as each digest lists them (overdue first, then by due date), so each person's
    # share comes out in that order: the scan reminds some ten people of each of ~18,000 deadlines.
    scanned.sort(key=lambda i: (i[1].kind != Kind.OVERDUE, i[1].deadline.due_date, i[0].suggestion.pk))
    due: dict[int, tuple[Any, list[tuple[Step, Any]]]] = {}  # by recipient: (the user, their reminders)
    for item in scanned:
        for u in item[1].people:
            if u.is_active:
                mine = due.get(u.pk)
                if mine is None:
                    mine = due[u.pk] = (u, [])
                mine[1].append(item)
    rows += [_message(user, items) for user, items in _digests(due)]
    post(rows)


def _digests(due: dict[int, tuple[Any, list[tuple[Step, Any]]]]) -> list[tuple[Any, list[tuple[Step, Any]]]]:
    """One digest per person, or one per kind for a person who chose different channels for each."""
    mixed = [pk for pk, (_u, items) in due.items() if items[0][1].kind != items[-1][1].kind]  # overdue first
    chosen = {c.user_id: c for c in DeliverySettings.objects.filter(user_id__in=mixed)} if mixed else {}
    digests = []
    for pk, (user, items) in due.items():
        c = chosen.get(pk)
        if c and any(c.wants(ch, Kind.OVERDUE) != c.wants(ch, Kind.DUE_SOON) for ch in ("sms", "email")):
            digests += [(user, [i for i in items if i[1].kind == kind]) for kind in (Kind.OVERDUE, Kind.DUE_SOON)]
        else:
            digests.append((user, items))
    return digests


def _message(recipient, items: list[tuple[Step, Any]]) -> Notification:
    """One person's notification of these reminders (in the order `notify_reminded` sorted them)."""
    kind = items[0][1].kind  # overdue first
    if len(items) == 1:
        st, r = items[0]
        s, what = st.suggestion, r.deadline.get_kind_display()
        title = f"{Kind(r.kind).label}：{s.display_number}“{s.title}”{what}{HEADINGS[r.kind]}"
        body = f"{deadline_text(what, r.deadline.due_date)}\n{_suggestion_link(s)}"
        return Notification(recipient=recipient, suggestion=s, kind=kind, title=title, body=body)
    suggestions: dict[str, set[int]] = {Kind.OVERDUE: set(), Kind.DUE_SOON: set()}
    for st, r in items:
        suggestions[r.kind].add(st.suggestion.pk)
    counts = [(k, len(suggestions[k])) for k in (Kind.OVERDUE, Kind.DUE_SOON)]
    (first, n), *rest = [(k, n) for k, n in counts if n]
    title = f"{Kind(kind).label}：您有 {n} 件建议办理期限{WHEN[first]}" + "".join(f"、{m} 件{WHEN[k]}" for k, m in rest)
    # At most LISTED deadlines named, the rest on the deadlines page.
    lines = []
    for st, r in items[:LISTED]:
        if not lines or r.kind != lines[-1][0]:
            lines.append((r.kind, f"{HEADINGS[r.kind]}："))
        s, d = st.suggestion, r.deadline
        line = (
            f"{s.display_number}“{s.title}”{deadline_name(d.get_kind_display())}{fmt(d.due_date)} {_suggestion_link(s)}"
        )
        lines.append((r.kind, line))
    body = [text for _k, text in lines]
    if len(items) > LISTED:
        body.append(f"以上为其中 {LISTED} 项，共 {len(items)} 项期限。")
    body.append(f"全部期限：{link(reverse('supervision:deadlines'))}")
    return Notification(recipient=recipient, suggestion=None, kind=kind, title=title, body="\n".join(body))


def _suggestion_link(s) -> str:
    return link(reverse("web:suggestion", args=[s.pk]))
