"""Recording, not reacting: logins, logouts, failed logins and the admin's change log.

These receivers only append to the audit log; none changes the state of anything else.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import log
from .models import Kind, Outcome

ADMIN_FLAGS = {1: "新增", 2: "修改", 3: "删除"}


@receiver(user_logged_in, dispatch_uid="audit_login")
def logged_in(sender, request, user, **kwargs):
    log.record(Kind.LOGIN, "login", actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        log.record(Kind.LOGOUT, "logout", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` has the password masked by Django; keep only the name that was tried.
    username = str(credentials.get("username") or credentials.get("email") or "")
    log.record(Kind.LOGIN_FAILED, "login", username=username, ip=log.client_ip(request), outcome=Outcome.FAILURE)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log")
def admin_logged(sender, instance: LogEntry, created, **kwargs):
    if not created:
        return
    log.record(
        Kind.ADMIN,
        f"admin:{ADMIN_FLAGS.get(instance.action_flag, instance.action_flag)}",
        actor=instance.user,
        target=f"{instance.content_type.app_label}.{instance.content_type.model}:{instance.object_id}"
        if instance.content_type_id
        else "",
        detail={"object": instance.object_repr[:200], "change": instance.get_change_message()[:1000]},
    )
