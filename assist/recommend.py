"""智能交办: which units should lead and co-handle a suggestion, each with its reasons.

Three kinds of evidence, added up per unit:
- **duties**: the words of each unit's remit (`assist/duties.py` and `Unit.duties`) found in the
  title (weighted 3) and body (1), each word weighted by how few units list it; works from day one;
- **history**: the title keywords of past suggestions (`SearchTerm`) and the unit that led them
  (`Suggestion.lead_unit`), as P(unit | word) over the words this suggestion shares with them;
- **corrections**: a unit relieved of a suggestion by a granted reassignment, or that said at
  signing the assignment was not accurate (交办不精准), counts against that unit for those words.

`recommend_many` reads the history of a whole batch from the aggregate `TermUnitHistory` (one query by
term, `assist/history.py`; rebuilt by the periodic jobs, so up to one job period stale), so the batch
page and the central assignment meeting rank 1,000 suggestions at once.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count

from congress.models import Unit

from . import history, segment
from .duties import DUTIES

TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0
HISTORY_PER_WORD = 6.0  # a title word whose past suggestions all went to one unit: two generic duty words
GENERIC_REMIT = 3  # a word of the one-line remits (Unit.duties) in more units than this says nothing
MIN_HISTORY = 1  # past suggestions a word needs before its history counts
CITY_WEIGHT = 0.25  # a place named in the text suggests its city government, as a co-unit


@dataclass
class Recommendation:
    unit: Unit
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.unit.pk

    @property
    def short_name(self) -> str:
        return self.unit.short_name

    def __str__(self):
        return self.unit.short_name


@dataclass
class Ranking:
    """A suggestion's recommendation: the lead unit first, then likely co-units, then the rest."""

    units: list[Recommendation]
    co: list[Recommendation]

    @property
    def lead(self) -> Recommendation | None:
        return self.units[0] if self.units else None

    def __iter__(self):
        return iter(self.units)

    def __len__(self):
        return len(self.units)

    def __getitem__(self, i):
        return self.units[i]

    def __bool__(self):
        return bool(self.units)


class Directory:
    """The units and their duty words, with a two-character index for scanning a text once."""

    def __init__(self, units: list[Unit]):
        self.units = {u.pk: u for u in units}
        words_of: dict[int, dict[str, float]] = {}
        remit = {u.pk: set(segment.words(u.duties or "")) for u in units}
        remit_df = Counter(w for ws in remit.values() for w in ws)
        for u in units:
            ws: dict[str, float] = {}
            for w in (DUTIES.get(u.name) or "").split():
                if len(w) >= 2:
                    ws[w.lower()] = 1.0
            for w in remit[u.pk]:
                if len(w) >= 2 and w not in ws and remit_df[w] <= GENERIC_REMIT:
                    ws[w] = 0.5  # the office's one-line remit: general words, half weight
            if u.kind == Unit.Kind.CITY_GOVERNMENT and (m := re.match(r"(.+?)市", u.name)):
                ws = {m.group(1): CITY_WEIGHT}  # a city government: the place, not its generic remit
            words_of[u.pk] = ws
        df = Counter(w for ws in words_of.values() for w in ws)
        n = max(len(units), 1)
        self.by_word: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for pk, ws in words_of.items():
            for w, weight in ws.items():
                specificity = math.log(1 + n / df[w])
                self.by_word[w].append((pk, weight * specificity * min(len(w), 4) / 2))
        self.prefix: dict[str, list[str]] = defaultdict(list)
        for w in self.by_word:
            self.prefix[w[:2]].append(w)

    def matches(self, text: str) -> Counter:
        """Duty words found in `text`, with how often (longest words first at each position)."""
        found: Counter = Counter()
        text = (text or "").lower()
        for i in range(len(text) - 1):
            for w in self.prefix.get(text[i : i + 2], ()):
                if text.startswith(w, i):
                    found[w] += 1
        return found

    def duty_scores(self, title: str, body: str) -> tuple[Counter, dict[int, list[str]]]:
        scores: Counter = Counter()
        why: dict[int, list[str]] = defaultdict(list)
        for text, weight, cap in ((title, TITLE_WEIGHT, 1), (body, BODY_WEIGHT, 2)):
            for w, count in self.matches(text).items():
                for pk, value in self.by_word[w]:
                    scores[pk] += weight * value * min(count, cap)
                    if w not in why[pk]:
                        why[pk].append(w)
        return scores, why


@lru_cache(maxsize=4)
def _directory_cache(key: tuple) -> Directory:
    return Directory(list(Unit.objects.filter(is_active=True).order_by("pk")))


def directory() -> Directory:
    """The active units' directory, rebuilt when the units change (a cheap key query)."""
    rows = Unit.objects.filter(is_active=True).values_list("pk", "name", "kind", "duties")
    key = tuple(hash(r) for r in rows)
    return _directory_cache(key)


