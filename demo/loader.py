"""Deterministic demo data: a province like Henan, lived through the real write path.

`load()` creates the reference data in bulk (two terms, the delegations, 945 deputies, ~100
handling units, everybody's login), then lives the history of every suggestion step by step
through `suggestions.actions`, with the clock moved (time-machine) to the moment each step
happened. So every number, event, deadline and record is exactly what the platform itself
would have written.

Each suggestion's life is a generator that yields the time of its next step. A small
scheduler runs all lives in time order (numbers therefore follow the order of registration,
as they would) and stops at AS_OF: whatever a life would have done after it has not happened
yet, which is how suggestions end up at every stage of the lifecycle.

Everything random comes from `random.Random` instances seeded from the seed and a stable key,
so two loads with the same seed and scale give the same titles, numbers and histories.
"""

import heapq
import itertools
import random
import time as monotonic_clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import time_machine
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.test.utils import override_settings

from accounts.models import Role, User
from accounts.security import DEMO_PASSWORD
from assist import history as recommend_history
from congress import reference, workdays
from congress.models import Delegation, Deputy, Field, Policy, ReplyCategory, Session, Term, Unit
from demo import chains, content
from demo import lookback as demo_lookback
from demo import meetings as demo_meetings
from demo import opinions as demo_opinions
from demo.supervision import attach_demo_commitments
from demo.units import organise as organise_units
from suggestions import actions
from suggestions.models import (
    Disclosure,
    FormedBy,
    NotSuggestionReason,
    Period,
    Rating,
    ReassignmentRequest,
    Status,
    Suggestion,
)

PASSWORD = DEMO_PASSWORD  # printed by demo_logins
SEED = 2026
# The province's clock; the history stops here ("today" of the demo).
TZ = ZoneInfo("Asia/Shanghai")
AS_OF = datetime(2026, 11, 27, 18, 0, tzinfo=TZ)
LETTER = "demo/reply-letter-sample.pdf"
# When the office reviewed the previous term's B-class commitments (回头看) and carried them over.
LEDGER_REVIEW = datetime(2023, 1, 10, 10, 0, tzinfo=TZ)

CURRENT_SESSION = "十四届四次会议"
PREVIOUS_SESSION = "十三届六次会议"
# When each session's central assignment meeting (集中交办会) handed its suggestions over.
MEETINGS = {
    PREVIOUS_SESSION: datetime(2022, 2, 22, 9, 30, tzinfo=TZ),
    CURRENT_SESSION: datetime(2026, 2, 10, 9, 30, tzinfo=TZ),
}

# The fixed, memorable logins printed by `demo_logins` (role, username, what to try first).
LOGINS = [
    ("选任联工委", "office", "审查待立案建议、交办闭会期间建议、审批改办申请"),
    ("督办人员", "supervisor", "查看逾期未答复、不满意重新办理的建议"),
    ("人大代表（郑州代表团）", "deputy", "确认联名邀请、评价待评价的答复、修改退回的建议"),
    ("省教育厅经办人", "handler", "签收新交办的建议、办理临期和逾期建议、重新办理"),
    ("省教育厅负责人", "leader", "审核签发待审核的答复"),
    ("省财政厅经办人（协办）", "co_handler", "签收并提交协办意见"),
    ("省教育厅基础教育处处长", "jyt1", "办理任务“我的”：本处主办、协办的建议及内部期限；退回办公室"),
    ("系统管理员", "sysadmin", "后台 /admin/ 维护账号、承办单位、领域和办理规则"),
    ("安全管理员", "secadmin", "后台 /admin/ 为账号分配角色和权限"),
    ("安全审计员", "auditor", "在 /audit/ 查询和导出审计日志"),
]
# 三权分立: no superuser in the demo; each administrator does only their own work.
ADMINS = [
    ("sysadmin", Role.SYSTEM_ADMIN, "系统管理员"),
    ("secadmin", Role.SECURITY_ADMIN, "安全管理员"),
    ("auditor", Role.AUDIT_ADMIN, "安全审计员"),
]
HOME_UNIT = "省教育厅"
CO_UNIT = "省财政厅"

FIELD_WEIGHTS = {
    "财税金融": 6,
    "科教文卫": 18,
    "城乡建设": 12,
    "农林水利": 10,
    "资源环境": 8,
    "乡村振兴": 10,
    "交通运输": 9,
    "工业经济": 9,
    "社会保障": 10,
    "政法民族宗教": 5,
    "其他": 3,
}
CATEGORY_SHARES = {"A": 0.55, "B": 0.30, "C": 0.12, "D": 0.03}
PREVIOUS_CATEGORY_SHARES = {"A": 0.53, "B": 0.35, "C": 0.10, "D": 0.02}

