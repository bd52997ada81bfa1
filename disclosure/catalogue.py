"""Reading the published catalogue: the queries behind the public pages, the open data and the API.

Everything starts from `suggestions.access.public()` and reads deputies' names and units only.
Personal data of deputies is never selected here.
"""

from collections.abc import Iterator

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from assist import search_index
from congress.models import Session
from suggestions import access
from suggestions.models import Assignment, Period, SuggestionDeputy, display_number

from .models import Publication

PERSONAL = ("phone", "id_number", "address")  # the deputy's encrypted columns
ROLE_ORDER = {SuggestionDeputy.Role.LEAD: 0, SuggestionDeputy.Role.COSIGNER: 1, SuggestionDeputy.Role.MERGED: 2}


def published_sessions() -> QuerySet[Session]:
    return Session.objects.filter(catalogue_published=True).select_related("term")


def entries(session: Session | None = None, *, field=None, unit=None, q: str = "") -> QuerySet:
    qs = access.public()
    if session is not None:
        qs = qs.filter(session=session)
    if field:
        qs = qs.filter(field_id=field)
    if unit:
        qs = qs.filter(assignments__unit_id=unit, assignments__is_active=True)
    if q:
        # Search the redacted title and the published (redacted) texts only: searching the raw
        # title or body would let anyone probe for personal data that the published text hides.
        # Words and synonyms as in every other search (assist.segment), each word in the title or
        # in a published text.
        published = Q(publication__state=Publication.State.PUBLISHED)
        qs = search_index.public_filter(
            qs, q, ("public_title",), texts=("publication__body", "publication__reply_body"), when=published
        )
    return (
        qs.distinct()
        .select_related(
            "session", "field", "lead_deputy__delegation", "publication__category", "publication__reply_unit"
        )
        .defer(*(f"lead_deputy__{name}" for name in PERSONAL))  # not even read, so not decrypted per row
        .prefetch_related(
            Prefetch(
                "deputy_links",
                SuggestionDeputy.objects.select_related("deputy__delegation").only(
                    "suggestion_id", "role", "deputy__name", "deputy__delegation__name"
                ),
                to_attr="public_deputies",
            ),
            Prefetch(
                "assignments",
                Assignment.objects.filter(is_active=True).select_related("unit").order_by("role", "id"),
                to_attr="public_units",
            ),
        )
        # Meeting-time suggestions (第1号…) before those between sessions (闭01号…).
        .order_by(
            Case(When(period=Period.SESSION, then=Value(0)), default=Value(1), output_field=IntegerField()), "number"
        )
    )


def shown_publication(s) -> Publication | None:
    pub = getattr(s, "publication", None)
    return pub if pub is not None and pub.state == Publication.State.PUBLISHED else None


def as_record(s) -> dict:
    """One catalogue row as open data (the tests' reference for `records`)."""
    pub = shown_publication(s)
    deputies = sorted(s.public_deputies, key=lambda link: ROLE_ORDER.get(link.role, 9))
    return {
        "编号": s.display_number,
        "会次": s.session.name,
        "提出时间": s.get_period_display(),
        "标题": s.public_title,
        "领衔代表": s.lead_deputy.name,
        "代表团": s.lead_deputy.delegation.name,
        "联名代表": "、".join(d.deputy.name for d in deputies if d.role == SuggestionDeputy.Role.COSIGNER),
        "并案代表": "、".join(d.deputy.name for d in deputies if d.role == SuggestionDeputy.Role.MERGED),
        "领域": s.field.name if s.field else "",
        "主办单位": "、".join(a.unit.short_name for a in s.public_units if a.role == Assignment.Role.LEAD),
        "协办单位": "、".join(a.unit.short_name for a in s.public_units if a.role == Assignment.Role.CO),
        "办理状态": "已办结" if s.status == "closed" else "办理中",
        "答复类别": pub.category.name if pub and pub.category else "",
        "公开方式": ("全文公开" if pub.full_text else "仅公开标题") if pub else "答复未公开",
        "建议内容": pub.body if pub and pub.full_text else "",
        "答复内容": pub.reply_body if pub and pub.full_text else "",
    }


_RECORD_FIELDS = ("pk", "number", "period", "session__name", "public_title", "lead_deputy__name")
_RECORD_FIELDS += ("lead_deputy__delegation__name", "field__name", "status", "publication__state")
_RECORD_FIELDS += ("publication__category__name", "publication__full_text", "publication__body")
_RECORD_FIELDS += ("publication__reply_body",)


def _joined(rows, roles: tuple[str, str]) -> dict[int, tuple[str, str]]:
    """(suggestion, role, name) rows, in order, as each suggestion's names of the two roles, joined."""
    names: dict[int, tuple[list[str], list[str]]] = {}
    for pk, role, name in rows:
        if role in roles:
            names.setdefault(pk, ([], []))[roles.index(role)].append(name)
    return {pk: ("、".join(a), "、".join(b)) for pk, (a, b) in names.items()}


def records(qs: QuerySet) -> Iterator[dict]:
    """`as_record` of each suggestion of `entries(...)`, in its order, for the open data: the rows
    as tuples from a server-side cursor, the deputies and units of them all in two queries before
    (a session's catalogue is a few thousand rows). No model instances, nothing personal read."""
    ids = qs.order_by().values("pk")
    links = SuggestionDeputy.objects.filter(suggestion__in=ids).order_by("id")
    Role = SuggestionDeputy.Role
    deputies = _joined(links.values_list("suggestion_id", "role", "deputy__name"), (Role.COSIGNER, Role.MERGED))
    units = Assignment.objects.filter(suggestion__in=ids, is_active=True).order_by("role", "id")
    roles = (Assignment.Role.LEAD, Assignment.Role.CO)
    units = _joined(units.values_list("suggestion_id", "role", "unit__short_name"), roles)
    periods, none = dict(Period.choices), ("", "")
    published = Publication.State.PUBLISHED
    rows = qs.prefetch_related(None).values_list(*_RECORD_FIELDS).iterator(chunk_size=2000)
    for pk, number, period, session, title, deputy, delegation, field, status, *publication in rows:
        state, category, full_text, body, reply_body = publication
        shown = state == published
        cosigners, merged = deputies.get(pk, none)
        lead_units, co_units = units.get(pk, none)
        yield {
            "编号": display_number(number, period),
            "会次": session,
            "提出时间": periods.get(period, period),
            "标题": title,
            "领衔代表": deputy,
            "代表团": delegation,
            "联名代表": cosigners,
            "并案代表": merged,
            "领域": field or "",
            "主办单位": lead_units,
            "协办单位": co_units,
            "办理状态": "已办结" if status == "closed" else "办理中",
            "答复类别": (category or "") if shown else "",
            "公开方式": ("全文公开" if full_text else "仅公开标题") if shown else "答复未公开",
            "建议内容": body if shown and full_text else "",
            "答复内容": reply_body if shown and full_text else "",
        }
