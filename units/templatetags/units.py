from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("units/partials/handoffs.html", takes_context=True)
def unit_handoffs(context, suggestion):
    """The suggestion page's 处室分工: which divisions of which unit, responsible persons, due dates, hand-backs."""
    user = context["request"].user
    return {"handoffs": queries.for_suggestion(user, suggestion)}
