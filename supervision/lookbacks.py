"""The look-back (回头看) as a yearly campaign: “四看” per unit, findings, and what must be redone.

The office opens a campaign for a year of a term (`open_campaign`): every unit that answered a
suggestion of the term in class B gets a `LookBack` whose four checks are prefilled from the records
(`unit_facts`: the B-class ledger, the commitments and their progress, the second replies). The
office confirms each check with its findings (`record_checks`, every posting kept in
`LookBackVersion`) and sets what must be redone (`add_redo_item`, “四不放过”), each with a due date
and a responsible person; the unit reports each done (`complete_redo_item`). Writes here are not
about one suggestion: plain functions in a transaction, audited. `report_rows` is what the page,
the Excel workbook and the Word report print.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Role
from audit import log as audit_log
from congress.models import ReplyCategory, Term, Unit
from suggestions.errors import Conflict, PermissionDenied
from suggestions.models import Event, Reply

from . import people
from .models import (
    LOOKBACK_CHECKS,
    LOOKBACK_FINDINGS,
    Commitment,
    CommitmentProgress,
    LookBack,
    LookBackCampaign,
    LookBackVersion,
    Notification,
    RedoItem,
)
from .notify import notify

CHECKS = [
    ("ledger_kept", "ledger_finding", "一看：是否逐年建立B类建议台账"),
    ("promises_done", "promises_finding", "二看：已承诺事项是否得到落实"),
    ("follow_up_continuous", "follow_up_finding", "三看：需持续跟进的是否一抓到底"),
    ("second_reply_given", "second_reply_finding", "四看：办理进度是否二次答复代表"),
]


def _require_office(actor) -> None:
    if actor.role != Role.OFFICE:
        raise PermissionDenied("只有选任联工委工作人员可以进行此操作")


def _b_replies(term: Term, end: date):
    return Reply.objects.filter(
        stage=Reply.Stage.SENT,
        category__outcome=ReplyCategory.Outcome.PLANNED,
        suggestion__session__term=term,
        sent_at__date__lte=end,
    )


def units_of(term: Term, year: int):
    """The units a campaign looks at: those that answered in class B, or keep a ledger, in the term."""
    answered = _b_replies(term, date(year, 12, 31)).values("unit_id")
    kept = Commitment.objects.filter(term=term).values("unit_id")
    return Unit.objects.filter(Q(pk__in=answered) | Q(pk__in=kept)).order_by("pk")


def unit_facts(unit: Unit, term: Term, year: int) -> dict:
    """What the records say for the four checks of one unit (counts, and each check's answer)."""
    end = date(year, 12, 31)
    b = set(_b_replies(term, end).filter(unit=unit).values_list("suggestion_id", flat=True))
    ledger = Commitment.objects.filter(unit=unit, term=term)
    with_ledger = set(ledger.values_list("suggestion_id", flat=True))
    done = Q(status=Commitment.Status.DONE) | Q(carried_to__status=Commitment.Status.DONE)
    due = ledger.filter(due_date__lte=end)
    followed = Exists(CommitmentProgress.objects.filter(commitment=OuterRef("pk"))) | Q(carried_to__isnull=False)
    still_open = ledger.exclude(done)
    replied_again = set(
        Event.objects.filter(name="second_reply", suggestion_id__in=b | with_ledger).values_list(
            "suggestion_id", flat=True
        )
    )
    counts = {
        "b_suggestions": len(b),
        "with_ledger": len(b & with_ledger) if b else len(with_ledger),
        "commitments": ledger.count(),
        "due": due.count(),
        "due_done": due.filter(done).count(),
        "open": still_open.count(),
        "followed": still_open.filter(followed).count(),
        "second_replied": len(replied_again & (b or with_ledger)),
    }
    base = counts["b_suggestions"] or len(with_ledger)
    return {
        **counts,
        "ledger_kept": bool(with_ledger) and counts["with_ledger"] == base,
        "promises_done": bool(with_ledger) and counts["due_done"] == counts["due"],
        "follow_up_continuous": bool(with_ledger) and counts["followed"] == counts["open"],
        "second_reply_given": bool(base) and counts["second_replied"] == base,
    }


def draft_findings(facts: dict) -> dict[str, str]:
    """The findings the office starts from, in words, from the counts."""
    return {
        "ledger_finding": f"B类建议{facts['b_suggestions']}件，已建立台账{facts['with_ledger']}件，"
        f"登记承诺事项{facts['commitments']}项。",
        "promises_finding": f"应于年底前完成的承诺事项{facts['due']}项，已落实{facts['due_done']}项。",
        "follow_up_finding": f"尚未落实的承诺事项{facts['open']}项，有跟踪进展或已转入下届台账的{facts['followed']}项。",
        "second_reply_finding": f"已向代表二次答复{facts['second_replied']}件"
        f"（共{facts['b_suggestions'] or facts['with_ledger']}件）。",
    }


def open_campaign(*, actor, term: Term, year: int, title: str = "", note: str = "") -> LookBackCampaign:
    """Open the year's look-back: one prefilled LookBack per unit. A unit's look-back already
    recorded for that year (outside a campaign) joins the campaign as it stands."""
    _require_office(actor)
    with transaction.atomic():
        if LookBackCampaign.objects.filter(year=year).exists():
            raise Conflict(f"{year}年度回头看已开展")
        campaign = LookBackCampaign.objects.create(
            term=term,
            year=year,
            title=title or f"{term.name}人大代表B类建议{year}年度“回头看”",
            note=note,
            opened_by=actor,
        )
        units = list(units_of(term, year))
        existing = {lb.unit_id: lb for lb in LookBack.objects.select_for_update().filter(year=year)}
        created = []
        for unit in units:
            facts = unit_facts(unit, term, year)
            if unit.pk in existing:
                LookBack.objects.filter(pk=existing[unit.pk].pk).update(campaign=campaign, facts=facts)
                continue
            created.append(
                LookBack(
                    campaign=campaign,
                    unit=unit,
                    year=year,
                    facts=facts,
                    **{check: facts[check] for check, _, _ in CHECKS},
                    **draft_findings(facts),
                )
            )
        LookBack.objects.bulk_create(created)
        audit_log.write(
            "lookback_campaign",
            campaign,
            actor=actor,
            detail={"term": term.name, "year": year, "units": [u.short_name for u in units]},
        )
        notify(
            people.unit_staff([u.pk for u in units]),
            kind=Notification.Kind.COMMITMENT,
            title=f"回头看：{campaign.title}",
            body=note or "请对照“四看”自查本单位B类建议办理承诺落实情况。",
        )
    return campaign


def record_checks(*, actor, lookback: LookBack, **values) -> LookBack:
    """The office confirms the four checks (and findings) of one unit; earlier postings stay as versions."""
    _require_office(actor)
    allowed = set(LOOKBACK_CHECKS) | set(LOOKBACK_FINDINGS)
    values = {k: v for k, v in values.items() if k in allowed}
    now = timezone.now()
    with transaction.atomic():
        LookBack.objects.select_for_update().filter(pk=lookback.pk).update(**values, recorded_by=actor, recorded_at=now)
        lookback.refresh_from_db()
        version = LookBackVersion.objects.create(
            lookback=lookback,
            recorded_by=actor,
            recorded_at=now,
            **{f: getattr(lookback, f) for f in (*LOOKBACK_CHECKS, *LOOKBACK_FINDINGS)},
        )
        audit_log.write(
            "lookback",
            lookback,
            actor=actor,
            detail={"unit": lookback.unit.short_name, "year": lookback.year, "version": version.pk, **values},
        )
    return lookback


def add_redo_item(
    *, actor, lookback: LookBack, aspect: str, what: str, responsible: str, due_date: date, suggestion=None
) -> RedoItem:
    _require_office(actor)
    with transaction.atomic():
        item = RedoItem.objects.create(
            lookback=lookback,
            aspect=aspect,
            what=what,
            responsible=responsible,
            due_date=due_date,
            suggestion=suggestion,
            created_by=actor,
        )
        audit_log.write(
            "redo_item",
            item,
            actor=actor,
            detail={"unit": lookback.unit.short_name, "year": lookback.year, "what": what, "due": str(due_date)},
        )
        notify(
            people.unit_staff([lookback.unit_id]),
            kind=Notification.Kind.COMMITMENT,
            title=f"回头看整改事项：{what[:40]}",
            body=f"责任人：{responsible}，整改期限：{due_date:%Y年%m月%d日}。",
        )
    return item


def complete_redo_item(*, actor, item: RedoItem, note: str) -> RedoItem:
    """The unit (or the office) reports a redo item done, once."""
    if not (actor.role == Role.OFFICE or (actor.is_unit_staff and actor.unit_id == item.lookback.unit_id)):
        raise PermissionDenied("该整改事项不属于本单位")
    now = timezone.now()
    with transaction.atomic():
        claimed = RedoItem.objects.filter(pk=item.pk, status=RedoItem.Status.OPEN).update(
            status=RedoItem.Status.DONE, done_note=note, done_by=actor, done_at=now
        )
        if claimed != 1:
            raise Conflict("该整改事项已完成")
        audit_log.write("redo_item_done", item, actor=actor, detail={"what": item.what, "note": note})
    item.refresh_from_db()
    return item


# --- Reading ------------------------------------------------------------------------------------


def lookbacks_for(user):
    """The look-backs a person reads: the office and supervisors all, a unit its own."""
    qs = LookBack.objects.select_related("unit", "campaign", "recorded_by")
    if user.is_unit_staff:
        return qs.filter(unit_id=user.unit_id)
    if user.role in (Role.OFFICE, Role.SUPERVISOR) or user.is_superuser:
        return qs
    return qs.none()


@dataclass
class ReportRow:
    lookback: LookBack
    facts: dict
    checks: list[tuple[str, bool | None, bool, str]]  # label, what the records said, recorded, finding
    redo: list[RedoItem] = field(default_factory=list)
    redo_open: int = 0
    redo_overdue: int = 0

    @property
    def unit(self) -> Unit:
        return self.lookback.unit


def report_rows(lookbacks, today: date | None = None) -> list[ReportRow]:
    today = today or timezone.localdate()
    qs = lookbacks.select_related("unit", "recorded_by").prefetch_related("redo_items__suggestion")
    rows = []
    for lb in qs.order_by("unit_id"):
        facts = lb.facts or {}
        redo = list(lb.redo_items.all())
        rows.append(
            ReportRow(
                lookback=lb,
                facts=facts,
                checks=[
                    (label, facts.get(check), getattr(lb, check), getattr(lb, finding))
                    for check, finding, label in CHECKS
                ],
                redo=redo,
                redo_open=sum(r.status == RedoItem.Status.OPEN for r in redo),
                redo_overdue=sum(r.is_overdue(today) for r in redo),
            )
        )
    return rows


def campaign_totals(rows: list[ReportRow]) -> dict:
    return {
        "units": len(rows),
        "recorded": sum(r.lookback.recorded for r in rows),
        "passed": sum(r.lookback.recorded and r.lookback.passed for r in rows),
        "b_suggestions": sum(r.facts.get("b_suggestions", 0) for r in rows),
        "commitments": sum(r.facts.get("commitments", 0) for r in rows),
        "redo": sum(len(r.redo) for r in rows),
        "redo_open": sum(r.redo_open for r in rows),
        "redo_overdue": sum(r.redo_overdue for r in rows),
        "checks_passed": [
            sum(1 for r in rows if r.lookback.recorded and getattr(r.lookback, check)) for check, _, _ in CHECKS
        ],
    }


def redo_counts(campaign: LookBackCampaign, today: date) -> dict:
    return RedoItem.objects.filter(lookback__campaign=campaign).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=RedoItem.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=RedoItem.Status.OPEN, due_date__lt=today)),
    )


