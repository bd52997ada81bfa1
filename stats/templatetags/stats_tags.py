from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def pct(rate) -> str:
    """0.9876 -> 98.8%; None (no denominator) -> —."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


@register.simple_tag
def figure_cell(c: dict) -> str:
    """One figure's cell: the rate linking to its numerator, the 95% interval, numerator/denominator.

    A tag, not an included template: a dashboard has some 2,000 cells, and an include each cost
    more than all its queries. Numbers are ours; the links are escaped."""
    fig = c["fig"]
    key = escape(fig.key)
    if not fig.denominator:
        return mark_safe(f'<td class="num" data-key="{key}"><span class="muted">—</span></td>')  # noqa: S308
    num, den = escape(c["num_url"]), escape(c["den_url"])
    n, d = int(fig.numerator), int(fig.denominator)
    return mark_safe(  # noqa: S308 - every interpolated value is escaped or a number
        f'<td class="num" data-key="{key}"><a href="{num}" title="查看{n}件">{pct(fig.rate)}</a><br>'
        f'<small class="ci" title="95%置信区间">{pct(fig.low)}–{pct(fig.high)}</small><br>'
        f'<small><a href="{num}">{n}</a>/<a href="{den}">{d}</a></small></td>'
    )
