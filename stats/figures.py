"""Every figure the congress reports about handling, defined once.

The dashboard, the API, the Excel exports and the Word report all read their numbers from here,
so a rate means the same thing wherever it is printed. Each figure is a numerator and a
denominator, both conditions on a suggestion, counted with conditional aggregates: one query
answers every figure for one scope, one more query per grouping answers them for every unit,
field, delegation or session at once, whatever the number of rows.

Definitions (all over the suggestions in scope, drafts excluded):

- 办结率: closed ÷ assigned (assigned = status assigned, handling, replied, rehandling or closed).
- 满意率: final rating 满意 or 基本满意 ÷ closed with a rating; 满意 and 基本满意 also apart.
- 解决率: the latest reply's category has outcome `solved` (A share) or `solved`/`planned` (A+B
  share) ÷ replied. Categories are configurable, so we read `ReplyCategory.outcome`, not the code.
- 按时答复率: the first reply was sent on or before the due date of the reply deadline
  (Deadline kind reply/reply_complex, not cancelled) ÷ suggestions with a reply sent.
- 沟通率: assigned suggestions with a contact record (HandlingRecord kind contact) ÷ assigned.
- B类转A类: a planned-outcome reply was sent and the suggestion later converted (its category
  now has outcome `solved`, or an Event `convert_to_a` exists) ÷ suggestions with a B reply.
- 不满意评价: suggestions where any deputy rated any reply 不满意 ÷ suggestions with any rating.
- 逾期: open suggestions (registered … rehandling) with an open Deadline past due ÷ open ones.
- 催办: the number of Event rows named `remind` (a count, no rate).
- 备案率: suggestions every sent reply of which was filed with the filing bodies (supervision
  `Filing`, written by `send_reply`) ÷ suggestions with a reply sent.
- 备案确认率: filed suggestions whose every filing the body has acknowledged ÷ filed ones.

Grouping by unit means the lead unit (主办单位, active assignment): it answers for the reply.
"""

import functools
import math
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from congress.models import DeadlineRule, Delegation, ReplyCategory, Session, Unit
from congress.models import Field as SubjectField
from jianyi.params import to_int
from suggestions.models import (
    Assignment,
    Deadline,
    Evaluation,
    Event,
    HandlingRecord,
    Rating,
    Reply,
    Status,
    Suggestion,
)
from supervision.models import Filing

from . import counters
from .models import FigureCount, SuggestionFacts, measure_names

Z95 = 1.959963984540054
Outcome = ReplyCategory.Outcome

ASSIGNED_STATUSES = [Status.ASSIGNED, Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED]
OPEN_STATUSES = [Status.REGISTERED, Status.ASSIGNED, Status.HANDLING, Status.REPLIED, Status.REHANDLING]
REMIND_EVENT = "remind"
CONVERT_EVENT = "convert_to_a"


