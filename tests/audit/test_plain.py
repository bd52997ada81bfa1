"""`chain.plain`: a JSON value as the database gives it back, whichever way it is computed."""

import json
from datetime import date
from decimal import Decimal
from enum import IntEnum

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from audit import chain
from suggestions.models import Status


class Rank(IntEnum):
    SECOND = 2


@pytest.mark.parametrize(
    "value",
    [
        {"kind": "overdue", "deadline": 7, "recipients": ["张三", "李四"], "share": 0.5, "sent": True, "unit": None},
        {"from": Status.ASSIGNED, "to": Status.HANDLING},  # str enums become their text
        {Status.CLOSED: [Status.CLOSED, {"n": Rank.SECOND}]},  # a str enum key, an int enum
        [{"when": date(2026, 12, 4)}, Status.CLOSED],  # plain but for a date inside
        {"due_date": date(2026, 12, 4), "units": ("省教育厅", "省财政厅")},  # a date, a tuple
        {"nested": [{"n": Decimal("1.5")}, [1, 2, {"x": []}]]},
        {1: "an int key"},  # becomes "1"
        [],
        "text",
    ],
)
def test_plain_is_the_round_trip(value):
    expected = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    got = chain.plain(value)
    assert got == expected
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert shape(got) == shape(expected)  # the same types all the way down (a str, not a str enum)


def shape(value):
    if isinstance(value, dict):
        return {(type(k), k): shape(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return (type(value), [shape(v) for v in value])
    return type(value)