RETURN_NOTES = [
    "建议内容较为原则，请补充所反映问题的具体情况和可操作的措施后重新提交。",
    "建议案由与正文不够一致，请进一步修改完善后重新提交。",
    "请补充调研中掌握的有关数据，并明确建议的具体诉求。",
]
REVISIONS = [
    "（根据审查意见，补充了调研中掌握的有关数据。）",
    "（根据审查意见，进一步明确了具体措施和责任主体。）",
]
REJECT_TEXTS = {
    NotSuggestionReason.PERSONAL_MATTER: (
        "关于协调解决本人亲属工作调动问题的请求",
        "本人亲属在基层单位工作多年，因家庭原因希望调动到市区工作，请有关部门予以协调。",
        "所提事项属于代表本人亲属的个人事务，根据有关规定不作为代表建议处理。",
    ),
    NotSuggestionReason.FORWARDED_LETTER: (
        "转交群众来信：关于某小区物业服务问题的反映",
        "现将群众来信转交，信中反映某小区物业服务质量差、收费不规范等问题，请予处理。",
        "所提内容为转交的人民群众来信，已按程序转信访部门办理，不作为代表建议处理。",
    ),
    NotSuggestionReason.ACADEMIC: (
        "关于在全省推广某品牌智慧农业监测设备的建议",
        "某企业研发的智慧农业监测设备性能先进，建议在全省农业园区统一推广采购。",
        "所提内容属于产品推介，不作为代表建议处理。",
    ),
    NotSuggestionReason.NO_CONTENT: (
        "关于进一步做好各项工作的建议",
        "建议各级各部门进一步提高认识，加强领导，狠抓落实，做好各项工作。",
        "所提建议没有具体内容，不作为代表建议处理，欢迎补充具体问题和措施后重新提出。",
    ),
    NotSuggestionReason.COURT_CASE: (
        "关于请求重新审理一起合同纠纷案件的建议",
        "某合同纠纷案件判决结果有失公允，请求有关部门督促重新审理。",
        "所提事项涉及具体案件，应依法通过诉讼程序解决，不作为代表建议处理。",
    ),
    NotSuggestionReason.PETITION: (
        "关于某企业职工反映拖欠工资问题的申诉",
        "某企业部分职工反映企业长期拖欠工资，多次反映未果，请求督促解决。",
        "所提事项属于信访申诉，已转信访部门依法处理，不作为代表建议处理。",
    ),
    NotSuggestionReason.OUTSIDE_POWERS: (
        "关于调整国家个人所得税起征点的建议",
        "建议将个人所得税起征点由每月五千元提高至八千元，减轻工薪阶层负担。",
        "所提事项属于国家事权，超出本级职权范围，建议通过全国人大代表反映。",
    ),
}
WITHDRAW_NOTES = ["经与有关部门沟通，所提问题已在推进解决，申请撤回。", "建议内容需进一步调研完善，申请撤回。"]
MERGE_NOTE = "与同一主题的建议内容相近，并案办理，答复将送达每位代表。"
REASSIGN_REASONS = "经研究，该建议主要涉及{alt}的职责，我单位不是主要责任部门，建议改由{alt}主办。"
REASSIGN_GRANTED = "经审核，同意改由{alt}主办。"
REASSIGN_REFUSED = "经审核，该建议所提事项属于贵单位职责范围，请认真办理，不予改办。"
RETURN_REPLY_NOTES = [
    "对代表所提第二条建议回应不够具体，请补充具体措施和时间安排。",
    "请进一步核实有关数据，并写明协办单位意见。",
]
MEETING_NOTES = [
    "召开{we}主要负责同志办公会议，专题研究《{title}》办理工作，明确责任处室和办理时限。",
    "{we}领导班子会议听取办理情况汇报，逐条研究代表所提建议，审定答复意见。",
]
CO_OPINION_NOTES = [
    "关于《{title}》，{we}高度重视，结合职责提出以下协办意见：一是积极配合主办单位做好相关工作；二是在政策、资金等方面给予支持；三是加强信息共享，形成工作合力。",
    "{we}已认真研究《{title}》，同意主办单位的办理思路，将在职责范围内抓好落实，并及时向主办单位通报进展。",
]
UNSATISFIED_COMMENTS = [
    "答复对所提问题回应不够具体，缺少可操作的措施和时间表，希望重新办理。",
    "答复未与本人充分沟通，所提主要问题没有得到解决，希望重新办理。",
]


