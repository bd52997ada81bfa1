from django.template import Library
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = Library()


@register.simple_tag
def options(choices, selected=None) -> str:
    """The <option>s of a filter's <select>, from (value, label) pairs; the one equal to `selected`
    (compared as text: a query string's value or an int) is marked.

    A tag, not a template loop: a filter bar lists every session, unit, field and delegation (some
    400 options), and the loop cost more than all the page's rows."""
    chosen = "" if selected is None else str(selected)
    out = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == chosen else ""
        out.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(out))  # noqa: S308 - every value and label is escaped
