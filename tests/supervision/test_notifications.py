from django.core import mail
from django.db import transaction

from supervision import notify
from supervision.models import Notification
from supervision.sms import FileBackend

from .helpers import with_phone_and_email


def test_notification_reaches_inbox_email_and_sms_after_commit(world, sms_outbox, django_capture_on_commit_callbacks):
    with_phone_and_email(world.handler)
    with django_capture_on_commit_callbacks(execute=True):
        notify.notify([world.handler], kind="manual", title="催办：第1号", body="请尽快答复")
        assert mail.outbox == [] and sms_outbox == []  # nothing leaves before the commit
    assert Notification.objects.get().recipient == world.handler
    assert [m.to for m in mail.outbox] == [["handler@example.cn"]]
    assert sms_outbox == [("13900000000", "【代表建议办理平台】催办：第1号：请尽快答复")]


def test_nothing_is_sent_for_a_rolled_back_change(world, sms_outbox, django_capture_on_commit_callbacks):
    with_phone_and_email(world.handler)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify.notify([world.handler], kind="manual", title="不会发出")
                raise RuntimeError
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mail.outbox == [] and sms_outbox == []


def test_delivering_again_sends_nothing_twice(world, sms_outbox, django_capture_on_commit_callbacks):
    with_phone_and_email(world.leader)
    with django_capture_on_commit_callbacks(execute=True):
        (n,) = notify.notify([world.leader], kind="manual", title="催办")
    assert notify.deliver([n.pk]) == 0
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1


def test_unread_count_drops_when_read(world):
    notify.notify([world.handler, world.leader], kind="manual", title="一")
    notify.notify([world.handler], kind="manual", title="二")
    assert notify.unread_count(world.handler) == 2
    notify.mark_read(world.handler)
    assert notify.unread_count(world.handler) == 0
    assert notify.unread_count(world.leader) == 1


def test_file_backend_writes_one_line_per_message(settings, tmp_path):
    settings.SMS_FILE = tmp_path / "sms.log"
    FileBackend().send("13900000001", "催办：请尽快\n答复")
    assert settings.SMS_FILE.read_text(encoding="utf-8").strip().endswith("13900000001\t催办：请尽快 答复")


def test_a_title_quoting_a_long_suggestion_title_is_cut_not_refused(world):
    s = world.new_draft(title="关于" + "加强" * 97 + "的建议")  # 200 characters, the longest a title may be
    (n,) = notify.notify([world.handler], kind="manual", title=f"逾期催办：{s.display_number}“{s.title}”答复期限已逾期")
    n.refresh_from_db()
    assert len(n.title) == 200 and n.title.endswith("…") and n.title.startswith("逾期催办：未编号“关于加强")
