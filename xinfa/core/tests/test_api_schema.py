"""The OpenAPI 3 schema is generated without warnings and its docs page is served."""

import pytest
from django.core.management import call_command


def test_openapi_schema_generates_without_warnings(tmp_path) -> None:
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    assert "openapi: 3.0.3" in text
    for path in ("/api/v1/customers/", "/api/v1/interactions/", "/api/v1/complaints/"):
        assert f"  {path}:" in text


@pytest.mark.django_db
def test_api_docs_need_sign_in(client, make_staff) -> None:
    assert client.get("/api/v1/docs/").status_code in (401, 403)
    client.force_login(make_staff())
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert b"swagger-ui" in page.content


@pytest.mark.django_db
def test_a_json_body_nested_too_deeply_is_a_400(api_client_for) -> None:
    client = api_client_for("supervisor")
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/complaints/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"