# --- The report: Excel and Word -------------------------------------------------------------------


def _yes(value) -> str:
    return "—" if value is None else ("是" if value else "否")


UNIT_COLUMNS = [
    ("序号", 6),
    ("承办单位", 18),
    ("B类建议", 8),
    ("已建台账", 8),
    ("承诺事项", 8),
    ("应完成", 8),
    ("已落实", 8),
    ("一看 台账", 9),
    ("二看 落实", 9),
    ("三看 跟进", 9),
    ("四看 二次答复", 10),
    ("核查情况", 40),
    ("整改事项", 8),
    ("未完成", 8),
    ("已逾期", 8),
    ("状态", 10),
]
REDO_COLUMNS = [
    ("序号", 6),
    ("承办单位", 18),
    ("对应检查项", 24),
    ("相关建议", 10),
    ("整改事项", 44),
    ("责任人", 12),
    ("整改期限", 11),
    ("状态", 10),
    ("整改情况", 30),
]


def _state(row: ReportRow) -> str:
    if not row.lookback.recorded:
        return "待核查"
    return "四看均达标" if row.lookback.passed else "需整改"


def _findings(row: ReportRow) -> str:
    return "\n".join(f"{label[:2]}：{finding}" for label, _, _, finding in row.checks if finding)


def unit_table_rows(rows: list[ReportRow]) -> list[list]:
    return [
        [
            i,
            r.unit.name,
            r.facts.get("b_suggestions", 0),
            r.facts.get("with_ledger", 0),
            r.facts.get("commitments", 0),
            r.facts.get("due", 0),
            r.facts.get("due_done", 0),
            *[_yes(recorded) for _, _, recorded, _ in r.checks],
            _findings(r),
            len(r.redo),
            r.redo_open,
            r.redo_overdue,
            _state(r),
        ]
        for i, r in enumerate(rows, 1)
    ]