@functools.lru_cache(maxsize=65536)  # a dashboard asks for ~10,000 intervals, many the same
def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for k successes out of n (None when n is 0).

    Unlike k/n ± z·se it stays inside [0, 1] and is wide for small n, so ranking by its lower
    bound does not put a unit with 3 of 3 above one with 78 of 80.
    """
    if not n:
        return None
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    numerator: int
    denominator: int | None  # None: a plain count, not a rate

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def ci(self) -> tuple[float, float] | None:
        return wilson(self.numerator, self.denominator) if self.denominator else None

    @property
    def low(self) -> float | None:
        return self.ci[0] if self.ci else None

    @property
    def high(self) -> float | None:
        return self.ci[1] if self.ci else None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
            "ci_low": self.low,
            "ci_high": self.high,
        }


# --- Conditions on a suggestion (built fresh each time: OuterRef expressions are not reusable) ---


def _reply_deadline_kinds():
    return [DeadlineRule.Kind.REPLY, DeadlineRule.Kind.REPLY_COMPLEX]


def c_all():
    return Q(pk__isnull=False)


def c_assigned():
    return Q(status__in=ASSIGNED_STATUSES)


def c_closed():
    return Q(status=Status.CLOSED)


def c_rated():
    return Q(status=Status.CLOSED) & ~Q(rating="")


def c_satisfied():
    return Q(status=Status.CLOSED, rating=Rating.SATISFIED)


def c_basic():
    return Q(status=Status.CLOSED, rating=Rating.BASICALLY_SATISFIED)


def c_satisfied_or_basic():
    return Q(status=Status.CLOSED, rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])


def c_categorised():
    return Q(category__isnull=False)


def c_solved():
    return Q(category__outcome=Outcome.SOLVED)


def c_solved_or_planned():
    return Q(category__outcome__in=[Outcome.SOLVED, Outcome.PLANNED])


def c_replied():
    return Exists(Reply.objects.filter(suggestion=OuterRef("pk"), stage=Reply.Stage.SENT))


def c_on_time():
    first_sent = (
        Reply.objects.filter(suggestion=OuterRef(OuterRef("pk")), stage=Reply.Stage.SENT)
        .order_by("round")
        .values("sent_at")[:1]
    )
    deadline = Deadline.objects.filter(
        suggestion=OuterRef("pk"),
        kind__in=_reply_deadline_kinds(),
        cancelled=False,
        due_date__gte=TruncDate(Subquery(first_sent)),
    )
    return Exists(deadline)


def c_contacted():
    contact = HandlingRecord.objects.filter(suggestion=OuterRef("pk"), kind=HandlingRecord.Kind.CONTACT)
    return Q(status__in=ASSIGNED_STATUSES) & Exists(contact)


def c_had_b_reply():
    return Exists(
        Reply.objects.filter(suggestion=OuterRef("pk"), stage=Reply.Stage.SENT, category__outcome=Outcome.PLANNED)
    )


def c_converted_to_a():
    converted = Event.objects.filter(suggestion=OuterRef("pk"), name=CONVERT_EVENT)
    return c_had_b_reply() & (Q(category__outcome=Outcome.SOLVED) | Exists(converted))


def c_filed():
    unfiled = Reply.objects.filter(suggestion=OuterRef("pk"), stage=Reply.Stage.SENT).exclude(
        Exists(Filing.objects.filter(reply=OuterRef("pk")))
    )
    return c_replied() & ~Exists(unfiled)


def c_filing_acknowledged():
    waiting = Filing.objects.filter(suggestion=OuterRef("pk"), acknowledged_at__isnull=True)
    return c_filed() & ~Exists(waiting)


def c_evaluated():
    return Exists(Evaluation.objects.filter(reply__suggestion=OuterRef("pk")))


def c_unsatisfied():
    return Exists(Evaluation.objects.filter(reply__suggestion=OuterRef("pk"), result=Rating.UNSATISFIED))


def c_open():
    return Q(status__in=OPEN_STATUSES)


def c_overdue(today: date | None = None):
    today = today or timezone.localdate()
    late = Deadline.objects.open().filter(suggestion=OuterRef("pk"), due_date__lt=today)
    return Q(status__in=OPEN_STATUSES) & Exists(late)


def c_reminded():
    return Exists(Event.objects.filter(suggestion=OuterRef("pk"), name=REMIND_EVENT))


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    numerator: object  # () -> condition
    denominator: object | None
    denominator_label: str = ""
    numerator_label: str = ""
    explanation: str = ""


RATES = [
    Definition("closed", "办结率", c_closed, c_assigned, "已交办", "已办结", "已办结 ÷ 已交办"),
    Definition(
        "satisfaction", "满意率", c_satisfied_or_basic, c_rated, "已评价", "满意及基本满意", "满意和基本满意 ÷ 已评价"
    ),
    Definition("satisfied", "满意", c_satisfied, c_rated, "已评价", "满意", "满意 ÷ 已评价"),
    Definition("basic", "基本满意", c_basic, c_rated, "已评价", "基本满意", "基本满意 ÷ 已评价"),
    Definition("solved_a", "解决率（A类）", c_solved, c_categorised, "已答复", "A类", "已解决或基本解决 ÷ 已答复"),
    Definition(
        "solved_ab",
        "解决率（A+B类）",
        c_solved_or_planned,
        c_categorised,
        "已答复",
        "A类和B类",
        "已解决、正在解决或列入规划 ÷ 已答复",
    ),
    Definition("on_time", "按时答复率", c_on_time, c_replied, "已答复", "按时答复", "首次答复在答复期限内 ÷ 已答复"),
    Definition("contact", "沟通率", c_contacted, c_assigned, "已交办", "已沟通", "有与代表沟通记录 ÷ 已交办"),
    Definition(
        "b_to_a", "B类转A类率", c_converted_to_a, c_had_b_reply, "B类答复", "已转A类", "B类答复后转为A类 ÷ B类答复"
    ),
    Definition(
        "unsatisfied",
        "不满意评价",
        c_unsatisfied,
        c_evaluated,
        "有评价",
        "有不满意评价",
        "任一代表评价不满意 ÷ 有评价",
    ),
    Definition("filed", "备案率", c_filed, c_replied, "已答复", "已备案", "答复均已向备案机关备案 ÷ 已答复"),
    Definition(
        "filing_ack",
        "备案确认率",
        c_filing_acknowledged,
        c_filed,
        "已备案",
        "备案均已确认",
        "各备案机关均已确认收到 ÷ 已备案",
    ),
    Definition("overdue", "逾期", c_overdue, c_open, "在办", "有逾期环节", "有超过期限未完成的环节 ÷ 在办"),
]
COUNTS = [Definition("reminders", "催办次数", c_reminded, None, "", "被催办的建议", "催办记录条数")]
DEFINITIONS = {d.key: d for d in RATES + COUNTS}
STAGES = [s for s in Status if s != Status.DRAFT]


# --- Scope and grouping ---------------------------------------------------------------------------


def _pk(value):
    return getattr(value, "pk", value)


def lead_unit_expr(prefix: str = ""):
    """The active lead unit's id of the suggestion at `prefix` (e.g. "suggestion__")."""
    ref = prefix.removesuffix("__") + "_id" if prefix else "pk"
    return Subquery(
        Assignment.objects.filter(suggestion=OuterRef(ref), role=Assignment.Role.LEAD, is_active=True).values(
            "unit_id"
        )[:1]
    )


