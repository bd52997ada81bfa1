"""A closed suggestion whose text and deputies carry personal data, for the disclosure tests."""

from congress.models import Deputy
from disclosure import publishing, screening
from suggestions.models import Reply
from tests import world as w

PERSONAL = {
    "phone": "13912345678",
    "id_number": "410105198203154417",
    "address": "郑州市金水区纬五路21号院3号楼2单元501室",
}
COSIGNER_PERSONAL = {"phone": "15037112233", "id_number": "41030219900101002X", "address": "洛阳市西工区凯旋东路66号"}
BODY = (
    "一、存在问题\n留守儿童心理健康问题突出。\n"
    f"如需了解情况请致电{PERSONAL['phone']}，或到{PERSONAL['address']}找我，"
    f"身份证号{PERSONAL['id_number']}，邮箱 wangjg@example.com，办公电话0371-65901234。\n"
    "二、建议\n一是配齐心理教师；二是建立关爱档案。"
)
REPLY = f"王建国代表：您提出的建议收悉。我厅已于5月与您电话（{COSIGNER_PERSONAL['phone']}）沟通，现答复如下……"


def with_personal_data(world) -> None:
    Deputy.objects.filter(user=world.deputy).update(**PERSONAL)
    Deputy.objects.filter(user=world.cosigner).update(**COSIGNER_PERSONAL)


def closed_suggestion(world, *, title="关于加强农村留守儿童心理健康教育的建议", disclosure="full", cosign=True):
    from suggestions import actions

    s = world.new_draft(title=title)
    s.body, s.disclosure = BODY, disclosure
    s.save(update_fields=["body", "disclosure"])
    if cosign:
        actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
        actions.confirm_cosign(s, actor=world.cosigner)
    w.advance(world, s, "handling")
    Reply.objects.filter(suggestion=s).update(body=REPLY)
    w.advance(world, s, "closed")
    return s


def published_world(world, **kw):
    """Personal data on file, one closed suggestion, catalogue and reply published."""
    with_personal_data(world)
    s = closed_suggestion(world, **kw)
    publishing.publish_catalogue(world.session, actor=world.office)
    # The body carries personal data: the catalogue holds it until the office has seen the preview.
    screening.mark_seen(s, actor=world.office)
    publishing.publish_reply(s, actor=world.office)
    return s