def redo_table_rows(rows: list[ReportRow], today: date) -> list[list]:
    out = []
    for r in rows:
        for item in r.redo:
            state = item.get_status_display() + ("（已逾期）" if item.is_overdue(today) else "")
            out.append(
                [
                    len(out) + 1,
                    r.unit.name,
                    item.get_aspect_display(),
                    item.suggestion.display_number if item.suggestion else "",
                    item.what,
                    item.responsible,
                    item.due_date.isoformat(),
                    state,
                    item.done_note,
                ]
            )
    return out


def report_name(campaign: LookBackCampaign, unit: Unit | None) -> str:
    return f"{campaign.year}年度回头看{'（' + unit.short_name + '）' if unit else '（全省）'}报告"


def excel_report(out, campaign: LookBackCampaign, rows: list[ReportRow], unit: Unit | None = None) -> None:
    from stats import excel

    today = timezone.localdate()
    totals = campaign_totals(rows)
    heading = f"{campaign.title}{'（' + unit.name + '）' if unit else ''}"
    excel.report(
        out,
        [
            excel.Table(
                "四看情况",
                heading,
                UNIT_COLUMNS,
                unit_table_rows(rows),
                f"共{totals['units']}个单位，已核查{totals['recorded']}个，四看均达标{totals['passed']}个",
            ),
            excel.Table(
                "整改事项",
                f"{heading} 整改事项",
                REDO_COLUMNS,
                redo_table_rows(rows, today),
                f"共{totals['redo']}项，未完成{totals['redo_open']}项，其中已逾期{totals['redo_overdue']}项",
            ),
        ],
    )


