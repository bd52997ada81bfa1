"""Chinese full-text search over suggestions and their sent replies, and what is built on it.

The write path keeps the index: `actions.upkeep` calls `after_write` beside `derived.update_for`,
bulk writes call `index_many`, and `manage.py search_rebuild` (or `rebuild()`) redoes everything
after a bulk load. Reads never bypass permissions: `search(qs, q)` narrows a queryset the caller
already limited (`access.visible_to(user)`, the public catalogue).

- PostgreSQL: `assist_searchdocument.vector @@ to_tsquery('simple', ...)` over the GIN index,
  ranked by ts_rank; SQLite: the FTS5 table `assist_fts`, ranked by bm25.
- A query is AND of its words, each word OR its synonyms (农村/乡村); a registered number
  (第860号, 闭08号) or a deputy's name is an exact match instead.
"""

import functools
import html
import json
import re
from collections import defaultdict

from django.db import connection
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from congress.models import Deputy
from suggestions.models import Period, Reply, Status, Suggestion, SuggestionDeputy

from . import segment
from .models import SearchDocument, SearchTerm

#: Steps after which the indexed text (title, body, sent replies) may have changed.
TEXT_STEPS = {"edit", "submit", "register", "merge", "send_reply", "second_reply", "import"}
MERGEABLE = [Status.SUBMITTED, Status.REGISTERED, Status.ASSIGNED, Status.HANDLING]
TITLE_TERMS = 8


# --- Writing the index --------------------------------------------------------------------------


def after_write(pks, *, text_changed: bool) -> None:
    """Called by `actions.upkeep` in the write's transaction: re-index what may have changed."""
    pks = list(pks)
    if not text_changed:
        pks = list(set(pks) - set(SearchDocument.objects.filter(pk__in=pks).values_list("pk", flat=True)))
    index_many(pks)


def index_many(pks) -> int:
    """(Re)build the documents and title terms of these suggestions. Repeat-safe."""
    pks = list(dict.fromkeys(pks))
    if not pks:
        return 0
    docs, terms = documents(pks)
    SearchDocument.objects.filter(pk__in=pks).delete()
    SearchDocument.objects.bulk_create(docs)
    SearchTerm.objects.filter(suggestion__in=pks).delete()
    SearchTerm.objects.bulk_create(terms, ignore_conflicts=True)
    return len(docs)


def documents(pks) -> tuple[list[SearchDocument], list[SearchTerm]]:
    """The index rows of these suggestions as their title, body and sent replies give them (unsaved)."""
    rows = list(Suggestion.objects.filter(pk__in=pks).values_list("pk", "session_id", "title", "body"))
    replies = defaultdict(list)
    for sid, body in (
        Reply.objects.filter(suggestion__in=pks, stage=Reply.Stage.SENT)
        .order_by("round")
        .values_list("suggestion", "body")
    ):
        replies[sid].append(body)
    docs, terms = [], []
    for pk, session, title, body in rows:
        docs.append(
            SearchDocument(suggestion_id=pk, session_id=session, text=segment.index_text(title, body, *replies[pk]))
        )
        terms += [
            SearchTerm(suggestion_id=pk, session_id=session, term=t[:40]) for t in segment.keywords(title, TITLE_TERMS)
        ]
    return docs, terms


