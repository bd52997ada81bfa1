"""The user guide of each role is linked from the nav; the password can be changed in Chinese."""

import pytest

from tests.world import PASSWORD


@pytest.mark.parametrize("role", ["deputy", "office", "unit", "supervisor", "public"])
def test_every_role_guide_renders(client, db, role):
    page = client.get(f"/guide/{role}/")
    assert page.status_code == 200 and "使用说明" in page.content.decode()


def test_guide_link_opens_the_users_own_guide(world, client):
    client.force_login(world.handler)
    assert 'href="/guide/"' in client.get("/guide/unit/").content.decode()
    assert client.get("/guide/")["Location"] == "/guide/unit/"


def test_password_change_in_chinese(world, client):
    client.force_login(world.deputy)
    page = client.get("/accounts/password_change/").content.decode()
    assert "修改密码" in page and "旧密码" in page
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Henan-2026-new", "new_password2": "Henan-2026-new"},
    )
    assert response.status_code == 302
    world.deputy.refresh_from_db()
    assert world.deputy.check_password("Henan-2026-new")
    assert "密码已修改" in client.get(response["Location"]).content.decode()
