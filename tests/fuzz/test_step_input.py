"""Every step a role may take now, through the API, with hostile input in every field: 400, never 500.

The API's schema cannot describe a step's input (it depends on the step), so the schema fuzz test
sends none; this test sends each field of the step's form the hostile strings, and JSON values of
the wrong type (a number where a date is due was a server error in `record` and `request_extension`).
"""

from django.db import transaction
from rest_framework.test import APIClient

from suggestions.forms import form_for
from suggestions.workflow import available, context_for

from .data import build_fuzz_world
from .hostile import HOSTILE, rotations

WRONG_TYPES = [12345, True, None, ["x", 2], {"a": 1}, [{"what": 1}]]
ROLES = ["deputy", "office", "handler", "leader", "co_handler", "supervisor"]


def bodies(fields: list[str]) -> list[dict]:
    typed = [{name: value for name in fields} for value in WRONG_TYPES]
    return rotations(fields, HOSTILE) + typed


def test_steps_answer_hostile_input_without_server_error(db):
    fw = build_fuzz_world()
    failures, tried = [], set()
    for role in ROLES:
        user = getattr(fw.w, role)
        client = APIClient()
        client.force_authenticate(user)
        for s in fw.suggestions:
            ctx = context_for(user, s)
            for tr, blocked in available(ctx):
                if blocked:
                    continue
                fields = list(form_for(tr.name, ctx).fields) or ["note"]
                for body in bodies(fields):
                    with transaction.atomic():
                        try:
                            r = client.post(f"/api/v1/suggestions/{s.pk}/actions/{tr.name}/", body, format="json")
                            status = r.status_code
                        except Exception as exc:
                            status = f"{type(exc).__name__}: {exc}"[:200]
                        transaction.set_rollback(True)
                    tried.add(tr.name)
                    if not isinstance(status, int) or status >= 500:
                        failures.append(f"{role} {tr.name} #{s.pk} {str(body)[:120]}: {status}")
    assert {"record", "request_extension", "report_progress", "register"} <= tried, tried
    assert not failures, "\n".join(failures)
