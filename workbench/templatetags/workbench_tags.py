from html import escape

from django.template import Library
from django.utils.safestring import mark_safe

register = Library()

DUE_BADGES = {
    "overdue": ' <span class="badge state-overdue">已逾期</span>',
    "due_soon": ' <span class="badge state-due_soon">临期</span>',
}


# A list row's status and due date cells: tags, not included templates (two includes a row were
# a fifth of a list page). Statuses are our own slugs and labels, escaped all the same.
@register.simple_tag
def status_badge(s) -> str:
    return mark_safe(f'<span class="badge status-{escape(s.status)}">{escape(s.get_status_display())}</span>')  # noqa: S308


@register.simple_tag
def due_cell(s) -> str:
    """The row's next due date (`next_due`, ISO digits) and whether it has passed or is near
    (`next_due_state`), as the list's query annotated them."""
    due = s.next_due
    if not due:
        return mark_safe('<span class="muted">—</span>')
    day = due.isoformat()
    return mark_safe(f'<time datetime="{day}">{day}</time>{DUE_BADGES.get(s.next_due_state, "")}')  # noqa: S308


@register.simple_tag
def recommendations(s, recs) -> str:
    """The assign page's 智能推荐 cell of one row: a radio per recommended lead unit (the first
    checked), a checkbox per likely co-unit, the lead's reasons.

    A tag, not template loops: the page has 100 rows of some five units each, and the loops cost
    more than the recommender. Names and reasons are escaped (the standard library's escape, as
    Django's); ids are numbers."""
    if not recs:
        return mark_safe('<span class="muted">暂无推荐</span>')
    pk = int(s.pk)
    out = [f'<fieldset class="recs"><legend class="sr-only">{escape(s.display_number)} 的主办单位</legend>']
    for i, u in enumerate(recs):
        checked = " checked" if i == 0 else ""
        out.append(
            f'<label class="rec" title="{escape("；".join(u.reasons))}"><input type="radio" name="lead_{pk}"'
            f' value="{int(u.pk)}"{checked}> {escape(u.short_name)}</label>'
        )
    out.append("</fieldset>")
    if recs.co:
        out.append('<span class="recs-co">协办：')
        for u in recs.co:
            out.append(
                f'<label class="rec"><input type="checkbox" name="co_{pk}" value="{int(u.pk)}">'
                f" {escape(u.short_name)}</label>"
            )
        out.append("</span>")
    if recs.lead.reasons:
        out.append(f'<br><small class="muted">{escape("；".join(recs.lead.reasons))}</small>')
    return mark_safe("".join(out))  # noqa: S308 - every name and reason is escaped, ids are ints
