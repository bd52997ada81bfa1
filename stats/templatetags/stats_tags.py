from django import template

register = template.Library()


@register.filter
def pct(rate) -> str:
    """0.9876 -> 98.8%; None (no denominator) -> —."""
    return "—" if rate is None else f"{rate * 100:.1f}%"
