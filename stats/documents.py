"""Word documents from the docxtpl templates in stats/templates/docx/ (see build_docx_templates.py)."""

from io import BytesIO
from pathlib import Path

from django.utils import timezone
from docxtpl import DocxTemplate

from congress.models import Session, Term
from suggestions import review
from suggestions.models import Assignment, Reply, Suggestion

from . import figures

TEMPLATES = Path(__file__).resolve().parent / "templates" / "docx"
DIGITS = "〇一二三四五六七八九"


def chinese_date(d) -> str:
    """2024年3月5日 written as official documents date a signature: 二〇二四年三月五日."""

    def num(n: int) -> str:
        if n < 10:
            return DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")

    return "".join(DIGITS[int(c)] for c in str(d.year)) + f"年{num(d.month)}月{num(d.day)}日"


def pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _render(name: str, context: dict) -> bytes:
    tpl = DocxTemplate(TEMPLATES / name)
    tpl.render(context, autoescape=True)
    out = BytesIO()
    tpl.save(out)
    return out.getvalue()


def latest_reply(s: Suggestion, readable=None) -> Reply | None:
    """The reply a letter is made of; `readable`: the replies the requester may read (access.handling_for)."""
    replies = (s.replies.all() if readable is None else readable).select_related("unit", "category").order_by("-round")
    return replies.filter(stage=Reply.Stage.SENT).first() or replies.filter(stage=Reply.Stage.SIGNED).first()


def reply_letter_context(s: Suggestion, reply: Reply) -> dict:
    day = timezone.localdate(reply.sent_at) if reply.sent_at else timezone.localdate()
    names = [link.deputy.name for link in s.deputy_links.select_related("deputy").order_by("id")]
    co = Assignment.objects.filter(suggestion=s, role=Assignment.Role.CO, is_active=True).select_related("unit")
    return {
        "category_mark": reply.category.code,
        "unit_name": reply.unit.name,
        "unit_code": reply.unit.short_name,
        "session_name": s.session.name,
        "number_text": s.display_number,
        "year": day.year,
        "deputy_names": "、".join(names),
        "title": s.title,
        "paragraphs": [p.strip() for p in reply.body.splitlines() if p.strip()],
        "co_units": "、".join(a.unit.name for a in co),
        "date_text": chinese_date(day),
        **signoff_block(reply),
    }


def signoff_block(reply: Reply) -> dict:
    """Each level of the reply's review chain with who passed it and when; `signer` passed the last."""
    done = [row for row in review.rows(reply) if row.signoff]
    signoffs = [
        {
            "label": row.label,
            "name": row.signoff.actor.get_full_name() or row.signoff.actor.get_username(),
            "date": f"{timezone.localtime(row.signoff.at):%Y-%m-%d %H:%M}",
        }
        for row in done
    ]
    return {"signoffs": signoffs, "signer": signoffs[-1]["name"] if signoffs else ""}


def reply_letter(s: Suggestion, reply: Reply) -> bytes:
    return _render("reply_letter.docx", reply_letter_context(s, reply))


def _row(r: figures.Row) -> dict:
    return {
        "label": r.label,
        "total": r.total,
        "closed": pct(r["closed"].rate),
        "satisfaction": pct(r["satisfaction"].rate),
        "solved_ab": pct(r["solved_ab"].rate),
        "on_time": pct(r["on_time"].rate),
    }


def report_filters(filters: dict, *, today=None) -> dict:
    """A report is about one session or one term: without either, the latest session held so far.

    Adding up every term's suggestions gives a figure no one reports ("全部共收到1291件").
    """
    if filters.get("session") or filters.get("term"):
        return filters
    today = today or timezone.localdate()
    sessions = Session.objects.order_by("-start_date")
    session = sessions.filter(start_date__lte=today).first() or sessions.first()
    return {**filters, "session": session.pk} if session else filters


def scope_name(filters: dict) -> str:
    if filters.get("session"):
        s = Session.objects.filter(pk=filters["session"]).first()
        return f"{s.name}" if s else "本次会议"
    if filters.get("term"):
        t = Term.objects.filter(pk=filters["term"]).first()
        return f"{t.name}" if t else "本届"
    return "全部"


def annual_report_context(filters: dict, *, today=None) -> dict:
    total = figures.summary(today=today, **filters)
    units = [r for r in figures.table("unit", today=today, **filters) if r.key is not None]
    fields = [r for r in figures.table("field", today=today, **filters) if r.key is not None]
    shown = ["closed", "satisfaction", "satisfied", "basic", "solved_a", "solved_ab", "on_time", "contact", "b_to_a"]
    f = total.figures

    def ci(fig):
        return "—" if fig.ci is None else f"{fig.low * 100:.1f}%～{fig.high * 100:.1f}%"

    return {
        "scope_name": scope_name(filters),
        "date_text": chinese_date(today or timezone.localdate()),
        "total": total.total,
        "assigned": f["closed"].denominator,
        "closed": f["closed"].numerator,
        "closed_rate": pct(f["closed"].rate),
        "satisfied_or_basic": f["satisfaction"].numerator,
        "satisfaction_rate": pct(f["satisfaction"].rate),
        "satisfied": f["satisfied"].numerator,
        "basic": f["basic"].numerator,
        "solved_a": f["solved_a"].numerator,
        "solved_a_rate": pct(f["solved_a"].rate),
        "solved_ab": f["solved_ab"].numerator,
        "solved_ab_rate": pct(f["solved_ab"].rate),
        "on_time_rate": pct(f["on_time"].rate),
        "contact_rate": pct(f["contact"].rate),
        "b_to_a": f["b_to_a"].numerator,
        "figures": [
            {
                "label": f[k].label,
                "num": f[k].numerator,
                "den": f[k].denominator,
                "rate": pct(f[k].rate),
                "ci": ci(f[k]),
            }
            for k in shown
        ],
        "units": [_row(r) for r in figures.league(units, "satisfaction")],
        "fields": [_row(r) for r in fields],
    }


def annual_report(filters: dict, *, today=None) -> bytes:
    return _render("annual_report.docx", annual_report_context(filters, today=today))


def plain_report(title: str, sections: list[tuple[str, list[str], list[list[str]] | None]], *, today=None) -> bytes:
    """A Word report built with python-docx: a title, then per section a heading, its paragraphs and
    an optional table (first row: the header). Used where no docxtpl template is kept (the look-back)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "宋体", Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.add_heading(title, level=0)
    for heading, paragraphs, table in sections:
        if heading:
            doc.add_heading(heading, level=1)
        for p in paragraphs:
            doc.add_paragraph(p)
        if table:
            grid = doc.add_table(rows=0, cols=len(table[0]))
            grid.style = "Table Grid"
            for row in table:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = "" if value is None else str(value)
    doc.add_paragraph(chinese_date(today or timezone.localdate()))
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
