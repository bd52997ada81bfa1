"""Logins, logouts, failures, denials, writes and downloads land in the audit log, with address and outcome."""

from django.utils import timezone

from audit.models import AuditRecord, Kind, Outcome
from suggestions import actions
from tests.world import PASSWORD

ADDRESS = {"REMOTE_ADDR": "10.1.2.3"}


def last(kind) -> AuditRecord:
    return AuditRecord.objects.filter(kind=kind).order_by("-seq").first()


def test_login_logout_and_failure_are_recorded_with_the_address(client, world):
    client.post("/accounts/login/", {"username": "office", "password": "wrong"}, **ADDRESS)
    failed = last(Kind.LOGIN_FAILED)
    assert (failed.username, failed.ip, failed.outcome, failed.actor) == ("office", "10.1.2.3", Outcome.FAILURE, None)

    client.post("/accounts/login/", {"username": "office", "password": PASSWORD}, **ADDRESS)
    login = last(Kind.LOGIN)
    assert (login.actor, login.ip, login.outcome) == (world.office, "10.1.2.3", Outcome.SUCCESS)

    client.post("/accounts/logout/", **ADDRESS)
    assert last(Kind.LOGOUT).actor == world.office
    # The login form's own POSTs are not recorded twice.
    assert not AuditRecord.objects.filter(kind=Kind.REQUEST, target="/accounts/login/").exists()


def test_a_denied_page_and_a_denied_api_call_are_recorded(client, api, world):
    client.force_login(world.deputy)
    assert client.get("/office/", **ADDRESS).status_code == 403
    denied = last(Kind.DENIED)
    assert (denied.actor, denied.target, denied.outcome, denied.ip) == (
        world.deputy,
        "/office/",
        Outcome.DENIED,
        "10.1.2.3",
    )

    s = world.new_draft()
    actions.submit(s, actor=world.deputy)
    # The deputy sees the suggestion but may not register it: the API's exception handler answers 403.
    assert api(world.deputy).post(f"/api/v1/suggestions/{s.pk}/actions/register/", {}).status_code == 403
    assert last(Kind.DENIED).target == f"/api/v1/suggestions/{s.pk}/actions/register/"
    assert api(None).get("/api/v1/suggestions/").status_code in (401, 403)
    assert last(Kind.DENIED).actor is None


def test_a_write_request_and_its_event_are_recorded(client, world):
    s = world.new_draft()
    client.force_login(world.deputy)
    response = client.post(f"/s/{s.pk}/step/submit/", **ADDRESS)
    assert response.status_code == 302
    request = last(Kind.REQUEST)
    assert (request.actor, request.ip, request.outcome, request.detail["status"]) == (
        world.deputy,
        "10.1.2.3",
        Outcome.SUCCESS,
        302,
    )
    event = last(Kind.EVENT)
    assert (event.action, event.target, event.actor) == ("step:submit", f"suggestions.suggestion:{s.pk}", world.deputy)


def test_a_download_is_recorded_with_its_file_and_filters(client, world):
    client.force_login(world.office)
    response = client.get("/office/suggestions.csv?status=registered", **ADDRESS)
    assert response.status_code == 200
    export = last(Kind.EXPORT)
    assert (export.actor, export.ip, export.detail["file"], export.detail["query"]) == (
        world.office,
        "10.1.2.3",
        f"代表建议清单-{timezone.localdate():%Y%m%d}.csv",
        "status=registered",
    )


def test_a_lookback_inspection_and_admin_edit_are_recorded(client, world, admins):
    from accounts.models import Role
    from supervision import actions as supervision

    supervision.record_lookback(
        actor=world.office,
        unit=world.lead_unit,
        year=2024,
        ledger_kept=True,
        promises_done=True,
        follow_up_continuous=False,
        second_reply_given=True,
        note="",
    )
    assert last(Kind.WRITE).action == "lookback"
    client.force_login(admins[Role.SYSTEM_ADMIN])
    response = client.post(
        f"/admin/congress/unit/{world.other_unit.pk}/change/",
        {
            "name": "河南省交通运输厅",
            "short_name": "省交通厅",
            "kind": "government_department",
            "duties": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    admin = last(Kind.ADMIN)
    assert (admin.actor, admin.target) == (admins[Role.SYSTEM_ADMIN], f"congress.unit:{world.other_unit.pk}")


def test_token_issue_revocation_and_password_change_are_recorded(world):
    from accounts import security
    from audit.models import AuditRecord

    key, token = security.issue_token(world.office)
    assert AuditRecord.objects.filter(action="api_token_issued", actor=world.office, detail__prefix=key[:6]).exists()
    world.office.set_password("Another-pass-2026!")
    world.office.save()
    security.password_changed(world.office)
    assert AuditRecord.objects.filter(action="password_changed", actor=world.office).exists()
    assert AuditRecord.objects.filter(action="api_tokens_revoked", actor=world.office, detail__count=1).exists()
