"""The small congress the fuzz tests run against: the personas, and suggestions at several stages."""

from dataclasses import dataclass

from disclosure import publishing
from meetings.actions import open_meeting
from suggestions import actions
from suggestions.models import Status, Suggestion
from supervision import actions as supervision
from supervision import notify
from tests.world import World, advance, build

COMMITMENTS = [{"what": "2024年底前完成全省农村供水管网改造规划", "due_date": "2024-12-31", "responsible": "张处长"}]


@dataclass
class FuzzWorld:
    w: World
    draft: Suggestion
    submitted: Suggestion
    handling: Suggestion
    b_class: Suggestion

    @property
    def suggestions(self) -> list[Suggestion]:
        return [self.draft, self.submitted, self.handling, self.b_class]


def build_fuzz_world() -> FuzzWorld:
    w = build()
    draft = w.new_draft("关于完善城市社区养老服务设施的建议")
    submitted = advance(w, w.new_draft("关于加快发展县域经济的建议", by=w.cosigner), Status.SUBMITTED)
    handling = advance(w, w.new_draft("关于加强农村留守儿童心理健康教育的建议"), Status.HANDLING)
    b_class = advance(w, w.new_draft("关于推进城乡供水一体化的建议"), Status.CLOSED, category="B")
    actions.perform(b_class, "record_commitments", actor=w.handler, data={"commitments": COMMITMENTS})
    supervision.remind(handling, actor=w.office, message="请抓紧办理")
    publishing.publish_catalogue(w.session, actor=w.office)
    open_meeting(actor=w.office, session=w.session, held_on=w.session.end_date)  # an empty agenda: apply is a 409
    for user in (w.deputy, w.office, w.handler, w.supervisor):
        notify.notify([user], kind="manual", title="测试通知", body="请查看", suggestion=handling)
    return FuzzWorld(w, draft, submitted, handling, b_class)