def word_report(campaign: LookBackCampaign, rows: list[ReportRow], unit: Unit | None = None) -> bytes:
    from stats import documents

    today = timezone.localdate()
    t = totals = campaign_totals(rows)
    summary = (
        f"本次回头看共涉及{t['units']}个承办单位、B类建议{t['b_suggestions']}件、办理承诺{t['commitments']}项。"
        f"已核查{t['recorded']}个单位，“四看”均达标{t['passed']}个；"
        f"提出整改事项{t['redo']}项，尚未完成{t['redo_open']}项，其中已逾期{t['redo_overdue']}项。"
    )
    per_check = [f"{label}：达标{n}个单位。" for (_, _, label), n in zip(CHECKS, totals["checks_passed"], strict=True)]
    sections = [("总体情况", [campaign.note, summary, *per_check] if campaign.note else [summary, *per_check], None)]
    overview = [[h for h, _ in UNIT_COLUMNS if h != "核查情况"]] + [
        [v for (h, _), v in zip(UNIT_COLUMNS, r, strict=True) if h != "核查情况"] for r in unit_table_rows(rows)
    ]
    sections.append(("各单位“四看”情况", [], overview))
    for r in rows:
        paragraphs = [
            f"{label}：{_yes(recorded)}。{finding}（系统核对：{_yes(data)}）"
            for label, data, recorded, finding in r.checks
        ]
        if r.lookback.note:
            paragraphs.append(f"说明：{r.lookback.note}")
        paragraphs.append(f"核查结论：{_state(r)}。")
        sections.append((r.unit.name, paragraphs, None))
    redo = redo_table_rows(rows, today)
    sections.append(
        ("整改事项", [] if redo else ["无整改事项。"], [[h for h, _ in REDO_COLUMNS]] + redo if redo else None)
    )
    title = f"{campaign.title}{'（' + unit.name + '）' if unit else ''}报告"
    return documents.plain_report(title, sections, today=today)
