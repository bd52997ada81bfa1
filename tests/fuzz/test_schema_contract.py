"""What the OpenAPI schema promises: who may read it, the errors, and the fields that may be null."""

from drf_spectacular.generators import SchemaGenerator


def schema():
    return SchemaGenerator(urlconf="jianyi.urls").get_schema(request=None, public=True)


def test_the_schema_needs_a_login(world, api):
    assert api().get("/api/schema/").status_code in (401, 403)
    assert api(world.deputy).get("/api/schema/?format=json").status_code == 200


def test_fields_that_may_be_null_say_so():
    components = schema()["components"]["schemas"]
    nullable = {
        ("SuggestionList", "category"),
        ("SuggestionList", "field"),
        ("SuggestionDetail", "merged_into"),
        ("Event", "unit"),
        ("Deadline", "unit"),
        ("Record", "attachment"),
        ("Reply", "letter"),
        ("Reply", "sent_at"),
        ("Commitment", "category"),
    }
    for name, field in nullable:
        assert components[name]["properties"][field].get("nullable") is True, (name, field)


def test_lists_that_are_arrays_are_documented_as_arrays():
    paths = schema()["paths"]
    four = paths["/api/v1/four-checks/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert four["type"] == "array"
    awards = paths["/api/v1/public/awards/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert awards["type"] == "array"


def test_every_operation_documents_its_refusals():
    for path, operations in schema()["paths"].items():
        for method, op in operations.items():
            codes = set(op["responses"])
            if path.startswith("/api/v1/public/"):
                assert "401" not in codes, path  # readable without logging in
            elif path != "/api/v1/auth/token/":
                assert {"401", "403"} <= codes, (method, path)
            if method == "post":
                assert {"400", "409"} <= codes, (method, path)
            if "{id}" in path:
                assert "404" in codes, (method, path)
    step = schema()["paths"]["/api/v1/suggestions/{id}/actions/{step}/"]["post"]["responses"]
    assert step["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
