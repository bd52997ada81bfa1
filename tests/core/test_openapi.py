"""The OpenAPI schema, and token authentication."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from tests.world import PASSWORD


def test_schema_is_served(world, api):
    response = api(world.office).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/suggestions/{id}/actions/{step}/" in response.json()["paths"]


def test_whole_schema_generates_without_warnings_or_errors(db):
    """Every app's endpoints, not only the core's: a view the generator cannot read is a bug in its docs."""
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(urlconf="jianyi.urls").get_schema(request=None, public=True)
    problems = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert not problems, problems
    detail = schema["components"]["schemas"]["SuggestionDetail"]["properties"]
    assert detail["reassignment_requests"]["type"] == "array"
    assert detail["events"]["items"]["$ref"].endswith("/Event")
    assert "SuggestionStatusEnum" in schema["components"]["schemas"]


def test_token_auth(world, api):
    response = api().post("/api/v1/auth/token/", {"username": "deputy", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client = api()
    assert client.get("/api/v1/suggestions/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = client.get("/api/v1/suggestions/")
    assert listing.status_code == 200 and listing.json()["count"] == 0
    bad = api().post("/api/v1/auth/token/", {"username": "deputy", "password": "wrong"}, format="json")
    assert bad.status_code == 400
