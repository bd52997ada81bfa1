"""三权分立: the system, security and audit administrators cannot do each other's work."""

import pytest

from accounts import security
from accounts.models import Role

# Pages that belong to exactly one administrator.
OWN_PAGES = {
    Role.SYSTEM_ADMIN: ["/admin/congress/unit/", "/admin/congress/policy/", "/admin/accounts/user/add/"],
    Role.SECURITY_ADMIN: ["/admin/auth/group/", "/admin/auth/group/add/"],
    Role.AUDIT_ADMIN: ["/audit/", "/audit/export.csv"],
}


@pytest.mark.parametrize("role", list(OWN_PAGES))
def test_each_administrator_is_refused_the_others_pages(client, world, admins, role):
    client.force_login(admins[role])
    for owner, pages in OWN_PAGES.items():
        for page in pages:
            status = client.get(page).status_code
            if owner == role:
                assert status == 200, page
            elif role == Role.AUDIT_ADMIN:
                # The auditor has no admin login at all: the admin sends them to its login page.
                assert status == 302, page
            else:
                assert status == 403, page
    # No administrator works on suggestions.
    assert client.get("/office/").status_code == 403


def test_the_security_admin_changes_roles_but_not_names_or_passwords(client, world, admins):
    client.force_login(admins[Role.SECURITY_ADMIN])
    user = world.supervisor
    form = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert form.status_code == 200
    fields = form.context["adminform"].form.fields
    assert "role" in fields and "last_name" not in fields and "password" not in fields
    # Administrator roles are not offered: nobody makes another administrator from here.
    assert Role.AUDIT_ADMIN not in dict(fields["role"].choices)
    assert client.get(f"/admin/accounts/user/{user.pk}/password/").status_code == 403


def test_the_system_admin_edits_accounts_but_not_their_roles(client, world, admins):
    client.force_login(admins[Role.SYSTEM_ADMIN])
    fields = client.get(f"/admin/accounts/user/{world.supervisor.pk}/change/").context["adminform"].form.fields
    assert "last_name" in fields and "is_active" in fields
    assert not {"role", "groups", "user_permissions", "is_superuser", "is_staff"} & set(fields)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_no_administrator_reaches_another_administrators_account(client, admins, role):
    client.force_login(admins[role])
    for other in admins.values():
        assert client.get(f"/admin/accounts/user/{other.pk}/change/").status_code in (302, 404)
        assert client.get(f"/admin/accounts/user/{other.pk}/password/").status_code in (403, 404)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_no_administrator_reads_id_numbers_or_tokens(client, world, admins, role):
    deputy = world.deputy.deputy
    deputy.id_number = "410102198010135541"
    deputy.save(update_fields=["id_number"])
    token, _ = security.issue_token(world.office)
    client.force_login(admins[role])
    page = client.get(f"/admin/congress/deputy/{deputy.pk}/change/")
    assert "410102198010135541" not in page.content.decode()
    assert "13800000000" not in page.content.decode()
    for page in ("/admin/", "/admin/accounts/apitoken/"):
        response = client.get(page)
        assert token not in response.content.decode()
        assert response.status_code in (200, 403)
