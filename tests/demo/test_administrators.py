from accounts.models import ADMIN_ROLES, Role, User
from demo import loader as demo


def test_the_demo_has_three_administrators_and_no_superuser(loaded, db):
    admins = dict(User.objects.filter(role__in=ADMIN_ROLES).values_list("username", "role"))
    assert admins == {"sysadmin": Role.SYSTEM_ADMIN, "secadmin": Role.SECURITY_ADMIN, "auditor": Role.AUDIT_ADMIN}
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.get(username="auditor").is_staff
    assert {"sysadmin", "secadmin", "auditor"} <= {u for _r, u, _t in demo.LOGINS}
