"""The API fuzzed from its own OpenAPI schema (schemathesis), in-process through the WSGI app.

For each role (anonymous, deputy, office, unit handler) every operation gets generated requests,
valid and invalid; each answer must be no server error, a status code the schema documents, a
documented content type and a body that matches the documented schema. Path ids are those of
real objects, so detail pages and steps are reached rather than answered 404.

Deterministic (derandomized Hypothesis, no example database) and bounded by `EXAMPLES`.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jianyi.wsgi import application
from suggestions.actions import STEPS
from tests.world import PASSWORD

from .data import build_fuzz_world
from .hostile import rotations

EXAMPLES = 8
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ["anonymous", "deputy", "office", "handler"]


def token_for(user) -> dict:
    """An Authorization header from the token endpoint, as an API client would get one."""
    response = Client().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return {"Authorization": f"Token {response.json()['token']}"}


def path_choices(fw, operation) -> dict[str, list]:
    """Ids of real objects for the operation's path parameters (the schema only says 'integer')."""
    from congress.models import Delegation, Deputy, Field, ReplyCategory, Session, Unit
    from meetings.models import Meeting
    from supervision.models import Commitment, Filing, Inspection, KeySupervision, LookBack, ReviewOpinion

    path = operation.path
    if "{id}" not in path:
        return {}
    if path.startswith("/api/v1/suggestions/"):
        ids = [s.pk for s in fw.suggestions]
        return {"id": ids, "step": sorted(STEPS)} if "{step}" in path else {"id": ids}
    if path.startswith("/api/v1/public/suggestions/"):
        return {"id": [fw.handling.pk]}
    models = {
        "categories": ReplyCategory,
        "commitments": Commitment,
        "delegations": Delegation,
        "deputies": Deputy,
        "fields": Field,
        "filings": Filing,
        "inspections": Inspection,
        "key-supervision": KeySupervision,
        "lookbacks": LookBack,
        "meetings": Meeting,
        "public": Session,
        "review-opinions": ReviewOpinion,
        "sessions": Session,
        "units": Unit,
    }
    model = models[path.split("/")[3]]
    return {"id": list(model.objects.values_list("pk", flat=True)[:5]) or [1]}


def call_and_check(case, headers: dict) -> None:
    with transaction.atomic():  # every request sees the same data
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        finally:
            transaction.set_rollback(True)


def hostile_queries(operation, headers: dict, path_parameters: dict) -> str | None:
    """Every query parameter of the operation given every hostile value (tests/fuzz/hostile.py)."""
    names = [p.name for p in operation.query]
    if not names:
        return None
    for query in rotations(names):
        case = operation.Case(path_parameters=path_parameters or None, query=query)
        try:
            call_and_check(case, headers)
        except (Exception, BaseExceptionGroup) as exc:
            return f"{operation.label} ?{query}: {exc}"[:1500]
    return None


def fuzz_operation(operation, headers: dict, ids: st.SearchStrategy[dict]) -> str | None:
    """Run the examples of one operation; the first failure's report, or None."""
    strategy = ids.flatmap(
        lambda p: st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=p or None),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=p or None),
        )
    )

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        call_and_check(case, headers)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # collected, reported together below
        return f"{operation.label}: {exc}"[:1500]
    return None


def app(environ, start_response):
    """The project's WSGI application, kept from closing the test's connection (and its transaction)
    at the end of each request, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def schema(db):
    fw = build_fuzz_world()
    loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=token_for(fw.w.office))
    return fw, loaded


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_every_generated_request_as_documented(schema, role):
    fw, loaded = schema
    headers = {} if role == "anonymous" else token_for(getattr(fw.w, role))
    failures = []
    for result in loaded.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/v1/auth/token/":
            continue  # would log in as whoever it guesses; covered by tests/core/test_openapi.py
        choices = path_choices(fw, operation)
        ids = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in choices.items()})
        for failure in (
            fuzz_operation(operation, headers, ids),
            hostile_queries(operation, headers, {name: values[0] for name, values in choices.items()}),
        ):
            if failure:
                failures.append(failure)
    assert not failures, "\n\n".join(failures)
