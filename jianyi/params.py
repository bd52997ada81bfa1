"""Integers and dates from query strings, forms and JSON: one reader, so odd input is a 400 or an
empty filter, never a server error.

Two kinds of mistake made 500s here before: `str.isdigit()` accepts "²" and "٣", which `int()`
refuses (or reads as another digit), and an id past 64 bits overflows the database's integer.
Every view reads ids, years and dates through these functions instead of `int()`/`isdigit()`.

The lenient readers (`to_int`, `get_int`, `get_ids`, `to_date`) return None (or drop the value)
for anything that is not a plain ASCII number in range: a filter that makes no sense is no filter,
which is what a user who edited the address expects. With `strict=True` they raise `BadParameter`,
a Django `BadRequest` that becomes a 400 with its Chinese message (as JSON in the API).
"""

import re
from collections.abc import Mapping
from datetime import date

from django import forms
from django.core.exceptions import BadRequest

# The largest value of a 64-bit signed integer column (PostgreSQL bigint, SQLite INTEGER).
MAX_INT = 2**63 - 1
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")  # [0-9], not \d: \d matches "٣" too
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadParameter(BadRequest):
    """A query-string or form value that is not what the view needs; answered with HTTP 400."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def to_int(value, *, minimum: int = 1, maximum: int = MAX_INT) -> int | None:
    """The integer `value` spells in ASCII digits, if it lies in [minimum, maximum]; else None.

    The default range is that of an id (a positive 64-bit integer).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not _INTEGER.fullmatch(text):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def get_int(
    params: Mapping,
    name: str,
    default: int | None = None,
    *,
    minimum: int = 1,
    maximum: int = MAX_INT,
    strict: bool = False,
    label: str = "",
) -> int | None:
    """`params[name]` as an integer in range; missing or blank gives `default`.

    A value that is not such an integer gives `default` too, or with `strict` a 400 naming `label`.
    """
    raw = params.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    number = to_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        if strict:
            raise BadParameter(f"“{label or name}”应为{minimum}到{maximum}之间的整数")
        return default
    return number


def to_ids(values, *, strict: bool = False, label: str = "") -> list[int]:
    """Valid ids among `values` (a list, or one value), in order and without repeats.

    Without `strict` the others are dropped; with it any other value is a 400.
    """
    if values is None:
        return []
    if isinstance(values, str | int) and not isinstance(values, bool):
        values = [values]
    if not isinstance(values, list | tuple):
        if strict:
            raise BadParameter(f"“{label or '编号'}”应为编号列表")
        return []
    out: list[int] = []
    for value in values:
        number = to_int(value)
        if number is None:
            if strict:
                raise BadParameter(f"“{label or '编号'}”中有无效的编号：{str(value)[:40]}")
            continue
        if number not in out:
            out.append(number)
    return out


def get_ids(params, name: str, *, strict: bool = False, label: str = "") -> list[int]:
    """All valid ids given as `name` in a QueryDict (repeated) or a dict (a list or one value)."""
    values = params.getlist(name) if hasattr(params, "getlist") else params.get(name)
    return to_ids(values, strict=strict, label=label or name)


def to_date(value) -> date | None:
    """A date given as a `date` or an ISO string (2026-03-05); anything else, or 2026-02-30, gives None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def form_data(data, fields: Mapping):
    """JSON input made fit for a Django form with `fields`: numbers and booleans as strings.

    Django's fields expect what a browser sends. Given a JSON number where a date is expected,
    `DateField` calls `.strip()` on it and fails with a server error instead of a field error, so
    a date, time or datetime field gets any value that is not a string as its text (which it then
    refuses as a date). Lists and objects stay as they are for the fields that read them (the
    commitments of a B-class reply are a list of objects). A QueryDict (a browser's form) is
    returned as it is; anything but an object is a 400.
    """
    if data is None or hasattr(data, "getlist"):
        return data
    if not isinstance(data, Mapping):
        raise BadParameter("请求内容应为JSON对象")

    def text(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value) if isinstance(value, int | float) else value

    out = {}
    for key, value in data.items():
        value = [text(v) for v in value] if isinstance(value, list) else text(value)
        if isinstance(fields.get(key), forms.DateField | forms.DateTimeField | forms.TimeField):
            value = value if value is None or isinstance(value, str | date) else str(value)
        out[key] = value
    return out
