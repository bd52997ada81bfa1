"""Demo data for review opinions (审议意见), an inspection (专题视察) and the yearly appraisal (办理情况评议).

Called once by demo/loader.py after the suggestions exist. Everything goes through the same
functions the office, the units and the deputies use (supervision.actions, evaluations.services),
each on the day it happened. What a user sees at once:
- the office's 专题视察与审议意见 page: an opinion answered by two units (one of them late) and
  overdue at a third, which has been reminded; a newer opinion nobody has answered yet; an
  inspection answered on time;
- 办理情况评议 2026, finished: deputies' questionnaires about the units that replied to them this
  year, the office's grades, results per unit with their intervals, counted in the nominations.
"""

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role, User
from congress.models import Deputy, Unit
from evaluations import appraisal, services
from evaluations.models import Grade
from supervision import actions
from supervision.jobs import scan_unit_tasks

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2026
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ).timestamp(), tick=False)


def _units(*short_names) -> list[Unit]:
    found = {u.short_name: u for u in Unit.objects.filter(short_name__in=short_names)}
    return [found[n] for n in short_names if n in found]


def _handler(unit: Unit) -> User | None:
    return User.objects.filter(unit=unit, role=Role.UNIT_HANDLER, is_active=True).order_by("pk").first()


def _answer(task, unit: Unit, day: date, body: str, file_name: str = "") -> None:
    handler = _handler(unit)
    if handler is None:
        return
    files = [SimpleUploadedFile(file_name, PDF, content_type="application/pdf")] if file_name else []
    with _at(day, 16):
        actions.answer_task(task, actor=handler, body=body, files=files)


def review_opinions(office: User, today: date) -> None:
    edu, transport, agri, civil = _units("省教育厅", "省交通运输厅", "省农业农村厅", "省民政厅")
    with _at(date(2026, 6, 20)):
        report = actions.record_review_opinion(
            actor=office,
            units=[edu, transport, agri, civil],
            title="关于省人民政府代表建议办理情况报告的审议意见",
            meeting="省十四届人大常委会第二十次会议",
            body=(
                "一、进一步提高答复质量，答复内容要具体、可操作，避免“以文件答复文件”。\n"
                "二、加强与代表的沟通联系，办理前、办理中、答复前都要与代表见面或电话沟通。\n"
                "三、对B类建议建立台账，逐项明确落实时限和责任人，按期向代表二次答复。"
            ),
            due_date=date(2026, 9, 30),
        )
    _answer(
        report,
        edu,
        date(2026, 9, 18),
        "一、已修订答复文稿审核办法，实行经办处室、办公室、分管厅领导三级把关；\n"
        "二、今年主办建议全部做到办理前沟通，见面率达到92%；\n"
        "三、B类建议台账已建立，17项承诺均明确责任处室和完成时限。",
        "省教育厅审议意见落实情况报告.pdf",
    )
    _answer(
        report,
        transport,
        date(2026, 10, 12),
        "已召开厅党组会专题研究审议意见，制定整改清单8项，目前已完成6项，其余2项年底前完成。",
        "省交通运输厅落实审议意见整改清单.pdf",
    )
    # 省农业农村厅 and 省民政厅 have not answered: overdue, and reminded once by the scan below.
    with _at(date(2026, 11, 10)):
        actions.record_review_opinion(
            actor=office,
            units=[edu, transport, agri],
            title="关于开展代表建议办理“回头看”工作情况的审议意见",
            meeting="省十四届人大常委会第二十二次会议",
            body="请对本届以来B类建议承诺事项逐项核查，落实不到位的要说明原因并提出整改措施。",
            due_date=date(2026, 12, 10),
        )
    with _at(date(2026, 5, 20)):
        inspection = actions.record_inspection(
            actor=office,
            units=[transport],
            title="省人大常委会对省交通运输厅代表建议办理工作专题视察",
            visited_on=date(2026, 5, 15),
            body="视察发现：部分答复对代表关心的农村公路养护资金问题回应不够具体；协办单位意见未在答复中说明。",
            due_date=date(2026, 7, 31),
        )
    _answer(
        inspection,
        transport,
        date(2026, 7, 25),
        "已对12件涉及农村公路养护的建议补充答复资金安排；答复中逐一说明协办单位意见。",
    )
    with _at(today, 18):
        scan_unit_tasks(today)


def _grade(rng: random.Random, quality: float) -> str:
    roll = rng.random()
    return Grade.SATISFIED if roll < quality else Grade.BASIC if roll < 0.97 else Grade.UNSATISFIED


def yearly_appraisal(office: User) -> int:
    """The finished 2026 appraisal: most deputies answered, the office graded the units with most replies."""
    rng = random.Random(f"demo:appraisal:{YEAR}")  # noqa: S311 -- demo data, not secrets
    with _at(date(2026, 11, 2)):
        rnd = services.open_appraisal(actor=office, year=YEAR)
    pairs = sorted(appraisal.handled_pairs(YEAR))
    deputies = Deputy.objects.select_related("user").in_bulk({d for d, _u in pairs})
    units = Unit.objects.in_bulk({u for _d, u in pairs})
    # Some units handle better than others: their deputies say 满意 more often.
    quality = {u: rng.uniform(0.55, 0.92) for u in sorted(units)}
    answered = 0
    for deputy_id, unit_id in pairs:
        deputy = deputies[deputy_id]
        # The persona deputy answers everything; most others do.
        if deputy.user is None or (deputy.user.username != "deputy" and rng.random() > 0.75):
            continue
        grades = {q: _grade(rng, quality[unit_id]) for q in ("attitude", "contact", "result")}
        with _at(date(2026, 11, rng.randint(3, 24)), rng.randint(9, 20)):
            services.answer_appraisal(rnd, actor=deputy.user, unit=units[unit_id], **grades)
        answered += 1
    by_replies: dict[int, int] = {}
    for _d, unit_id in pairs:
        by_replies[unit_id] = by_replies.get(unit_id, 0) + 1
    with _at(date(2026, 11, 25)):
        for unit_id in sorted(by_replies, key=lambda u: (-by_replies[u], u))[:12]:
            grades = {q: _grade(rng, quality[unit_id] + 0.05) for q in ("attitude", "contact", "result")}
            services.score_unit(rnd, actor=office, unit=units[unit_id], note="答复规范，沟通到位。", **grades)
        services.close_appraisal(rnd, actor=office)
    return answered


def load(today: date) -> None:
    office = User.objects.get(username="office")
    review_opinions(office, today)
    yearly_appraisal(office)