def rebuild(batch: int = 2000) -> int:
    """Index every suggestion (after a bulk load or a restore), in batches."""
    done = 0
    last = 0
    while True:
        pks = list(Suggestion.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not pks:
            return done
        done += index_many(pks)
        last = pks[-1]


# --- Searching ----------------------------------------------------------------------------------


def _boolean(groups, quote, and_: str, or_: str) -> str:
    def any_of(items):
        return "(" + or_.join(items) + ")"

    def all_of(items):
        return "(" + and_.join(items) + ")"

    return and_.join(any_of([all_of([any_of([quote(w) for w in syn]) for syn in alt]) for alt in g]) for g in groups)


def _pg_query(groups) -> str:
    def quote(w):
        return "'" + w.replace("'", "''").replace("\\", "") + "'"

    return _boolean(groups, quote, " & ", " | ")


def _fts_query(groups) -> str:
    def quote(w):
        return '"' + w.replace('"', '""') + '"'

    return _boolean(groups, quote, " AND ", " OR ")


def _substring_q(groups, fields, texts=(), when=None) -> Q:
    """The same boolean query as icontains over columns (another database; the public catalogue)."""

    def word(w):
        hit = Q()
        for f in fields:
            hit |= Q(**{f"{f}__icontains": w})
        text_hit = Q()
        for f in texts:
            text_hit |= Q(**{f"{f}__icontains": w})
        if texts:
            hit |= (when & text_hit) if when is not None else text_hit
        return hit

    cond = Q()
    for g in groups:
        group_q = Q()
        for alt in g:
            alt_q = Q()
            for syn in alt:
                syn_q = Q()
                for w in syn:
                    syn_q |= word(w)
                alt_q &= syn_q
            group_q |= alt_q
        cond &= group_q
    return cond


# Ranking reads every matching document's vector, about 45 µs each at 1M suggestions: 20 ms for 500
# matches, a third of a second for 7,000, seconds for 70,000 (教育). Past RANK_AT_MOST matches they
# come in the list's own order, newest first, read through the list's index, and the count stops at
# MANY_CAP (“100+”) instead of the lists' 10,000: each counted row is a probe of the search index.
RANK_AT_MOST = 500
MANY_CAP = 100


def _estimated_matches(tsq: str) -> int:
    """PostgreSQL's estimate of the documents matching `tsq`, from the index's statistics."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM assist_searchdocument WHERE vector @@ to_tsquery('simple', %s)", [tsq]
        )
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _unrankable_matches(groups) -> int:
    """The estimated matches of a query that more than RANK_AT_MOST documents match, else 0.

    The estimate of one word is good (the index's statistics list the frequent ones); that of
    several assumes they are independent, which words of one subject are not (乡村 and 振兴). So: a
    query whose rarest group is estimated under the limit is rankable, one whose whole estimate is
    well over it is not, and in between the matches are counted, up to the limit.
    """
    rarest = min(_estimated_matches(_pg_query([g])) for g in groups)
    if rarest <= RANK_AT_MOST:
        return 0
    whole = rarest if len(groups) == 1 else _estimated_matches(_pg_query(groups))
    if whole > 2 * RANK_AT_MOST:
        return whole
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM assist_searchdocument "
            "WHERE vector @@ to_tsquery('simple', %s) LIMIT %s) t",
            [_pg_query(groups), RANK_AT_MOST + 1],
        )
        return whole if cursor.fetchone()[0] > RANK_AT_MOST else 0


def _documents() -> float:
    """How many documents the index holds, by PostgreSQL's statistics (not positive: unknown)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'assist_searchdocument'")
        row = cursor.fetchone()
    return row[0] if row else -1


def _text_match(qs, groups):
    """Narrow `qs` to the documents matching every group, annotated with `search_rank` (higher
    first), or, with too many matches to rank (RANK_AT_MOST), with the `count_cap` of its pages."""
    # The query text is always a parameter; the SQL itself is constant.
    if connection.vendor == "postgresql":
        tsq = _pg_query(groups)
        if many := _unrankable_matches(groups):
            # A word in 1% of the documents or more is met within a few hundred of the list's rows:
            # each row is probed (OFFSET 0 keeps PostgreSQL from making the probe a join that reads
            # every match from the index first, which it chose at times: 100 ms instead of 15 for
            # 养老服务 at 1M). For a rarer one the planner chooses, and reading the index wins.
            probe = " OFFSET 0" if many >= _documents() / 100 > 0 else ""
            exists = (
                "EXISTS (SELECT 1 FROM assist_searchdocument d WHERE d.suggestion_id = "
                '"suggestions_suggestion"."id" AND d.vector @@ to_tsquery(\'simple\', %s)'
            )
            matches = RawSQL(exists + probe + ")", [tsq], output_field=BooleanField())  # noqa: S611 -- constant SQL
            return qs.filter(matches).annotate(count_cap=Value(MANY_CAP))
        match = RawSQL(
            "SELECT suggestion_id FROM assist_searchdocument WHERE vector @@ to_tsquery('simple', %s)", [tsq]
        )
        rank = RawSQL(  # noqa: S611
            "SELECT ts_rank(d.vector, to_tsquery('simple', %s)) FROM assist_searchdocument d "
            'WHERE d.suggestion_id = "suggestions_suggestion"."id"',
            [tsq],
        )
    elif connection.vendor == "sqlite":
        ftq = _fts_query(groups)
        match = RawSQL("SELECT rowid FROM assist_fts WHERE assist_fts MATCH %s", [ftq])
        rank = RawSQL(  # noqa: S611
            "SELECT -bm25(assist_fts) FROM assist_fts "
            'WHERE assist_fts MATCH %s AND rowid = "suggestions_suggestion"."id"',
            [ftq],
        )
    else:  # another database: substring match of every group, no rank
        return qs.filter(_substring_q(groups, ("title", "body")))
    return qs.filter(pk__in=match).annotate(search_rank=rank)


def search(qs, q: str):
    """`qs` narrowed to what `q` means, best first. `qs` is already what the user may see."""
    q = (q or "").strip()[:100]
    if not q:
        return qs
    number = segment.parse_number(q)
    if number:
        period = Period.SESSION if number[0] == "session" else Period.INTERSESSION
        return qs.filter(number=number[1], period=period)
    if Deputy.objects.filter(name=q).exists():
        named = SuggestionDeputy.objects.filter(suggestion=OuterRef("pk"), deputy__name=q)
        return qs.filter(Exists(named))
    groups = segment.query_groups(q)
    if not groups:
        # Only stopwords or one character (教): a plain substring match.
        return qs.filter(Q(title__icontains=q) | Q(body__icontains=q))
    matched = _text_match(qs, groups)
    if "search_rank" in matched.query.annotations:
        ordering = list(qs.query.order_by) or list(Suggestion._meta.ordering or [])
        return matched.order_by("-search_rank", *ordering)
    return matched


def public_filter(qs, q: str, fields=("public_title",), *, texts=(), when: Q | None = None):
    """The public catalogue's search: every word (or a synonym) in one of `fields`, or in one of
    `texts` where `when` holds (a published text). Only redacted, published columns are named by
    the caller, so nobody can probe the raw text for personal data."""
    groups = segment.query_groups(q) or [[[(q.strip(),)]]]
    return qs.filter(_substring_q(groups, fields, texts, when))


def terms_of(q: str) -> list[str]:
    """Every word a query matches (with synonyms and parts), for highlighting, longest first."""
    return sorted(segment.query_terms(q), key=len, reverse=True)


@functools.lru_cache(maxsize=256)
def _highlighter(q: str) -> re.Pattern | None:
    """The pattern of a query's words: built once per query, not per highlighted row."""
    words = terms_of(q)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def highlight(text: str, q: str, width: int = 80) -> str:
    """An HTML-escaped snippet of `text` around the first match of `q`, matches in <mark>."""
    text = text or ""
    pattern = _highlighter(q)
    if pattern is None:
        return html.escape(text[:width])
    m = pattern.search(text)
    start = max(0, (m.start() if m else 0) - width // 3)
    piece = text[start : start + width]
    out, pos = [], 0
    for hit in pattern.finditer(piece):
        out.append(html.escape(piece[pos : hit.start()]))
        out.append(f"<mark>{html.escape(hit.group())}</mark>")
        pos = hit.end()
    out.append(html.escape(piece[pos:]))
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 -- every piece escaped above


# --- Similar suggestions and merge candidates ---------------------------------------------------


def _shared_terms(terms, pool_filter: Q, exclude=(), limit: int = 5, minimum: int = 2):
    rows = (
        SearchTerm.objects.filter(pool_filter, term__in=terms)
        .exclude(suggestion__in=list(exclude))
        .values("suggestion")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .order_by("-n", "-suggestion")[:limit]
    )
    return [(r["suggestion"], r["n"]) for r in rows]


def similar(title: str, body: str, pool, *, exclude=(), limit: int = 5) -> list[tuple[Suggestion, float]]:
    """Suggestions of `pool` (a queryset the user may see) on the same subject as this text."""
    terms = segment.keywords(f"{title} {title} {body[:500]}", TITLE_TERMS)
    if not terms:
        return []
    minimum = 1 if len(terms) <= 2 else 2
    hits = _shared_terms(terms, Q(suggestion__in=pool.values("pk")), exclude, limit, minimum)
    found = pool.filter(pk__in=[pk for pk, _ in hits]).select_related("session", "category", "lead_deputy")
    by_pk = {s.pk: s for s in found}
    return [(by_pk[pk], n / len(terms)) for pk, n in hits if pk in by_pk]


def merge_candidates(suggestion: Suggestion, n: int = 5) -> list[tuple[Suggestion, float]]:
    """Suggestions of the same session `suggestion` might be merged into, most similar first."""
    terms = list(SearchTerm.objects.filter(suggestion=suggestion).values_list("term", flat=True))
    if not terms:
        terms = segment.keywords(suggestion.title, TITLE_TERMS)
    if not terms:
        return []
    hits = _shared_terms(
        terms,
        Q(session=suggestion.session_id, suggestion__status__in=MERGEABLE),
        [suggestion.pk],
        n,
        1 if len(terms) <= 2 else 2,
    )
    found = Suggestion.objects.filter(pk__in=[pk for pk, _ in hits]).select_related("lead_deputy").in_bulk()
    return [(found[pk], shared / len(terms)) for pk, shared in hits if pk in found]


def duplicate_groups(session, *, minimum: int = 3, common: float = 0.02) -> list[list[Suggestion]]:
    """Groups of near-duplicates in a session (并案 candidates): pairs sharing `minimum` title keywords
    (words in more than `common` of the session's suggestions don't count), joined in the database."""
    size = SearchTerm.objects.filter(session=session).values("suggestion").distinct().count()
    cap = max(5, int(size * common))
    statuses = [str(s) for s in MERGEABLE]
    marks = ", ".join(["%s"] * len(statuses))
    t = Suggestion._meta.db_table
    # The terms of the session's mergeable suggestions only (few, once most are assigned), without the
    # common words, are joined with themselves: the pairs never cross the rest of the session.
    terms = f"""
        SELECT st.suggestion_id, st.term FROM assist_searchterm st JOIN {t} s ON s.id = st.suggestion_id
        WHERE st.session_id = %s AND s.status IN ({marks}) AND st.term NOT IN (
            SELECT term FROM assist_searchterm WHERE session_id = %s GROUP BY term HAVING COUNT(*) > %s)
    """  # noqa: S608 -- only the table name and placeholders are formatted in
    sql = f"""
        SELECT a.suggestion_id, b.suggestion_id
        FROM ({terms}) a JOIN ({terms}) b ON b.term = a.term AND b.suggestion_id > a.suggestion_id
        GROUP BY a.suggestion_id, b.suggestion_id
        HAVING COUNT(*) >= %s
    """  # noqa: S608 -- as above
    with connection.cursor() as cur:
        one_side = [session.pk, *statuses, session.pk, cap]
        cur.execute(sql, [*one_side, *one_side, minimum])
        pairs = cur.fetchall()
    parent: dict[int, int] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    rows = Suggestion.objects.filter(pk__in=list(parent)).select_related("lead_deputy").in_bulk()
    out = [sorted((rows[p] for p in g if p in rows), key=lambda s: (s.number or 0, s.pk)) for g in groups.values()]
    return sorted((g for g in out if len(g) > 1), key=lambda g: (-len(g), g[0].number or 0))


def clone_by_title() -> int:
    """Index rows a bulk clone added without the write path (the 1M bench dataset copies the demo's
    suggestions by INSERT ... SELECT): each takes the document and title terms of an indexed
    suggestion with the same title, set-based. Returns how many documents were added."""
    t = Suggestion._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"""
            INSERT INTO assist_searchdocument (suggestion_id, session_id, text, updated_at)
            SELECT s.id, s.session_id, src.text, CURRENT_TIMESTAMP
            FROM {t} s
            JOIN (SELECT x.title, MIN(d.text) AS text FROM assist_searchdocument d
                  JOIN {t} x ON x.id = d.suggestion_id GROUP BY x.title) src ON src.title = s.title
            WHERE NOT EXISTS (SELECT 1 FROM assist_searchdocument e WHERE e.suggestion_id = s.id)
            """  # noqa: S608 -- our own table name only
        )
        added = cur.rowcount
        cur.execute(
            f"""
            INSERT INTO assist_searchterm (suggestion_id, session_id, term)
            SELECT s.id, s.session_id, src.term
            FROM {t} s
            JOIN (SELECT DISTINCT x.title, st.term FROM assist_searchterm st
                  JOIN {t} x ON x.id = st.suggestion_id) src ON src.title = s.title
            WHERE NOT EXISTS (SELECT 1 FROM assist_searchterm e WHERE e.suggestion_id = s.id)
            """  # noqa: S608 -- our own table name only
        )
        if connection.vendor == "postgresql":
            # The planner must know the new rows (else it joins a million terms by nested loop).
            cur.execute("ANALYZE assist_searchdocument, assist_searchterm")
    return added
