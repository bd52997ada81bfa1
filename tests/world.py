"""The named personas every test uses, built in one place, and a helper to move a suggestion on.

`build()` makes a small congress: one session, four deputies, three units and one user per role.
`advance()` drives a suggestion through the happy path with the domain actions, for tests that
need a suggestion at a given stage and are about what happens next.
"""

import importlib
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role, User
from congress.models import Delegation, Deputy, Field, ReplyCategory, Session, Term, Unit
from suggestions import actions
from suggestions.models import Status, Suggestion

PASSWORD = "jianyi-test-pass"


@dataclass
class World:
    term: Term
    session: Session
    field: Field
    lead_unit: Unit
    co_unit: Unit
    other_unit: Unit
    deputy: User  # 领衔代表
    cosigner: User  # 联名代表
    cosigner2: User
    outsider: User  # a deputy with nothing to do with the suggestion
    office: User  # 选任联工委 reviewer and assigner
    handler: User  # lead unit 经办人
    leader: User  # lead unit 负责人: reviews and signs replies
    co_handler: User  # co-handling unit 经办人
    other_handler: User  # a unit the suggestion was not assigned to
    supervisor: User

    def category(self, code: str) -> ReplyCategory:
        return ReplyCategory.objects.get(code=code)

    def new_draft(self, title="关于加强农村留守儿童心理健康教育的建议", by=None) -> Suggestion:
        return actions.create_draft(
            actor=by or self.deputy,
            session=self.session,
            title=title,
            body="一、存在问题\n留守儿童心理健康问题突出。\n二、建议\n一是……二是……",
            field=self.field.pk,
        )


def _user(username: str, role: str, name: str, unit: Unit | None = None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, role=role, unit=unit)
    user.last_name, user.first_name = name[0], name[1:]
    user.save()
    return user


def _deputy(term, delegation, username, name) -> User:
    user = _user(username, Role.DEPUTY, name)
    Deputy.objects.create(user=user, term=term, delegation=delegation, name=name, phone="13800000000")
    return user


def build() -> World:
    # The default reference data (fields, reply categories, deadline rules) comes from a data
    # migration; a transactional test's flush empties those tables, so put it back first.
    importlib.import_module("congress.migrations.0002_defaults").install(apps, None)
    importlib.import_module("supervision.migrations.0004_lookback_campaigns_and_filing").install_bodies(apps, None)
    term = Term.objects.create(number=14, name="第十四届", start_date=date(2023, 1, 1))
    session = Session.objects.create(
        term=term, number=1, name="十四届一次会议", start_date=date(2023, 1, 12), end_date=date(2023, 1, 16)
    )
    zz = Delegation.objects.create(name="郑州代表团", order=1)
    ly = Delegation.objects.create(name="洛阳代表团", order=2)
    lead = Unit.objects.create(name="河南省教育厅", short_name="省教育厅", kind=Unit.Kind.GOVERNMENT_DEPARTMENT)
    co = Unit.objects.create(name="河南省民政厅", short_name="省民政厅", kind=Unit.Kind.GOVERNMENT_DEPARTMENT)
    other = Unit.objects.create(
        name="河南省交通运输厅", short_name="省交通运输厅", kind=Unit.Kind.GOVERNMENT_DEPARTMENT
    )
    return World(
        term=term,
        session=session,
        field=Field.objects.get(name="科教文卫"),
        lead_unit=lead,
        co_unit=co,
        other_unit=other,
        deputy=_deputy(term, zz, "deputy", "王建国"),
        cosigner=_deputy(term, zz, "cosigner", "李秀英"),
        cosigner2=_deputy(term, ly, "cosigner2", "张伟"),
        outsider=_deputy(term, ly, "outsider", "刘洋"),
        office=_user("office", Role.OFFICE, "陈静"),
        handler=_user("handler", Role.UNIT_HANDLER, "杨帆", lead),
        leader=_user("leader", Role.UNIT_LEADER, "赵强", lead),
        co_handler=_user("co_handler", Role.UNIT_HANDLER, "黄磊", co),
        other_handler=_user("other_handler", Role.UNIT_HANDLER, "周敏", other),
        supervisor=_user("supervisor", Role.SUPERVISOR, "吴刚"),
    )