# --- Time -----------------------------------------------------------------------------------


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def workday_on_or_after(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def working_days_after(day: date, n: int) -> date:
    return workdays.add_working_days(day, n).date if n > 0 else workday_on_or_after(day)


class Moments:
    """The times of one life: each step happens after the one before."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.last: datetime | None = None

    def draw(self, day: date, *, office: bool = True) -> datetime:
        """A moment on `day` (the next working day, for office work) without moving the clock."""
        if office:
            day = workday_on_or_after(day)
            minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        else:
            minutes = self.rng.randint(7 * 60 + 30, 22 * 60 + 30)
        return datetime.combine(day, time(minutes // 60, minutes % 60, self.rng.randint(0, 59)), tzinfo=TZ)

    def at(self, when: datetime) -> datetime:
        if self.last is not None and when <= self.last:
            when = self.last + timedelta(minutes=self.rng.randint(3, 40), seconds=self.rng.randint(0, 59))
        self.last = when
        return when

    def on(self, day: date, *, office: bool = True) -> datetime:
        return self.at(self.draw(day, office=office))

    def later(self, lo: int, hi: int, *, office: bool = True) -> datetime:
        return self.on(self.last.date() + timedelta(days=self.rng.randint(lo, hi)), office=office)

    def workdays_later(self, lo: int, hi: int) -> datetime:
        return self.on(working_days_after(self.last.date(), self.rng.randint(lo, hi)))


# --- The cast ---------------------------------------------------------------------------------


@dataclass
class Cast:
    """Everybody and everything the lives refer to."""

    offices: list[User]
    units: dict[str, Unit]
    handler: dict[int, User]
    leader: dict[int, User]
    categories: dict[str, ReplyCategory]
    fields: dict[str, Field]
    review_levels: int
    current_deputies: list[Deputy] = field(default_factory=list)
    previous_deputies: list[Deputy] = field(default_factory=list)
    made: dict[str, Suggestion] = field(default_factory=dict)
    password_hash: str = ""  # the demo password, hashed once for every login


@dataclass
class Plan:
    """What will happen to one suggestion; `live()` turns it into steps."""

    key: str
    rng: random.Random
    session: Session
    period: str
    lead: Deputy
    field: Field
    title: str
    body: str
    units: list[Unit]
    drafted: date
    submit: date
    cosigners: list[Deputy] = field(default_factory=list)
    unconfirmed: set[int] = field(default_factory=set)
    formed_by: str = FormedBy.RESEARCH
    disclosure: str = Disclosure.FULL
    fate: str = "handled"  # handled | rejected | merged | withdrawn
    reason: str = ""
    merge_into: str = ""
    returned_first: bool = False
    stop: str = ""  # the life ends after the step of this name ("": it goes on until closed or AS_OF)
    assign: date | None = None
    complex: bool = False
    reassign: str = ""  # "" | "grant" | "refuse"
    # The lead unit disputes the assignment and the coordination meeting decides (demo/meetings.py):
    # "" | a meetings Item.Decision | "pending" (on the agenda of the next meeting).
    meeting: str = ""
    meeting_unit: Unit | None = None
    meeting_reason: str = ""
    alt_unit: Unit | None = None
    late_sign: bool = False
    late_opinion: bool = False
    send: date | None = None
    reply_late: bool = False
    category: str = "A"
    return_reply: bool = False
    ratings: list[str] = field(default_factory=lambda: [Rating.SATISFIED])
    lapse: bool = False
    rerate_after: tuple[int, int] = (40, 60)


def _we(unit: Unit) -> str:
    return content._self_reference(unit.name)


def _addressee(s: Suggestion) -> str:
    names = [link.deputy.name for link in s.deputy_links.select_related("deputy")]
    return "、".join(names) if len(names) <= 3 else f"{names[0]}等{len(names)}位"


def commitments_for(suggestion: Suggestion) -> list[tuple[str, str]]:
    """The B-class commitments (what, by when) a suggestion's reply made, as written in the reply.

    Deterministic from the suggestion's session, number and title, so the supervision ledger can
    attach exactly what the demo reply promised.
    """
    rng = random.Random(f"commitments:{suggestion.session.name}:{suggestion.display_number}:{suggestion.title}")  # noqa: S311
    return content.commitment_items(rng, suggestion.title, year=suggestion.session.start_date.year)


def _reply_body(cast: Cast, p: Plan, s: Suggestion, unit: Unit, code: str, round_: int) -> str:
    year = p.session.start_date.year
    body = content.reply_text(p.rng, s.title, unit.name, code, year=year).replace("{deputy}", _addressee(s))
    if round_ > 1:
        body = body.replace("现答复如下：", "根据您的评价意见，我们重新进行了办理，现再次答复如下：", 1)
    if code == "B":
        items = commitments_for(s)
        lines = [f"　　{i}. {what}（{due}前完成）" for i, (what, due) in enumerate(items, 1)]
        body += "\n　　具体承诺事项：\n" + "\n".join(lines)
    return body


# --- One life ---------------------------------------------------------------------------------


def live(cast: Cast, p: Plan) -> Iterator[datetime]:
    """The history of one suggestion, step by step; yields when the next step happens."""
    rng, m = p.rng, Moments(p.rng)
    lead = p.lead.user
    office = rng.choice(cast.offices)

    yield m.on(p.drafted, office=False)
    s = actions.create_draft(
        actor=lead,
        session=p.session,
        period=p.period,
        title=p.title,
        body=p.body,
        field=p.field.pk,
        formed_by=p.formed_by,
        disclosure=p.disclosure,
    )
    cast.made[p.key] = s
    if p.cosigners:
        yield m.at(m.last + timedelta(minutes=rng.randint(10, 120)))
        actions.invite_cosigners(s, actor=lead, deputies=p.cosigners)
        for d in p.cosigners:
            if d.pk not in p.unconfirmed:
                yield m.at(m.last + timedelta(hours=rng.randint(1, 30)))
                actions.confirm_cosign(s, actor=d.user)
    if p.stop == "draft":
        return

    yield m.on(max(p.submit, m.last.date()), office=False)
    actions.submit(s, actor=lead)
    if p.stop == "submit":
        return
    yield m.workdays_later(1, 4)
    if p.returned_first:
        actions.return_for_revision(s, actor=office, note=rng.choice(RETURN_NOTES))
        if p.stop == "return":
            return
        yield m.later(1, 4, office=False)
        actions.edit(s, actor=lead, body=s.body + "\n" + rng.choice(REVISIONS))
        yield m.later(0, 1, office=False)
        actions.submit(s, actor=lead)
        yield m.workdays_later(1, 3)
    if p.fate == "rejected":
        actions.reject(s, actor=office, reason=p.reason, note=REJECT_TEXTS[p.reason][2])
        return
    if p.fate == "merged":
        target = cast.made[p.merge_into]
        actions.merge(s, actor=office, into=target, note=MERGE_NOTE)
        return
    if p.fate == "withdrawn" and rng.random() < 0.5:
        actions.withdraw(s, actor=lead, note=rng.choice(WITHDRAW_NOTES))
        return
    actions.register(s, actor=office)
    if p.fate == "withdrawn":
        yield m.later(2, 8, office=False)
        actions.withdraw(s, actor=lead, note=rng.choice(WITHDRAW_NOTES))
        return
    if p.stop == "register":
        return

    meeting = MEETINGS.get(p.session.name)
    if p.assign and meeting and p.assign == meeting.date():
        # Handed over at the central assignment meeting (see `central_assignment`).
        yield m.at(meeting + timedelta(hours=2, seconds=rng.randint(0, 3600)))
    elif p.assign:
        yield m.at(datetime.combine(p.assign, time(9, 30), tzinfo=TZ) + timedelta(seconds=rng.randint(0, 5400)))
    else:
        late = rng.random() < 0.1
        yield m.workdays_later(6, 8) if late else m.workdays_later(1, 4)
    if s.status == Status.REGISTERED:
        actions.assign(s, actor=office, lead_unit=p.units[0], co_units=p.units[1:], is_complex=p.complex)
    if p.stop == "assign":
        return
    yield from handle(cast, p, s, m, office)


def handle(cast: Cast, p: Plan, s: Suggestion, m: Moments, office: User) -> Iterator[datetime]:
    rng = p.rng
    assigned = m.last.date()
    lead_unit, co_units = p.units[0], p.units[1:]
    if p.meeting:
        yield m.workdays_later(1, 2)
        actions.request_reassignment(
            s,
            actor=cast.handler[lead_unit.pk],
            reason=REASSIGN_REASONS.format(alt=p.alt_unit.name),
            suggested_unit=p.alt_unit,
        )
        if p.meeting == "pending":
            return
        yield m.at(demo_meetings.COORDINATION + timedelta(hours=2, seconds=rng.randint(0, 3600)))
        lead_unit, co_units = demo_meetings.units_after(s)
        if lead_unit != p.units[0]:
            assigned = m.last.date()
    if p.reassign:
        yield m.workdays_later(1, 2)
        alt = p.alt_unit
        actions.request_reassignment(
            s, actor=cast.handler[lead_unit.pk], reason=REASSIGN_REASONS.format(alt=alt.name), suggested_unit=alt
        )
        yield m.workdays_later(1, 2)
        request = ReassignmentRequest.objects.get(assignment__suggestion=s, decision="pending")
        if p.reassign == "grant":
            actions.decide_reassignment(
                s, actor=office, request=request, grant=True, new_unit=alt, note=REASSIGN_GRANTED.format(alt=alt.name)
            )
            lead_unit, assigned = alt, m.last.date()
        else:
            actions.decide_reassignment(s, actor=office, request=request, grant=False, note=REASSIGN_REFUSED)

    handler, leader, we = cast.handler[lead_unit.pk], cast.leader[lead_unit.pk], _we(lead_unit)
    floor = m.last
    tasks: list[tuple[datetime, str, Callable[[], object]]] = []

    def task(when: datetime, name: str, do: Callable[[], object]) -> datetime:
        when = max(when, floor + timedelta(minutes=5))
        tasks.append((when, name, do))
        return when

    sign_day = working_days_after(assigned, rng.randint(6, 9) if p.late_sign else rng.randint(0, 2))
    signed = task(m.draw(sign_day), "sign", lambda: actions.sign(s, actor=handler))

    if p.send:
        send_day = p.send
    elif p.complex:
        send_day = assigned + timedelta(days=rng.randint(125, 175))
    elif p.reply_late:
        send_day = assigned + timedelta(days=rng.randint(95, 125))
    else:
        send_day = assigned + timedelta(days=rng.randint(48, 86))
    send_day = workday_on_or_after(send_day)
    draft_day = send_day - timedelta(days=rng.randint(15, 20) if p.return_reply else rng.randint(8, 13))
    span = max((draft_day - signed.date()).days, 4)

    opinions = []
    for co in co_units:
        co_handler, co_we = cast.handler[co.pk], _we(co)
        co_signed = task(
            m.draw(working_days_after(assigned, rng.randint(4, 8) if p.late_sign else rng.randint(0, 3))),
            "sign_as_co",
            lambda co_handler=co_handler: actions.sign_as_co(s, actor=co_handler),
        )
        days = rng.randint(33, 45) if p.late_opinion else rng.randint(10, 27)
        opinion_day = min(assigned + timedelta(days=days), draft_day - timedelta(days=1))
        summary = rng.choice(CO_OPINION_NOTES).format(title=s.title, we=co_we)
        opinions.append(
            task(
                max(m.draw(opinion_day), co_signed + timedelta(hours=2), signed + timedelta(hours=2)),
                "send_co_opinion",
                lambda co_handler=co_handler, summary=summary: actions.send_co_opinion(
                    s, actor=co_handler, summary=summary
                ),
            )
        )

    research_day = signed.date() + timedelta(days=rng.randint(2, max(2, span // 3)))
    contact_day = research_day + timedelta(days=rng.randint(1, max(1, span // 3)))
    meeting_day = contact_day + timedelta(days=rng.randint(1, max(1, span // 4)))
    channel = rng.choice(["phone", "phone", "visit", "meeting", "wechat", "email"])
    research = task(
        m.draw(research_day),
        "research",
        lambda: actions.record(
            s,
            actor=handler,
            kind="research",
            happened_on=_today(),
            summary=content.research_summary(rng, s.title),
        ),
    )
    contact = task(
        max(m.draw(contact_day), research + timedelta(hours=1)),
        "contact",
        lambda: actions.record(
            s,
            actor=handler,
            kind="contact",
            channel=channel,
            happened_on=_today(),
            summary=content.contact_summary(rng, channel),
        ),
    )
    meeting = task(
        max(m.draw(meeting_day), contact + timedelta(hours=1)),
        "meeting",
        lambda: actions.record(
            s,
            actor=handler,
            kind="meeting",
            happened_on=_today(),
            summary=rng.choice(MEETING_NOTES).format(we=we, title=s.title),
        ),
    )
    t = max(m.draw(draft_day), meeting + timedelta(hours=1), *(o + timedelta(minutes=30) for o in opinions))
    for when, name, do in _reply_chain(cast, p, s, lead_unit, handler, leader, t, send_day, round_=1):
        task(when, name, do)

    for when, name, do in sorted(tasks, key=lambda x: x[0]):
        yield m.at(when)
        do()
        if name == p.stop:
            return
    yield from rate_and_close(cast, p, s, m, lead_unit, handler, leader)


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _reply_chain(cast, p, s, unit, handler, leader, start: datetime, send_day: date, *, round_: int):
    """Draft, internal review level by level (once sent back), sign-off and sending: (when, name, do)."""
    rng = p.rng
    code = p.category if round_ == 1 else ("B" if p.category in ("C", "D") else p.category)
    category = cast.categories[code]
    m = Moments(rng)
    m.last = start - timedelta(minutes=1)
    steps = []

    def add(when, name, do):
        steps.append((when, name, do))

    def draft():
        actions.draft_reply(s, actor=handler, body=_reply_body(cast, p, s, unit, code, round_), category=category)

    add(m.at(start), "draft_reply", draft)
    add(m.later(0, 1), "submit_reply", lambda: actions.submit_reply(s, actor=handler))
    # Each level of the unit's review chain by its own reviewer (demo/chains.py); a sent-back draft
    # is revised and starts the chain again.
    reviewers = chains.reviewers(unit)  # who passes each level, first to last
    levels = len(reviewers)
    if p.return_reply and round_ == 1:
        note = rng.choice(RETURN_REPLY_NOTES)
        passed = min(2, levels - 1)
        for who in reviewers[:passed]:
            add(
                m.later(1, 2),
                "approve_reply",
                lambda who=who: actions.approve_reply(s, actor=who, note="同意。"),
            )
        back = reviewers[passed]
        add(m.later(0, 1), "return_reply", lambda: actions.return_reply(s, actor=back, note=note))
        add(m.later(1, 3), "draft_reply", draft)
        add(m.later(0, 1), "submit_reply", lambda: actions.submit_reply(s, actor=handler))
    for level, who in enumerate(reviewers, 1):
        add(
            m.later(0, 2),
            f"approve_reply@{level}",
            lambda who=who: actions.approve_reply(s, actor=who, note="同意。"),
        )
    send_at = max(m.draw(send_day), m.last + timedelta(hours=1))
    add(m.at(send_at), "send_reply", lambda: actions.send_reply(s, actor=handler, letter=LETTER))
    return steps


def rate_and_close(cast, p, s, m: Moments, unit, handler, leader) -> Iterator[datetime]:
    rng = p.rng
    round_ = 1
    while True:
        replied = m.last
        links = list(s.deputy_links.select_related("deputy__user").order_by("id"))
        wanted = p.ratings[round_ - 1] if round_ <= len(p.ratings) else Rating.SATISFIED
        silent = links[-1].deputy_id if p.lapse and len(links) > 1 and round_ == 1 else None
        plan = []
        for link in links:
            if link.deputy_id == silent:
                continue
            if link.deputy_id == p.lead.pk:
                result = wanted
            else:
                result = rng.choices([Rating.SATISFIED, Rating.BASICALLY_SATISFIED], [85, 15])[0]
            attitude = Rating.SATISFIED if rng.random() < 0.95 else Rating.BASICALLY_SATISFIED
            comment = rng.choice(UNSATISFIED_COMMENTS) if result == Rating.UNSATISFIED else ""
            plan.append((m.draw(replied.date() + timedelta(days=rng.randint(2, 20)), office=False), link, result))
            plan[-1] = (*plan[-1], attitude, comment)
        for when, link, result, attitude, comment in sorted(plan, key=lambda x: x[0]):
            yield m.at(when)
            actions.rate(s, actor=link.deputy.user, result=result, attitude=attitude, comment=comment)
        if silent is not None:
            window = s.deadlines.filter(kind="rating").order_by("-id").first()
            yield m.at(datetime.combine(window.due_date + timedelta(days=1), time(2, 0), tzinfo=TZ))
            actions.conclude(s)
        # `s` is as the last step wrote it (a step keeps its caller's object in step): no refresh.
        if s.status != Status.REHANDLING:
            return
        # Re-handling (重新办理): meet the deputy face to face, then reply again.
        round_ += 1
        yield m.later(3, 10)
        actions.record(
            s,
            actor=handler,
            kind="contact",
            channel="visit",
            happened_on=_today(),
            summary="针对代表的不满意意见，分管负责同志带队登门走访，当面听取意见，研究重新办理措施。",
        )
        send_day = workday_on_or_after(m.last.date() + timedelta(days=rng.randint(*p.rerate_after)))
        start = m.draw(send_day - timedelta(days=rng.randint(8, 12)))
        for when, _name, do in _reply_chain(cast, p, s, unit, handler, leader, start, send_day, round_=round_):
            yield m.at(when)
            do()


def central_assignment(cast: Cast, plans: list[Plan], when: datetime) -> Iterator[datetime]:
    """The central assignment meeting (集中交办会): the session's registered suggestions go out at once."""
    yield when
    groups: dict[tuple, list[Suggestion]] = {}
    for p in plans:
        s = cast.made.get(p.key)
        if s is not None and s.status == Status.REGISTERED and p.assign == when.date():
            groups.setdefault((tuple(p.units), p.complex), []).append(s)
    for is_complex in (False, True):  # one batch each way, as the office's page sends them
        plan = [(ss, units[0], list(units[1:])) for (units, cx), ss in groups.items() if cx == is_complex]
        if plan:
            actions.assign_groups(plan, actor=cast.offices[0], is_complex=is_complex)


# --- The scheduler ----------------------------------------------------------------------------


def run_lives(lives: list[Iterator[datetime]], until: datetime) -> int:
    """Run every life in time order with the clock at each step's moment; return the steps run."""
    heap: list[tuple[datetime, int, Iterator[datetime]]] = []
    order = itertools.count()

    def resume(life) -> None:
        try:
            when = next(life)
        except StopIteration:
            return
        if when <= until:
            heapq.heappush(heap, (when, next(order), life))

    steps = 0
    with time_machine.travel(until.timestamp(), tick=False) as traveller:
        for life in lives:
            resume(life)
        while heap:
            when, _, life = heapq.heappop(heap)
            traveller.move_to(when.timestamp())
            resume(life)
            steps += 1
    return steps


# --- Reference data ---------------------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    return name[0], name[1:]


def _users(rows: list[tuple[str, str, str, Unit | None]], password: str) -> list[User]:
    users, first_number = [], User.objects.count() + 1
    for i, (username, role, name, unit) in enumerate(rows):
        last, first = _split_name(name)
        phone, email = _contact(username, first_number + i)
        users.append(
            User(
                username=username,
                password=password,
                role=role,
                unit=unit,
                last_name=last,
                first_name=first,
                phone=phone,
                email=email,
            )
        )
    return User.objects.bulk_create(users)


def _contact(username: str, n: int) -> tuple[str, str]:
    """Plainly fake contact details, so reminders by SMS and email have somewhere to go in the demo:
    139-0000-xxxx numbers in order and @example.cn addresses (a domain reserved for examples)."""
    return f"1390000{n % 10000:04d}", f"{username}@example.cn"


def _deputies(rng, term: Term, delegations: list[tuple[Delegation, int]], prefix: str, password: str) -> list[Deputy]:
    profiles, rows = [], []
    for delegation, count in delegations:
        for _ in range(count):
            profile = content.deputy_profile(rng, delegation.name)
            profiles.append((delegation, profile))
            rows.append((f"{prefix}{len(rows) + 1:04d}", Role.DEPUTY, profile["name"], None))
    users = _users(rows, password)
    return Deputy.objects.bulk_create(
        Deputy(
            user=user,
            term=term,
            delegation=delegation,
            name=profile["name"],
            gender=profile["gender"],
            occupation=profile["occupation"],
            phone=profile["phone"],
            id_number=profile["id_number"],
            address=profile["address"],
        )
        for user, (delegation, profile) in zip(users, profiles, strict=True)
    )


def _city(deputy: Deputy) -> str:
    return content.delegation_city(deputy.delegation.name)


def _text(rng, field_name: str, city: str, lead: str | None = None) -> tuple[str, str, list[str]]:
    """A suggestion text; with `lead`, one whose natural lead unit is that unit."""
    for _ in range(300):
        title, body, units = content.suggestion_text(rng, field_name, city)
        if lead is None or units[0] == lead:
            return title, body, units
    return title, body, [lead, *[u for u in units if u != lead]]


def _units_for(rng, cast: Cast, suggested: list[str], city: str, title: str) -> list[Unit]:
    units = [cast.units[name] for name in suggested if name in cast.units]
    lead, others = units[0], units[1:]
    city_gov = cast.units.get(f"{city}政府")
    if city_gov and city in title and rng.random() < 0.3:
        lead, others = city_gov, [lead]
    roll = rng.random()
    co_count = 0 if roll < 0.55 else 1 if roll < 0.85 else 2
    return [lead, *others[:co_count]]


def _shares(rng, n: int, shares: dict[str, float]) -> list[str]:
    codes = []
    for code, share in shares.items():
        codes += [code] * round(n * share)
    codes = (codes + ["A"] * n)[:n]
    rng.shuffle(codes)
    return codes


def _weighted_field(rng, cast: Cast) -> Field:
    name = rng.choices(list(FIELD_WEIGHTS), list(FIELD_WEIGHTS.values()))[0]
    return cast.fields[name]


def _at_least(n: int, share: float, minimum: int = 1) -> int:
    return max(minimum, round(n * share))


@dataclass
class Summary:
    suggestions: int
    steps: int
    seconds: float
    by_status: dict[str, int]


def is_loaded() -> bool:
    return Suggestion.objects.exists()


def publish_closed_replies() -> int:
    """Publish, as the office would, every ready reply of the sessions whose catalogue is public."""
    from disclosure.publishing import publish_ready

    office = User.objects.get(username="office")
    return sum(publish_ready(session, actor=office) for session in Session.objects.filter(catalogue_published=True))


def load(*, seed: int = SEED, scale: float = 1.0, log: Callable[[str], None] = lambda _m: None) -> Summary:
    """Create the whole demo congress in one transaction. Call only on an empty database."""
    started = monotonic_clock.perf_counter()
    rng = random.Random(f"demo:{seed}")  # noqa: S311 -- demo data, not secrets
    _ensure_letter()
    with transaction.atomic():
        cast, terms = _reference_data(rng)
        log(f"参考数据：{Deputy.objects.count()} 名代表，{len(cast.units)} 个承办单位")
        plans = _previous_plans(rng, cast, terms[13], scale) + _current_plans(rng, cast, terms[14], scale)
        lives = [central_assignment(cast, plans, when) for when in MEETINGS.values()]
        lives.append(demo_meetings.coordination(cast, [p for p in plans if p.meeting and p.meeting != "pending"]))
        # Query logging (DEBUG) would double the time of a load that runs ~20,000 steps.
        # What each step derives (list columns, figures, search, audit records) is written once per
        # suggestion at the end (no step of the demo reads it).
        # The reference rows (policy, deadline rules, calendar, review chains) no step changes are read
        # once (congress/reference.py).
        # Steps take no savepoint each: one refused step fails the whole load, which undoes it all.
        with override_settings(DEBUG=False), actions.deferred_upkeep(savepoints=False), reference.cached():
            steps = run_lives(lives + [live(cast, p) for p in plans], AS_OF)
            # The previous term's B-class ledger (demo/supervision.py), kept when the new term began.
            with time_machine.travel(LEDGER_REVIEW.timestamp(), tick=False):
                attach_demo_commitments(previous_term_b_class(), commitments_for)
            # Filed replies acknowledged, and the previous term's look-back campaign (demo/lookback.py).
            demo_lookback.load(as_of=AS_OF, review=LEDGER_REVIEW + timedelta(days=1))
            # The office has published the replies of closed suggestions (disclosure/publishing.py).
            with time_machine.travel(AS_OF.timestamp(), tick=False):
                publish_closed_replies()
                # Divisions in the big units, and suggestions their offices handed on (demo/units.py).
                organise_units(cast.password_hash)
                # An open coordination meeting with the requests still pending (demo/meetings.py).
                demo_meetings.open_next(cast, Session.objects.get(name=CURRENT_SESSION))
            # Review opinions and their answers, and the finished yearly appraisal (demo/opinions.py).
            demo_opinions.load(AS_OF.date())
        # The recommender's history, aggregated (assist/history.py) once the search index is written.
        recommend_history.refresh(force=True)
    by_status = {s.label: Suggestion.objects.filter(status=s).count() for s in Status}
    return Summary(len(plans), steps, monotonic_clock.perf_counter() - started, by_status)


def _ensure_letter() -> None:
    if not default_storage.exists(LETTER):
        pdf = (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        )
        default_storage.save(LETTER, ContentFile(pdf))


def _reference_data(rng: random.Random):
    password = make_password(PASSWORD)
    term13 = Term.objects.create(number=13, name="第十三届", start_date=date(2018, 1, 1), end_date=date(2022, 12, 31))
    term14 = Term.objects.create(number=14, name="第十四届", start_date=date(2023, 1, 1))
    Session.objects.bulk_create(
        [
            Session(
                term=term13,
                number=6,
                name=PREVIOUS_SESSION,
                start_date=date(2022, 1, 9),
                end_date=date(2022, 1, 13),
                catalogue_published=True,
            ),
            Session(
                term=term14,
                number=4,
                name=CURRENT_SESSION,
                start_date=date(2026, 1, 12),
                end_date=date(2026, 1, 16),
                catalogue_published=True,
            ),
        ]
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(name=name, order=i) for i, (name, _count) in enumerate(content.DELEGATIONS, 1)
    )
    counts = [count for _name, count in content.DELEGATIONS]
    current = _deputies(rng, term14, list(zip(delegations, counts, strict=True)), "deputy", password)
    previous = _deputies(
        rng, term13, [(d, max(2, round(c * 0.4))) for d, c in zip(delegations, counts, strict=True)], "former", password
    )
    # The memorable deputy: the first of Zhengzhou's delegation.
    persona = current[0].user
    persona.username, persona.email = "deputy", "deputy@example.cn"
    persona.save(update_fields=["username", "email"])

    units = Unit.objects.bulk_create(
        Unit(name=name, short_name=short, kind=kind, duties=duties) for name, short, kind, duties in content.UNITS
    )
    staff = []
    for i, unit in enumerate(units, 1):
        handler = "handler" if unit.short_name == HOME_UNIT else "co_handler" if unit.short_name == CO_UNIT else None
        leader = "leader" if unit.short_name == HOME_UNIT else None
        staff.append((handler or f"unit{i:03d}_handler", Role.UNIT_HANDLER, content.person_name(rng), unit))
        staff.append((leader or f"unit{i:03d}_leader", Role.UNIT_LEADER, content.person_name(rng), unit))
    others = [
        ("office", Role.OFFICE, content.person_name(rng), None),
        ("office2", Role.OFFICE, content.person_name(rng), None),
        ("office3", Role.OFFICE, content.person_name(rng), None),
        ("supervisor", Role.SUPERVISOR, content.person_name(rng), None),
        ("supervisor2", Role.SUPERVISOR, content.person_name(rng), None),
    ]
    made = _users(staff + others, password)
    for username, role, title in ADMINS:
        # The system and security administrators work in the admin site; the auditor does not.
        User.objects.create(
            username=username,
            password=password,
            role=role,
            is_staff=role != Role.AUDIT_ADMIN,
            last_name=title,
            first_name="",
        )
    for name in content.FIELDS:
        Field.objects.get_or_create(name=name, defaults={"order": len(content.FIELDS)})
    handlers = {u.unit_id: u for u in made if u.role == Role.UNIT_HANDLER}
    leaders = {u.unit_id: u for u in made if u.role == Role.UNIT_LEADER}
    cast = Cast(
        offices=[u for u in made if u.role == Role.OFFICE],
        units={u.short_name: u for u in units},
        handler=handlers,
        leader=leaders,
        categories={c.code: c for c in ReplyCategory.objects.all()},
        fields={f.name: f for f in Field.objects.all()},
        review_levels=max(1, Policy.current().review_levels),
    )
    chains.setup(cast.units, leaders, password)  # who reviews each unit's replies (demo/chains.py)
    cast.current_deputies, cast.previous_deputies = current, previous
    cast.password_hash = password
    for d in current + previous:
        d.user.deputy = d
    return cast, {13: term13, 14: term14}


# --- What happens to whom ---------------------------------------------------------------------


def _plan(rng, cast: Cast, key: str, session: Session, period: str, lead: Deputy, deputies, **kw) -> Plan:
    """A plan with a realistic text for `lead`; keyword arguments override any detail."""
    prng = random.Random(f"{key}:{rng.random()}")  # noqa: S311
    field_obj = kw.pop("field", None) or _weighted_field(prng, cast)
    city = _city(lead)
    title, body, suggested = _text(prng, field_obj.name, city, kw.pop("lead_unit", None))
    units = kw.pop("units", None) or _units_for(prng, cast, suggested, city, title)
    cosigners = kw.pop("cosigners", None)
    if cosigners is None:
        cosigners = []
        if prng.random() < 0.18:
            same = [d for d in deputies if d.delegation_id == lead.delegation_id and d.pk != lead.pk]
            pool = same if prng.random() < 0.8 and len(same) > 4 else deputies
            cosigners = [d for d in prng.sample(pool, min(len(pool), prng.randint(1, 4))) if d.pk != lead.pk]
    plan = Plan(
        key=key,
        rng=prng,
        session=session,
        period=period,
        lead=lead,
        field=field_obj,
        title=title,
        body=body,
        units=units,
        drafted=kw.pop("drafted"),
        submit=kw.pop("submit"),
        cosigners=cosigners,
        formed_by=prng.choices(list(FormedBy.values), [60, 15, 15, 10])[0],
        disclosure=Disclosure.TITLE_ONLY if prng.random() < 0.08 else Disclosure.FULL,
        lapse=prng.random() < 0.1,
        late_sign=prng.random() < 0.04,
        late_opinion=prng.random() < 0.06,
        reply_late=prng.random() < 0.04,
        return_reply=prng.random() < 0.06,
    )
    for name, value in kw.items():
        setattr(plan, name, value)
    return plan


def _ratings(rng) -> list[str]:
    roll = rng.random()
    if roll < 0.02:
        return [Rating.UNSATISFIED, Rating.BASICALLY_SATISFIED]
    if roll < 0.16:
        return [Rating.BASICALLY_SATISFIED]
    return [Rating.SATISFIED]


def _alt_unit(rng, cast: Cast, units: list[Unit]) -> Unit:
    pool = [u for u in cast.units.values() if u.kind == "government_department" and u not in units]
    return rng.choice(pool)


def _session_plans(rng, cast, session, period, deputies, n, *, drafted, submit, assign, shares, prefix):
    """The session's suggestions: most handled, a few rejected, merged or withdrawn."""
    first_day, last_day = submit
    plans: list[Plan] = []
    codes = _shares(rng, n, shares)
    fates = ["rejected"] * _at_least(n, 0.01) + ["merged"] * _at_least(n, 0.012) + ["withdrawn"] * _at_least(n, 0.004)
    fates += ["handled"] * (n - len(fates))
    rng.shuffle(fates)
    reasons = list(NotSuggestionReason.values)
    for i in range(n):
        lead = rng.choice(deputies)
        sub = first_day + timedelta(days=rng.randint(0, (last_day - first_day).days))
        plan = _plan(
            rng,
            cast,
            f"{prefix}{i:04d}",
            session,
            period,
            lead,
            deputies,
            drafted=sub - timedelta(days=rng.randint(0, drafted)),
            submit=sub,
            assign=assign,
            category=codes[i],
        )
        plan.fate = fates[i]
        plan.ratings = _ratings(plan.rng)
        plan.returned_first = not plan.cosigners and plan.rng.random() < 0.025
        if plan.fate == "rejected":
            plan.reason = reasons[i % len(reasons)]
            plan.title, plan.body = REJECT_TEXTS[plan.reason][:2]
            plan.returned_first = False
        if plan.rng.random() < 0.02:
            plan.reassign = "grant" if plan.rng.random() < 0.7 else "refuse"
            plan.alt_unit = _alt_unit(plan.rng, cast, plan.units)
        plans.append(plan)
    # A merged suggestion joins a handled one on the same subject (same field and lead unit).
    handled = [p for p in plans if p.fate == "handled" and not p.returned_first]
    for p in plans:
        if p.fate == "merged":
            same = [h for h in handled if h.field == p.field and h.units[0] == p.units[0]] or handled
            target = same[0]
            p.merge_into, p.field = target.key, target.field
            # Reviewed a few days after its target was submitted.
            p.submit = max(p.submit, target.submit + timedelta(days=3))
    return plans


def _previous_plans(rng, cast: Cast, term: Term, scale: float) -> list[Plan]:
    session = Session.objects.get(name=PREVIOUS_SESSION)
    n = max(6, round(300 * scale))
    plans = _session_plans(
        rng,
        cast,
        session,
        Period.SESSION,
        cast.previous_deputies,
        n,
        drafted=10,
        submit=(date(2022, 1, 9), date(2022, 1, 12)),
        assign=MEETINGS[PREVIOUS_SESSION].date(),
        shares=PREVIOUS_CATEGORY_SHARES,
        prefix="p13-",
    )
    for p in plans:
        p.lapse = False  # every deputy of the previous term rated
    return plans


def _current_plans(rng, cast: Cast, term: Term, scale: float) -> list[Plan]:
    session = Session.objects.get(name=CURRENT_SESSION)
    persona = cast.current_deputies[0]
    deputies = cast.current_deputies[1:]
    n = max(20, round(926 * scale))
    plans = _session_plans(
        rng,
        cast,
        session,
        Period.SESSION,
        deputies,
        n,
        drafted=12,
        submit=(date(2026, 1, 12), date(2026, 1, 15)),
        assign=MEETINGS[CURRENT_SESSION].date(),
        shares=CATEGORY_SHARES,
        prefix="s14-",
    )
    handled = [p for p in plans if p.fate == "handled" and not p.reassign]
    # Complex suggestions (6 months): most replied in summer, a few still open today.
    complex_ = handled[: _at_least(n, 0.05, 6)]
    for p in complex_:
        p.complex = True
    a, b, c = _at_least(n, 0.004), _at_least(n, 0.01), _at_least(n, 0.004)
    overdue, awaiting, rehandling = complex_[:a], complex_[a : a + b], complex_[a + b : a + b + c]
    for p in overdue:
        p.send = date(2026, 12, 10)
    for p in awaiting:
        p.send, p.stop = date(2026, 11, 16) + timedelta(days=p.rng.randint(0, 7)), "send_reply"
    for p in rehandling:
        p.send, p.ratings, p.rerate_after = date(2026, 10, 12), [Rating.UNSATISFIED, Rating.SATISFIED], (60, 70)
    plans += _intersession_plans(rng, cast, session, deputies, scale)
    plans += _persona_plans(rng, cast, session, persona, deputies)

    def disputed(key, period, **kw):
        lead = rng.choice(deputies)
        kw.setdefault("drafted", kw["submit"] - timedelta(days=3))
        return _plan(rng, cast, f"x-{key}", session, period, lead, deputies, cosigners=[], **kw)

    plans += demo_meetings.plans(disputed, cast, MEETINGS[CURRENT_SESSION].date())
    return plans


def _intersession_plans(rng, cast, session, deputies, scale) -> list[Plan]:
    """Suggestions raised between sessions (闭会期间), spread from March to now."""
    n = max(6, round(45 * scale))
    plans = []
    start, end = date(2026, 3, 2), date(2026, 11, 20)
    for i in range(n):
        sub = start + timedelta(days=(end - start).days * i // n + rng.randint(0, 5))
        p = _plan(
            rng,
            cast,
            f"i14-{i:03d}",
            session,
            Period.INTERSESSION,
            rng.choice(deputies),
            deputies,
            drafted=sub - timedelta(days=rng.randint(1, 20)),
            submit=sub,
            category=rng.choices(list(CATEGORY_SHARES), list(CATEGORY_SHARES.values()))[0],
        )
        p.ratings = _ratings(p.rng)
        plans.append(p)
    return plans


def _persona_plans(rng, cast, session, persona: Deputy, deputies) -> list[Plan]:
    """Scripted suggestions so every demo login has something to do in every inbox."""
    units = cast.units
    home, co_unit, hrss = units[HOME_UNIT], units[CO_UNIT], units["省人力资源社会保障厅"]
    zhengzhou = [d for d in deputies if d.delegation_id == persona.delegation_id]
    edu = cast.fields["科教文卫"]
    jan, assign_day = date(2026, 1, 13), MEETINGS[CURRENT_SESSION].date()

    def plan(key, lead, period, **kw):
        kw.setdefault("drafted", kw["submit"] - timedelta(days=3))
        return _plan(rng, cast, f"x-{key}", session, period, lead, deputies, **kw)

    others = zhengzhou[1:]
    return [
        # The deputy's own: closed, awaiting his rating, in handling, returned, a draft.
        plan(
            "closed",
            persona,
            Period.SESSION,
            submit=jan,
            assign=assign_day,
            cosigners=[],
            category="A",
            field=cast.fields["交通运输"],
            lead_unit="省交通运输厅",
        ),
        plan(
            "to-rate",
            persona,
            Period.SESSION,
            submit=jan,
            assign=assign_day,
            cosigners=[],
            field=edu,
            lead_unit=HOME_UNIT,
            units=[home],
            complex=True,
            send=date(2026, 11, 18),
            stop="send_reply",
            category="B",
        ),
        plan(
            "handling",
            persona,
            Period.INTERSESSION,
            submit=date(2026, 10, 9),
            cosigners=[],
            field=edu,
            lead_unit="省卫生健康委",
            send=date(2026, 12, 28),
        ),
        plan(
            "returned",
            persona,
            Period.INTERSESSION,
            submit=date(2026, 11, 18),
            cosigners=[],
            returned_first=True,
            stop="return",
        ),
        plan("draft", persona, Period.INTERSESSION, submit=date(2026, 11, 25), cosigners=[], stop="draft"),
        # A joint draft by a Zhengzhou colleague, waiting for the deputy to confirm as co-signer.
        plan(
            "cosign",
            others[0],
            Period.INTERSESSION,
            submit=date(2026, 11, 24),
            cosigners=[others[1], persona],
            unconfirmed={persona.pk},
            stop="draft",
        ),
        # 省教育厅's inboxes.
        plan(
            "to-sign",
            others[2],
            Period.INTERSESSION,
            submit=date(2026, 11, 16),
            assign=date(2026, 11, 26),
            field=edu,
            lead_unit=HOME_UNIT,
            units=[home],
            cosigners=[],
            stop="assign",
        ),
        plan(
            "co-owed",
            others[3],
            Period.INTERSESSION,
            submit=date(2026, 10, 26),
            assign=date(2026, 11, 3),
            late_opinion=True,
            field=edu,
            lead_unit=HOME_UNIT,
            units=[home, co_unit],
            cosigners=[],
            send=date(2027, 1, 20),
        ),
        plan(
            "home-co",
            others[4],
            Period.INTERSESSION,
            submit=date(2026, 11, 2),
            assign=date(2026, 11, 9),
            late_opinion=True,
            field=cast.fields["社会保障"],
            lead_unit="省人力资源社会保障厅",
            units=[hrss, home],
            cosigners=[],
            send=date(2027, 1, 25),
        ),
        plan(
            "due-soon",
            others[5],
            Period.INTERSESSION,
            submit=date(2026, 8, 24),
            assign=date(2026, 8, 31),
            field=edu,
            lead_unit=HOME_UNIT,
            units=[home],
            cosigners=[],
            send=date(2026, 12, 3),
            stop="meeting",
        ),
        plan(
            "overdue",
            others[6],
            Period.SESSION,
            submit=jan,
            assign=assign_day,
            field=edu,
            lead_unit=HOME_UNIT,
            units=[home, co_unit],
            cosigners=[],
            complex=True,
            send=date(2026, 12, 20),
        ),
        plan(
            "rehandle",
            others[7],
            Period.SESSION,
            submit=jan,
            assign=assign_day,
            field=edu,
            lead_unit=HOME_UNIT,
            units=[home],
            cosigners=[],
            complex=True,
            send=date(2026, 10, 20),
            ratings=[Rating.UNSATISFIED, Rating.SATISFIED],
            rerate_after=(70, 80),
            lapse=False,
        ),
        plan(
            "in-review",
            others[8],
            Period.INTERSESSION,
            submit=date(2026, 9, 1),
            field=edu,
            lead_unit=HOME_UNIT,
            units=[home],
            cosigners=[],
            send=date(2026, 11, 26),
            stop=chains.IN_REVIEW_STOP,  # waits at the level the leader login holds
            return_reply=False,
        ),
        # The office's inbox: waiting for review, registered and waiting for assignment.
        plan("to-review", others[9], Period.INTERSESSION, submit=date(2026, 11, 26), cosigners=[], stop="submit"),
        plan("to-assign", others[10], Period.INTERSESSION, submit=date(2026, 11, 23), cosigners=[], stop="register"),
    ]


# --- For other apps ---------------------------------------------------------------------------


def previous_term_b_class() -> QuerySet[Suggestion]:
    """The previous term's B-class suggestions (十三届六次会议): their commitments are still followed.

    Use `commitments_for(suggestion)` for what each reply promised and by when.
    """
    return (
        Suggestion.objects.filter(session__name=PREVIOUS_SESSION, category__code="B")
        .select_related("session", "category", "lead_deputy")
        .order_by("number")
    )
