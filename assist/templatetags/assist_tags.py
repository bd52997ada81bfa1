"""Template helpers: search snippets, 预审 of a listed suggestion, 答复质量 of a reply."""

from django import template

from .. import precheck as _precheck
from .. import quality, search_index

register = template.Library()


@register.simple_tag
def search_snippet(s, q):
    """The body around the first match of the query, HTML-escaped, matches marked."""
    if not q:
        return ""
    return search_index.highlight(s.body, q)


@register.simple_tag
def highlight_title(s, q):
    return search_index.highlight(s.title, q, width=200) if q else s.title


@register.simple_tag
def precheck_of(s):
    return _precheck.check(s.title, s.body, field=False)  # no query per listed row


@register.simple_tag
def reply_flags(s, reply):
    if reply is None:
        return []
    code = reply.category.code if reply.category_id else ""
    return quality.check(s.title, s.body, reply.body, code)
