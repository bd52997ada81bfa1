"""A production start refuses the demo's published password (see security.demo_password_accounts).

Tagged `database`: `migrate` and `check --database default` run it; jianyi/wsgi.py runs the same test
when the application starts (gunicorn, runserver), so a server never comes up with it."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from . import security


@register(Tags.database)
def demo_password_check(app_configs=None, databases=None, **kwargs):
    if not databases or not security.production_start():
        return []
    try:
        names = security.demo_password_accounts()
    except DatabaseError:  # tables not created yet: nothing to refuse
        return []
    if not names:
        return []
    return [
        Error(
            f"{len(names)} active accounts still use the demo password (e.g. {', '.join(names[:5])}).",
            hint="Change their passwords or disable them; DEMO=true marks a demonstration start.",
            id="accounts.E001",
        )
    ]