def scope(qs: QuerySet | None = None, *, session=None, term=None, unit=None, field=None, delegation=None) -> QuerySet:
    """The suggestions a set of figures is about. `unit` means the active lead unit."""
    qs = (Suggestion.objects.all() if qs is None else qs).exclude(status=Status.DRAFT)
    if session:
        qs = qs.filter(session_id=_pk(session))
    if term:
        qs = qs.filter(session__term_id=_pk(term))
    if field:
        qs = qs.filter(field_id=_pk(field))
    if delegation:
        qs = qs.filter(lead_deputy__delegation_id=_pk(delegation))
    if unit:
        lead = Assignment.objects.filter(
            suggestion=OuterRef("pk"), unit_id=_pk(unit), role=Assignment.Role.LEAD, is_active=True
        )
        qs = qs.filter(Exists(lead))
    return qs


FILTER_LABELS = {"session": "会次", "term": "届次", "unit": "承办单位", "field": "领域", "delegation": "代表团"}
FILTER_NAMES = tuple(FILTER_LABELS)


def filters_from(params) -> dict:
    """Read the scope filters from a QueryDict or dict, ignoring blanks and non-numbers."""
    out = {}
    for name in FILTER_NAMES:
        if (value := to_int(params.get(name))) is not None:
            out[name] = value
    return out


GROUPS = {
    "unit": ("承办单位", Unit),
    "field": ("领域", SubjectField),
    "delegation": ("代表团", Delegation),
    "session": ("会次", Session),
}


def _group_key(group: str, prefix: str = ""):
    if group == "unit":
        return lead_unit_expr(prefix)
    path = {"field": "field", "delegation": "lead_deputy__delegation", "session": "session"}[group]
    return F(prefix + path)


def _aggregates(today: date | None) -> dict:
    out = {"n_all": Count("pk")}
    for d in RATES:
        num = d.numerator(today) if d.numerator is c_overdue else d.numerator()
        out[f"{d.key}__num"] = Count("pk", filter=num & d.denominator())
        out[f"{d.key}__den"] = Count("pk", filter=d.denominator())
    for stage in STAGES:
        out[f"stage__{stage.value}"] = Count("pk", filter=Q(status=stage))
    return out


@dataclass
class Row:
    """The figures of one group (or of the whole scope, key None)."""

    key: int | None
    label: str
    total: int
    figures: dict[str, Figure] = field(default_factory=dict)
    stages: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "total": self.total,
            "figures": {k: f.as_dict() for k, f in self.figures.items()},
            "stages": self.stages,
        }


# The value names of each rate and stage, spelled once: a dashboard builds some 200 rows.
_RATE_NAMES = [(d.key, d.label, f"{d.key}__num", f"{d.key}__den", f"s_{d.key}_num", f"s_{d.key}_den") for d in RATES]
_STAGE_NAMES = [(s.value, f"stage__{s.value}", f"s_stage_{s.value}") for s in STAGES]


