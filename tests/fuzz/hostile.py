"""Query values that once made server errors, or could: each one a kind of odd input.

"²" is a digit to `str.isdigit()` that `int()` refuses; the long number overflows a 64-bit column;
2026-02-30 is shaped like a date and is none; the NUL byte is refused by PostgreSQL in any string.
"""

HOSTILE = [
    "²",
    "99999999999999999999999",
    "9223372036854775808",  # 2**63: one past the largest bigint
    "-1",
    "abc",
    "",
    "关于🚀的建议",
    "x" * 3000,
    "2026-02-30",
    "a\x00b",
]

# Every name a page or endpoint reads from its query string (filters, paging, tabs, choices).
PARAMS = [
    "session", "term", "unit", "field", "delegation", "year", "status", "state", "page", "q", "tab",
    "template", "figure", "part", "rank", "group", "show", "unread", "period", "rating", "lead_deputy",
    "category", "overdue", "is_complex", "kind", "suggestion",
]  # fmt: skip


def rotations(params=PARAMS, values=HOSTILE):
    """len(values) queries in which every parameter takes every hostile value once."""
    return [{p: values[(i + j) % len(values)] for j, p in enumerate(params)} for i in range(len(values))]