def _history(words: set[str], exclude: set[int]) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Per word: the lead units of past suggestions with it; and the corrections against units.

    Read from the aggregate `TermUnitHistory` (`assist.history`, rebuilt by the periodic jobs, so
    stale by up to one job period: fine for a recommendation), one small query by term. The
    suggestions in `exclude` (the page's own) are taken out of their own history: each title term
    of one with a lead unit counts one less for that unit (clamped at zero, as the aggregate may
    predate its assignment). Until the aggregate is first built (a fresh install), the live rows
    are read instead (`_live_history`): exact, and cheap on a database that small.
    """
    from .models import SearchTerm, TermUnitHistory

    led: dict[str, Counter] = defaultdict(Counter)
    against: dict[str, Counter] = defaultdict(Counter)
    if not words:
        return led, against
    if not history.ready():
        return _live_history(words, exclude)
    for term, unit, n_led, n_against in TermUnitHistory.objects.filter(term__in=words).values_list(
        "term", "unit", "led", "against"
    ):
        if n_led:
            led[term][unit] = n_led
        if n_against:
            against[term][unit] = n_against
    if exclude:
        own = SearchTerm.objects.filter(
            suggestion__in=exclude, term__in=words, suggestion__lead_unit__isnull=False
        ).values_list("term", "suggestion__lead_unit")
        for term, unit in own:
            led[term][unit] -= 1
            if led[term][unit] <= 0:
                del led[term][unit]
    return led, against


def _live_history(words: set[str], exclude: set[int]) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """`_history` from the live rows: three GROUP BY queries over every past suggestion sharing a
    word (what `history.refresh` aggregates for every word at once)."""
    from suggestions.models import ReassignmentRequest

    from .models import SearchTerm

    led: dict[str, Counter] = defaultdict(Counter)
    against: dict[str, Counter] = defaultdict(Counter)
    if not words:
        return led, against
    rows = (
        SearchTerm.objects.filter(term__in=words, suggestion__lead_unit__isnull=False)
        .exclude(suggestion__in=exclude)
        .values_list("term", "suggestion__lead_unit")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for term, unit, n in rows:
        led[term][unit] += n
    corrections = [
        # relieved of it by a granted reassignment (改办) ...
        {"suggestion__assignments__reassignment_requests__decision": ReassignmentRequest.Decision.GRANTED},
        # ... or said at signing that the assignment was not accurate (交办不精准)
        {"suggestion__assignments__accurate": False},
    ]
    for condition in corrections:
        rows = (
            SearchTerm.objects.filter(term__in=words, **condition)
            .values_list("term", "suggestion__assignments__unit")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for term, unit, n in rows:
            against[term][unit] += n
    return led, against


def rank_texts(items: list[tuple[int, str, str]], n: int = 5, *, exclude: Iterable[int] = ()) -> dict[int, Ranking]:
    """(key, title, body) -> Ranking of up to `n` units. Keys that are suggestion pks are left out
    of their own history."""
    d = directory()
    kws = {key: set(segment.keywords(title, 8)) for key, title, _ in items}
    led, against = _history(set().union(*kws.values()) if kws else set(), set(exclude))
    out = {}
    for key, title, body in items:
        duty, why = d.duty_scores(title, body)
        history: Counter = Counter()
        similar: Counter = Counter()
        penalties: Counter = Counter()
        for w in kws[key]:
            total = sum(led[w].values())
            if total >= MIN_HISTORY:
                for unit, c in led[w].items():
                    history[unit] += c / total
                    similar[unit] += c
            for unit, c in against[w].items():
                penalties[unit] += c
        scores: Counter = Counter()
        for pk in set(duty) | set(history):
            if pk not in d.units:
                continue
            scores[pk] = duty[pk] + HISTORY_PER_WORD * history[pk]
            if penalties[pk]:
                scores[pk] /= 1 + penalties[pk]
        ranked = []
        for pk, score in scores.most_common(n):
            if score <= 0:
                continue
            reasons = []
            if why.get(pk):
                reasons.append("职责相关：" + "、".join(why[pk][:4]))
            if similar[pk]:
                reasons.append(f"相似的往届建议 {similar[pk]} 件由其主办")
            if penalties[pk]:
                reasons.append(f"曾就同类建议申请改办或反馈交办不精准 {penalties[pk]} 次，已降低排序")
            ranked.append(Recommendation(d.units[pk], round(score, 2), reasons))
        lead_score = ranked[0].score if ranked else 0
        co = [r for r in ranked[1:3] if r.score >= 0.4 * lead_score]
        out[key] = Ranking(ranked, co)
    return out


def recommend_many(suggestions: Iterable, n: int = 3) -> dict[int, Ranking]:
    """Suggestion pk -> its Ranking (up to `n` units, best first). A fixed number of queries."""
    suggestions = list(suggestions)
    items = [(s.pk, s.title, s.body) for s in suggestions]
    return rank_texts(items, n, exclude=[s.pk for s in suggestions])


def recommend_units(suggestion, n: int = 3) -> Ranking:
    return recommend_many([suggestion], n)[suggestion.pk]


def feedback_counts(session) -> dict[str, int]:
    """交办是否精准 at signing, for one session: how many said accurate, not accurate, nothing."""
    from suggestions.models import Assignment

    rows = (
        Assignment.objects.filter(suggestion__session=session, signed_at__isnull=False)
        .values_list("accurate")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {"accurate": 0, "inaccurate": 0, "unknown": 0}
    for accurate, n in rows:
        counts["accurate" if accurate else "unknown" if accurate is None else "inaccurate"] += n
    return counts