def _row(key, label, values: dict, reminders: int) -> Row:
    row = Row(key=key, label=label, total=values["n_all"])
    figs = row.figures
    for k, flabel, num, den, _, _ in _RATE_NAMES:
        figs[k] = Figure(k, flabel, values[num], values[den])
    figs["reminders"] = Figure("reminders", "催办次数", reminders, None)
    row.stages = {value: values[name] for value, name, _ in _STAGE_NAMES}
    return row


def _reminder_events(qs: QuerySet):
    return Event.objects.filter(name=REMIND_EVENT, suggestion__in=qs.values("pk"))


def recount_summary(qs: QuerySet | None = None, *, today: date | None = None, **filters) -> Row:
    """Every figure over one scope, counted from the suggestions' own rows (the definition itself).

    This is what the kept aggregates must always equal; `figures_check` compares the two.
    """
    qs = scope(qs, **filters)
    values = qs.order_by().aggregate(**_aggregates(today))
    reminders = _reminder_events(qs).count()
    return _row(None, "合计", values, reminders)


def recount_table(group: str, qs: QuerySet | None = None, *, today: date | None = None, **filters) -> list[Row]:
    """Every figure per group, counted from the suggestions' own rows (see `recount_summary`)."""
    qs = scope(qs, **filters)
    grouped = qs.order_by().annotate(g=_group_key(group)).values("g").annotate(**_aggregates(today))
    reminders = dict(
        _reminder_events(qs)
        .order_by()
        .annotate(g=_group_key(group, "suggestion__"))
        .values("g")
        .annotate(n=Count("pk"))
        .values_list("g", "n")
    )
    return _labelled(group, [(r["g"], r, reminders.get(r["g"], 0)) for r in grouped])


def _labelled(group: str, rows: list[tuple]) -> list[Row]:
    model = GROUPS[group][1]
    keys = [k for k, _, _ in rows if k is not None]
    objects = list(model.objects.filter(pk__in=keys))  # in the model's order: one query for labels and order
    labels = {o.pk: str(o) for o in objects}
    out = [_row(k, labels.get(k, "（未指定）"), values, reminders) for k, values, reminders in rows]
    order = {o.pk: i for i, o in enumerate(objects)}
    out.sort(key=lambda r: (r.key is None, order.get(r.key, 0)))
    return out


# --- The same figures read from the aggregates the write path keeps (stats/facts.py) --------------


def per_suggestion(qs: QuerySet, today: date | None = None) -> dict:
    """Annotations giving each suggestion its facts: the conditions of `_aggregates`, as 0/1."""
    from django.db.models import Case, IntegerField, Min, Value, When
    from django.db.models.functions import Coalesce

    def flag(cond):
        return Case(When(cond, then=Value(1)), default=Value(0), output_field=IntegerField())

    out = {"n_all": Value(1, output_field=IntegerField())}
    for d in RATES:
        num = d.numerator(today) if d.numerator is c_overdue else d.numerator()
        out[f"{d.key}_num"] = flag(num & d.denominator())
        out[f"{d.key}_den"] = flag(d.denominator())
    for stage in STAGES:
        out[f"stage_{stage.value}"] = flag(Q(status=stage))
    reminders = (
        Event.objects.filter(suggestion=OuterRef("pk"), name=REMIND_EVENT)
        .order_by()
        .values("suggestion")
        .annotate(n=Count("pk"))
        .values("n")
    )
    out["reminders"] = Coalesce(Subquery(reminders, output_field=IntegerField()), Value(0))
    first_due = (
        Deadline.objects.open()
        .filter(suggestion=OuterRef("pk"))
        .order_by()
        .values("suggestion")
        .annotate(d=Min("due_date"))
    )
    out["next_due"] = Subquery(first_due.values("d"))
    return out


def _sums(names=None) -> dict:
    from django.db.models import Sum

    return {f"s_{n}": Sum(n) for n in names or measure_names()}


def _from_sums(values: dict) -> dict:
    """Sums of the fact columns → the keys `_row` reads (`closed__num`, `stage__closed` ...)."""
    out = {"n_all": values.get("s_n_all") or 0}
    for _, _, num, den, s_num, s_den in _RATE_NAMES:
        out[num] = values.get(s_num) or 0
        out[den] = values.get(s_den) or 0
    for _, name, s_name in _STAGE_NAMES:
        out[name] = values.get(s_name) or 0
    return out


FACT_KEYS = {"session": "session_key", "term": "term_key", "unit": "unit_key", "field": "field_key"}
FACT_KEYS["delegation"] = "delegation_key"


def _use_counts(qs, today, filters) -> bool:
    """Sessions and terms (or nothing) are answered from the per-session sums; the rest from facts."""
    if qs is not None or set(filters) - {"session", "term"}:
        return False
    return counters.overdue_current(today)


