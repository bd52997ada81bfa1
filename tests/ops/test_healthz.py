import pytest


@pytest.mark.django_db
def test_healthz_answers_when_the_database_answers(client, settings):
    settings.HEALTHZ_REDIS = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "not used"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_checks_redis_when_the_deployment_uses_it(client, settings):
    settings.HEALTHZ_REDIS = True
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert client.get("/healthz").json()["checks"]["redis"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_dependency_that_is_down(client, settings):
    settings.HEALTHZ_REDIS = True
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error")


def test_healthz_needs_no_login_and_takes_only_get(client, db):
    assert client.post("/healthz").status_code == 405
