"""Into which session a deputy may file a suggestion: the one rule, used by every create path.

A deputy files only into the open session of their own term, or between its sessions (into the
last session held, the intersession series). So the session must belong to the deputy's term, the
term must not have ended, and no later session of that term may have opened since: a past
session, or one of an earlier term, takes no new suggestions. A session of the term not yet opened
(deputies prepare their suggestions before it) is accepted.
"""

from datetime import date

from django.utils import timezone

from congress.models import Deputy, Session


def filing_error(deputy: Deputy, session: Session, *, today: date | None = None) -> str | None:
    """Why `deputy` may not file into `session` now (Chinese, for the `session` field), or None."""
    today = today or timezone.localdate()
    term = deputy.term
    if session.term_id != term.pk:
        return f"您是{term.name}代表，只能向本届代表大会的会议提出建议，不能提交到{session.name}"
    if term.end_date and term.end_date < today:
        return f"{term.name}已于{term.end_date:%Y年%m月%d日}届满，不能再提出建议"
    later = (
        Session.objects.filter(term=term, start_date__gt=session.start_date, start_date__lte=today)
        .order_by("-start_date")
        .first()
    )
    if later:
        return f"{session.name}已结束，建议请提交到{later.name}"
    return None


def filing_session(deputy: Deputy, *, today: date | None = None) -> Session | None:
    """The session a deputy files into today: the latest of their term that has opened, else the next one."""
    today = today or timezone.localdate()
    sessions = Session.objects.filter(term=deputy.term_id)
    return (
        sessions.filter(start_date__lte=today).order_by("-start_date").first()
        or sessions.filter(start_date__gt=today).order_by("start_date").first()
    )


def lead_deputy_error(deputy: Deputy, session: Session) -> str | None:
    """An imported suggestion (a past ledger, a paper submission): its deputies must be of the session's term."""
    if session.term_id != deputy.term_id:
        return f"{deputy.name}不是{session.name}所属届次的代表"
    return None
