"""Reading the published catalogue: the queries behind the public pages, the open data and the API.

Everything starts from `suggestions.access.public()` and reads deputies' names and units only.
Personal data of deputies is never selected here.
"""

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from assist import search_index
from congress.models import Session
from suggestions import access
from suggestions.models import Assignment, Period, SuggestionDeputy

from .models import Publication

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
    """One catalogue row as open data (CSV/JSON/API)."""
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