def _facts(qs, filters):
    rows = SuggestionFacts.objects.all()
    if qs is not None:
        rows = rows.filter(suggestion__in=qs.values("pk"))
    for name, value in filters.items():
        rows = rows.filter(**{FACT_KEYS[name]: _pk(value)})
    return rows


def _fact_sums(today):
    """Sums over facts, with overdue worked out for `today` from each suggestion's next due date."""
    today = today or timezone.localdate()
    sums = _sums([n for n in measure_names() if n != "overdue_num"])
    sums["s_overdue_num"] = Count("pk", filter=Q(overdue_den=1, next_due__lt=today))
    return sums


def _counts(filters):
    rows = FigureCount.objects.all()
    if "session" in filters:
        rows = rows.filter(session_key=_pk(filters["session"]))
    if "term" in filters:
        rows = rows.filter(session_key__in=Session.objects.filter(term_id=_pk(filters["term"])).values("pk"))
    return rows


def summary(qs: QuerySet | None = None, *, today: date | None = None, **filters) -> Row:
    """Every figure over one scope, from the kept aggregates: one query, at any size."""
    filters = {k: v for k, v in filters.items() if v}
    if _use_counts(qs, today, filters):
        values = _counts(filters).filter(dim="all").aggregate(**_sums())
    else:
        values = _facts(qs, filters).aggregate(**_fact_sums(today))
    return _row(None, "合计", _from_sums(values), values.get("s_reminders") or 0)


def table(group: str, qs: QuerySet | None = None, *, today: date | None = None, **filters) -> list[Row]:
    """Every figure per unit, field, delegation or session, from the kept aggregates."""
    filters = {k: v for k, v in filters.items() if v}
    if _use_counts(qs, today, filters):
        rows = _counts(filters)
        if group == "session":
            grouped = rows.filter(dim="all").values(g=F("session_key"))
        else:
            grouped = rows.filter(dim=group).values(g=F("key"))
        grouped = grouped.order_by().annotate(**_sums())
    else:
        grouped = _facts(qs, filters).values(g=F(FACT_KEYS[group])).order_by().annotate(**_fact_sums(today))
    return _labelled(
        group, [(r["g"] or None, _from_sums(r), r.get("s_reminders") or 0) for r in grouped if r["s_n_all"]]
    )


def overview(groups: list[str], *, today: date | None = None, **filters) -> tuple[Row, dict[str, list[Row]]]:
    """`summary` and the `table` of each of `groups` (unit, field, delegation) over one scope: what
    the dashboard shows. Where the kept per-session counts answer, one query reads them all (the
    ORM's building of some forty sums cost more than reading the rows, once per table)."""
    filters = {k: v for k, v in filters.items() if v}
    if not _use_counts(None, today, filters):
        return summary(today=today, **filters), {g: table(g, today=today, **filters) for g in groups}
    rows = _counts(filters).filter(dim__in=["all", *groups]).values("dim", g=F("key")).order_by().annotate(**_sums())
    by_dim: dict[str, list[dict]] = {g: [] for g in ["all", *groups]}
    for r in rows:
        by_dim[r["dim"]].append(r)
    (values,) = by_dim["all"] or [{}]  # key 0: the scope's total
    total = _row(None, "合计", _from_sums(values), values.get("s_reminders") or 0)
    tables = {
        g: _labelled(g, [(r["g"] or None, _from_sums(r), r.get("s_reminders") or 0) for r in by_dim[g] if r["s_n_all"]])
        for g in groups
    }
    return total, tables


def league(rows: list[Row], key: str = "satisfaction") -> list[Row]:
    """Rows ranked by the lower bound of the Wilson interval of one figure (no data: last)."""
    return sorted(rows, key=lambda r: (r[key].low is None, -(r[key].low or 0), -(r[key].rate or 0), r.label))


def members(key: str, part: str = "numerator", qs: QuerySet | None = None, *, today=None, **filters) -> QuerySet:
    """The suggestions behind a number: the same conditions the figure counted."""
    qs = scope(qs, **filters)
    if key.startswith("stage:"):
        return qs.filter(status=key.split(":", 1)[1])
    d = DEFINITIONS[key]
    den = d.denominator() if d.denominator else c_all()
    if part == "denominator":
        return qs.filter(den)
    num = d.numerator(today) if d.numerator is c_overdue else d.numerator()
    return qs.filter(num & den)
