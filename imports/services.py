"""Importing suggestions from Excel: check every row, then write all of them or none.

`start()` reads the workbook and stores its rows on an ImportJob. `advance()` checks the next
chunk of rows (the page polls it, so a large file shows its progress and no worker is needed;
running it twice does nothing twice). `run()` checks every row again against the database as it
is now and writes the whole file through `suggestions.actions.import_suggestion` in one
transaction: one bad row and nothing is written.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from audit import log as audit_log
from congress.models import Deputy, Field, Session, Unit
from suggestions import actions
from suggestions.errors import Conflict, PermissionDenied
from suggestions.models import Disclosure, Period, Suggestion

from . import excel
from .models import ImportJob

CHUNK = 200
PERIODS = {"": Period.SESSION, "会议期间": Period.SESSION, "闭会期间": Period.INTERSESSION}
DISCLOSURES = {"": Disclosure.FULL, "全文公开": Disclosure.FULL, "仅公开标题": Disclosure.TITLE_ONLY}
SPLIT = re.compile(r"[、，,；;\s]+")
NUMBER = re.compile(r"^(?:第|闭)?\s*(\d+)\s*号?$")
QUALIFIED = re.compile(r"^(?P<name>[^（(]+)[（(](?P<delegation>[^）)]+)[）)]$")


def _require_office(user) -> None:
    if user is None or user.role != Role.OFFICE:
        raise PermissionDenied("只有选任联工委工作人员可以导入建议")


@dataclass
class Lookup:
    """The reference data rows are checked against, loaded once per chunk."""

    session: Session
    deputies: dict[str, list[Deputy]] = field(default_factory=lambda: defaultdict(list))
    fields: dict[str, Field] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    numbers: dict[tuple[str, int], str] = field(default_factory=dict)
    titles: dict[tuple[str, int], str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> "Lookup":
        lk = cls(session)
        for d in (
            Deputy.objects.filter(term_id=session.term_id)
            .select_related("delegation")
            .only("id", "name", "delegation__name")
        ):
            lk.deputies[d.name].append(d)
        lk.fields = {f.name: f for f in Field.objects.filter(is_active=True)}
        for u in Unit.objects.filter(is_active=True):
            lk.units[u.short_name] = lk.units[u.name] = u
        for period, number, title, lead, shown in (
            (s.period, s.number, s.title, s.lead_deputy_id, s.display_number)
            for s in Suggestion.objects.filter(session=session).only("period", "number", "title", "lead_deputy_id")
        ):
            if number is not None:
                lk.numbers[(period, number)] = shown
            lk.titles[(title, lead)] = shown
        return lk

    def deputy(self, name: str, delegation: str = "") -> tuple[Deputy | None, str]:
        found = self.deputies.get(name, [])
        if delegation:
            found = [d for d in found if d.delegation.name == delegation]
            if not found:
                return None, f"{delegation}没有名为“{name}”的代表" if self.deputies.get(name) else f"找不到代表“{name}”"
        if not found:
            return None, f"找不到代表“{name}”"
        if len(found) > 1:
            return None, f"有{len(found)}位名为“{name}”的代表，请注明代表团，如“{name}（{found[0].delegation.name}）”"
        return found[0], ""


def check_row(r: dict, lk: Lookup, seen: dict) -> tuple[dict, list[str]]:
    """The row's values ready for `import_suggestion`, and what is wrong with it (in Chinese)."""
    errors: list[str] = []
    out: dict = {"row": r["row"]}
    title, body = r.get("标题", ""), r.get("正文", "")
    if not title:
        errors.append("缺少标题")
    elif len(title) > 200:
        errors.append(f"标题过长（{len(title)}字，最多200字）")
    if not body:
        errors.append("缺少正文")
    out.update(title=title, body=body)

    lead_name, delegation = r.get("领衔代表", ""), r.get("代表团", "")
    lead = None
    if not lead_name:
        errors.append("缺少领衔代表")
    elif not delegation:
        errors.append("缺少代表团")
    else:
        lead, why = lk.deputy(lead_name, delegation)
        if why:
            errors.append(f"领衔代表：{why}")
    out["lead_deputy"] = lead.pk if lead else None

    cosigners = []
    for token in SPLIT.split(r.get("联名代表", "")):
        if not token:
            continue
        m = QUALIFIED.match(token)
        d, why = lk.deputy(*(m.group("name", "delegation") if m else (token,)))
        if why:
            errors.append(f"联名代表：{why}")
        elif d not in cosigners:
            cosigners.append(d)
    out["cosigners"] = [d.pk for d in cosigners]

    name = r.get("领域", "")
    if not name:
        errors.append("缺少领域")
    elif name not in lk.fields:
        errors.append(f"领域“{name}”不存在")
    out["field"] = lk.fields[name].pk if name in lk.fields else None

    period = PERIODS.get(r.get("提出时间", ""))
    if period is None:
        errors.append(f"提出时间应为“会议期间”或“闭会期间”，不能是“{r.get('提出时间')}”")
    out["period"] = period or Period.SESSION
    disclosure = DISCLOSURES.get(r.get("公开方式", ""))
    if disclosure is None:
        errors.append(f"公开方式应为“全文公开”或“仅公开标题”，不能是“{r.get('公开方式')}”")
    out["disclosure"] = disclosure or Disclosure.FULL

    number = _number(r.get("编号", ""))
    out["number"] = None
    if r.get("编号"):
        if number is None or number == 0:
            errors.append(f"编号“{r.get('编号')}”应为正整数")
        else:
            key = (out["period"], number)
            out["number"] = key[1]
            if key in lk.numbers:
                errors.append(f"编号{key[1]}已被本次会议的建议（{lk.numbers[key]}）使用")
            elif key in seen:
                errors.append(f"编号{key[1]}与第{seen[key]}行重复")
    if lead and (title, lead.pk) in lk.titles:
        errors.append(f"本次会议已有同一代表的同名建议（{lk.titles[(title, lead.pk)]}）")

    unit_names = [n for n in SPLIT.split(r.get("协办单位", "")) if n]
    lead_unit = r.get("主办单位", "")
    if unit_names and not lead_unit:
        errors.append("填写了协办单位，但没有主办单位")
    out["lead_unit"], out["co_units"] = None, []
    for n in ([lead_unit] if lead_unit else []) + unit_names:
        if n not in lk.units:
            errors.append(f"承办单位“{n}”不存在")
    if lead_unit in lk.units:
        out["lead_unit"] = lk.units[lead_unit].pk
        out["co_units"] = [lk.units[n].pk for n in unit_names if n in lk.units and n != lead_unit]
    return out, errors


