from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def pct(rate) -> str:
    """0.9876 -> 98.8%; None (no denominator) -> —."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _cell(fig, num_url: str, den_url: str) -> str:
    key = escape(fig.key)
    if not fig.denominator:
        return f'<td class="num" data-key="{key}"><span class="muted">—</span></td>'
    num, den = escape(num_url), escape(den_url)
    n, d = int(fig.numerator), int(fig.denominator)
    ci = fig.ci
    return (
        f'<td class="num" data-key="{key}"><a href="{num}" title="查看{n}件">{pct(fig.rate)}</a><br>'
        f'<small class="ci" title="95%置信区间">{pct(ci[0])}–{pct(ci[1])}</small><br>'
        f'<small><a href="{num}">{n}</a>/<a href="{den}">{d}</a></small></td>'
    )


@register.simple_tag
def figure_cells(cells) -> str:
    """A row's figure cells, each the rate linking to its numerator, the 95% interval and
    numerator/denominator, from (figure, numerator url, denominator url).

    One tag per row, not an included template or a tag per cell: a dashboard has some 1,000 cells,
    and an include each cost more than all its queries. Numbers are ours; the links and keys are
    escaped (the standard library's escape, as Django's, without its lazy-string wrapper)."""
    return mark_safe("".join([_cell(*c) for c in cells]))  # noqa: S308 - every interpolated value is escaped or a number
