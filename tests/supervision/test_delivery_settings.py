"""Each person sets their own phone and email and which reminders also go by SMS / email."""

from datetime import date

from django.core import mail

from suggestions.models import Deadline
from supervision import notify
from supervision.actions import deadline_text
from supervision.models import DeliverySettings, Notification


def test_a_user_sets_contact_details_and_channels_on_their_own_page(world, client):
    client.force_login(world.handler)
    page = client.get("/supervision/settings/")
    assert page.status_code == 200 and "联系方式与提醒" in page.content.decode()
    response = client.post(
        "/supervision/settings/",
        {"phone": "139-0000-0042", "email": "wang@example.cn", "sms_kinds": ["overdue"], "email_kinds": ["due_soon"]},
    )
    assert response.status_code == 302
    world.handler.refresh_from_db()
    assert (world.handler.phone, world.handler.email) == ("13900000042", "wang@example.cn")
    chosen = DeliverySettings.objects.get(user=world.handler)
    assert (chosen.kinds("sms"), chosen.kinds("email")) == (["overdue"], ["due_soon"])
    assert "overdue" not in chosen.sms_off and "due_soon" in chosen.sms_off  # kept as what was turned off
    page = client.get("/supervision/settings/").content.decode()
    assert page.count("checked") == 2  # the page shows what was ticked


def test_bad_contact_details_are_refused_in_chinese_and_nothing_is_saved(world, client):
    client.force_login(world.handler)
    response = client.post("/supervision/settings/", {"phone": "12345", "email": "no-at", "sms_kinds": ["overdue"]})
    text = response.content.decode()
    assert response.status_code == 200 and "请输入11位手机号" in text and "请输入正确的电子邮箱地址" in text
    world.handler.refresh_from_db()
    assert world.handler.phone == "" and not DeliverySettings.objects.exists()


def test_sms_without_a_phone_is_refused(world, client):
    client.force_login(world.deputy)
    response = client.post("/supervision/settings/", {"sms_kinds": ["overdue"]})
    assert "选择了短信提醒，请填写手机号" in response.content.decode()


def test_a_reminder_goes_by_sms_and_email_as_each_person_chose(world, sms_outbox, django_capture_on_commit_callbacks):
    for user in (world.handler, world.leader):
        user.phone, user.email = f"1390000{user.pk:04d}", f"{user.username}@example.cn"
        user.save()
    # The handler wants overdue reminders by SMS only; the leader by email only.
    DeliverySettings.choose(world.handler, sms=["overdue"], email=[])
    DeliverySettings.choose(world.leader, sms=[], email=["overdue"])
    with django_capture_on_commit_callbacks(execute=True):
        notify.notify([world.handler, world.leader], kind="overdue", title="逾期催办：第1号")
        notify.notify([world.handler, world.leader], kind="due_soon", title="临期提醒：第2号")
    assert [phone for phone, _text in sms_outbox] == [world.handler.phone]
    assert [m.to for m in mail.outbox] == [[world.leader.email]]
    assert Notification.objects.count() == 4  # the inbox gets everything


def test_turning_a_kind_off_stops_only_that_kind(world, sms_outbox, django_capture_on_commit_callbacks, client):
    world.handler.phone, world.handler.email = "13900000001", "handler@example.cn"
    world.handler.save()
    client.force_login(world.handler)
    everything_but_due_soon = [k for k in Notification.Kind.values if k != "due_soon"]
    client.post(
        "/supervision/settings/",
        {"phone": "13900000001", "email": "handler@example.cn", "sms_kinds": everything_but_due_soon,
         "email_kinds": Notification.Kind.values},
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        notify.notify([world.handler], kind="due_soon", title="临期提醒")
        notify.notify([world.handler], kind="overdue", title="逾期催办")
    assert [text for _phone, text in sms_outbox] == ["【代表建议办理平台】逾期催办"]
    assert len(mail.outbox) == 2


def test_reminder_text_names_each_deadline_once():
    for kind, label in Deadline.Kind.choices:
        text = deadline_text(label, date(2026, 3, 5))
        assert "期限期限" not in text and "期限为" in text, (kind, text)