def _number(text: str) -> int | None:
    """第12号, 闭03号, 闭3 and 12 all read as the number 12 or 3."""
    m = NUMBER.match(text or "")
    return int(m.group(1)) if m else None


def _seen_before(rows: list[dict], upto: int) -> dict:
    seen = {}
    for r in rows[:upto]:
        number = _number(r.get("编号", ""))
        if number is not None:
            seen.setdefault((PERIODS.get(r.get("提出时间", ""), Period.SESSION), number), r["row"])
    return seen


def check_rows(rows: list[dict], lk: Lookup, start: int = 0, stop: int | None = None):
    """Yield (cleaned, errors) for rows[start:stop], catching duplicates against earlier rows too."""
    seen = _seen_before(rows, start)
    for r in rows[start:stop]:
        cleaned, errors = check_row(r, lk, seen)
        if cleaned["number"] is not None:
            seen.setdefault((cleaned["period"], cleaned["number"]), r["row"])
        yield cleaned, errors


def start(file, *, session: Session, actor, file_name: str = "") -> ImportJob:
    _require_office(actor)
    rows = excel.read(file)
    with transaction.atomic():
        job = ImportJob.objects.create(
            session=session, file_name=file_name[:200] or "import.xlsx", rows=rows, total=len(rows), created_by=actor
        )
        audit_log.write("import_upload", job, actor=actor, detail={"file": job.file_name, "rows": job.total})
    return job


def advance(job: ImportJob, chunk: int | None = None) -> ImportJob:
    """Check the next chunk of rows. Repeat-safe: a finished job is left as it is."""
    chunk = chunk or CHUNK
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.state != ImportJob.State.CHECKING:
            return job
        lk = Lookup.load(job.session)
        stop = min(job.checked + chunk, job.total)
        for cleaned, errors in check_rows(job.rows, lk, job.checked, stop):
            if errors:
                job.errors.append({"row": cleaned["row"], "messages": errors})
        job.checked = stop
        if stop >= job.total:
            job.state = ImportJob.State.INVALID if job.errors else ImportJob.State.READY
        job.save(update_fields=["checked", "errors", "state"])
    return job


def run(job: ImportJob, *, actor) -> ImportJob:
    """Write every row, all in one transaction, after checking them all again."""
    _require_office(actor)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("session").get(pk=job.pk)
        if job.state != ImportJob.State.READY:
            raise Conflict(f"该导入当前状态为“{job.get_state_display()}”，不能导入")
        lk = Lookup.load(job.session)
        checked = list(check_rows(job.rows, lk))
        errors = [{"row": c["row"], "messages": e} for c, e in checked if e]
        if errors:
            job.errors, job.state = errors, ImportJob.State.INVALID
            job.save(update_fields=["errors", "state"])
            return job
        deputies = {d.pk: d for ds in lk.deputies.values() for d in ds}
        units = {u.pk: u for u in lk.units.values()}
        fields = {f.pk: f for f in lk.fields.values()}
        source = f"Excel导入：{job.file_name}"
        # Rows with a number first, so the automatic numbers of the others come after them all.
        ordered = sorted((c for c, _ in checked), key=lambda c: c["number"] is None)
        try:
            with transaction.atomic():
                for c in ordered:
                    row = c["row"]
                    actions.import_suggestion(
                        actor=actor,
                        session=job.session,
                        title=c["title"],
                        body=c["body"],
                        lead_deputy=deputies[c["lead_deputy"]],
                        field=fields[c["field"]],
                        period=c["period"],
                        cosigners=[deputies[pk] for pk in c["cosigners"]],
                        number=c["number"],
                        lead_unit=units.get(c["lead_unit"]),
                        co_units=[units[pk] for pk in c["co_units"]],
                        disclosure=c["disclosure"],
                        source=f"{source} 第{row}行",
                    )
        except Conflict as e:
            job.errors, job.state = [{"row": row, "messages": [e.message]}], ImportJob.State.INVALID
            job.save(update_fields=["errors", "state"])
            return job
        job.state, job.imported, job.finished_at = ImportJob.State.IMPORTED, len(checked), timezone.now()
        job.save(update_fields=["state", "imported", "finished_at"])
        audit_log.write("import", job, actor=actor, detail={"file": job.file_name, "rows": job.imported})
    return job