def letter(name="reply.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed and sealed reply letter", content_type="application/pdf")


# The happy path, one stage after another; `advance` stops once the suggestion reaches `until`.
def advance(w: World, s: Suggestion, until: str, *, co_unit: bool = True, category: str = "A") -> Suggestion:
    def reached() -> bool:
        s.refresh_from_db()
        return s.status == until

    path = [
        (Status.DRAFT, lambda: actions.submit(s, actor=s.lead_deputy.user)),
        (Status.SUBMITTED, lambda: actions.register(s, actor=w.office)),
        (
            Status.REGISTERED,
            lambda: actions.assign(s, actor=w.office, lead_unit=w.lead_unit, co_units=[w.co_unit] if co_unit else []),
        ),
        (Status.ASSIGNED, lambda: _handle(w, s, co_unit, category)),
        (Status.HANDLING, lambda: actions.send_reply(s, actor=w.handler, letter=letter())),
        (
            Status.REPLIED,
            lambda: [
                actions.rate(s, actor=link.deputy.user, result="satisfied", attitude="satisfied")
                for link in s.deputy_links.select_related("deputy__user")
            ],
        ),
    ]
    for state, do in path:
        if reached():
            return s
        if s.status == state:
            do()
    reached()
    return s


def _handle(w: World, s: Suggestion, co_unit: bool, category: str) -> None:
    """Sign, contact the deputy, collect the co-unit's opinion and get a reply signed off."""
    actions.sign(s, actor=w.handler)
    if co_unit:
        actions.sign_as_co(s, actor=w.co_handler)
        actions.send_co_opinion(s, actor=w.co_handler, summary="我厅将配合做好留守儿童关爱工作。")
    actions.record(
        s,
        actor=w.handler,
        kind="contact",
        channel="phone",
        happened_on=timezone.localdate(),
        summary="电话联系代表，了解建议背景。",
    )
    actions.draft_reply(
        s, actor=w.handler, body="王建国代表：您提出的建议收悉，现答复如下……", category=w.category(category)
    )
    actions.submit_reply(s, actor=w.handler)
    pass_review(s)


def next_reviewer(s: Suggestion) -> User:
    """Who passes the current level of the reply in review: its holder, never someone who passed another level.

    The first user of the unit who holds the level and has not passed one yet; for a level held by a
    role with nobody left to take it, a new leader of the unit is made (the default chain of
    `Policy.review_levels` leader levels needs that many leaders).
    """
    from suggestions import review
    from suggestions.models import Reply

    reply = Reply.objects.get(suggestion=s, round=s.reply_round + 1)
    if user := review.may_take_now(reply).first():
        return user
    level = review.current_level(reply)
    n = User.objects.filter(unit_id=reply.unit_id, role=level["role"]).count() + 1
    names = "钱进孙立李明周平吴昊郑义王安冯远"
    return _user(f"reviewer{reply.unit_id}_{n}", level["role"], f"{names[n % len(names)]}{n}", reply.unit)


def pass_review(s: Suggestion, approve=None) -> list[User]:
    """Pass every remaining level of the reply's review chain, each by a different holder.

    `approve(user)` takes the step (default: `actions.approve_reply`; API tests post it instead).
    Returns who passed, in order.
    """
    from suggestions.models import Reply

    who = []
    while True:
        s.refresh_from_db()
        if Reply.objects.get(suggestion=s, round=s.reply_round + 1).stage != Reply.Stage.IN_REVIEW:
            return who
        user = next_reviewer(s)
        (approve or (lambda u: actions.approve_reply(s, actor=u)))(user)
        who.append(user)
