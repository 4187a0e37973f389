"""Role × endpoint matrix: every customer endpoint, every role, plus anonymous calls."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from xinfa.compliance.models import AccessLog
from xinfa.core.roles import ROLE_CAPABILITIES, Capability, Role
from xinfa.customers.models import Customer, CustomerPreference, Holding, LifeEvent
from xinfa.customers.tests.factories import CustomerFactory


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # "{id}" is replaced by the customer's id
    capability: str
    success: int
    payload: dict[str, Any] | None = None
    multipart: bool = False


def _import_payload() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("c.csv", "姓名,手机号\n新客户,13800000009\n".encode())}


ENDPOINTS = [
    Endpoint("list", "get", "/api/v1/customers/", Capability.CUSTOMER_VIEW, 200),
    Endpoint(
        "create", "post", "/api/v1/customers/", Capability.CUSTOMER_EDIT, 201, {"name": "新客户"}
    ),
    Endpoint(
        "search",
        "post",
        "/api/v1/customers/search/",
        Capability.CUSTOMER_VIEW,
        200,
        {"q": "张伟"},
    ),
    Endpoint("detail", "get", "/api/v1/customers/{id}/", Capability.CUSTOMER_VIEW, 200),
    Endpoint(
        "update",
        "patch",
        "/api/v1/customers/{id}/",
        Capability.CUSTOMER_EDIT,
        200,
        {"vip_tier": "gold"},
    ),
    Endpoint(
        "reveal",
        "post",
        "/api/v1/customers/{id}/reveal/",
        Capability.CUSTOMER_VIEW_PII,
        200,
        {"reason": "核实身份"},
    ),
    Endpoint(
        "preferences", "get", "/api/v1/customers/{id}/preferences/", Capability.CUSTOMER_VIEW, 200
    ),
    Endpoint(
        "preference-add",
        "post",
        "/api/v1/customers/{id}/preferences/",
        Capability.CUSTOMER_EDIT,
        201,
        {"category": "沟通", "text": "只接受短信"},
    ),
    Endpoint(
        "life-event-add",
        "post",
        "/api/v1/customers/{id}/life-events/",
        Capability.CUSTOMER_EDIT,
        201,
        {"kind": "marriage"},
    ),
    Endpoint(
        "holding-add",
        "post",
        "/api/v1/customers/{id}/holdings/",
        Capability.CUSTOMER_EDIT,
        201,
        {"kind": "fund", "product_name": "稳健基金"},
    ),
    Endpoint(
        "import",
        "post",
        "/api/v1/customers/import/",
        Capability.CUSTOMER_IMPORT,
        200,
        multipart=True,
    ),
    Endpoint("export", "get", "/api/v1/customers/export/", Capability.CUSTOMER_EXPORT, 200),
    Endpoint("access-log", "get", "/api/v1/audit/access-log/", Capability.AUDIT_VIEW, 200),
]


def _call(client: APIClient, endpoint: Endpoint, customer: Customer) -> Any:
    path = endpoint.path.replace("{id}", str(customer.pk))
    call: Callable[..., Any] = getattr(client, endpoint.method)
    if endpoint.multipart:
        return call(path, _import_payload(), format="multipart")
    if endpoint.payload is None:
        return call(path)
    return call(path, endpoint.payload, format="json")


def _snapshot() -> tuple[object, ...]:
    return (
        list(Customer.objects.order_by("pk").values()),
        AccessLog.objects.count(),
        CustomerPreference.objects.count(),
        LifeEvent.objects.count(),
        Holding.objects.count(),
    )


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.name for endpoint in ENDPOINTS])
def test_customer_endpoints_follow_role_capabilities(
    api_client_for, role: str, endpoint: Endpoint
) -> None:
    customer = CustomerFactory(name="张伟")
    client = api_client_for(role)
    allowed = endpoint.capability in ROLE_CAPABILITIES[role]
    before = _snapshot()
    response = _call(client, endpoint, customer)
    if allowed:
        assert response.status_code == endpoint.success, response.content
    else:
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "permission_denied"
        assert _snapshot() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.name for endpoint in ENDPOINTS])
def test_customer_endpoints_refuse_anonymous_calls(
    db: None, anonymous_client: APIClient, endpoint: Endpoint
) -> None:
    customer = CustomerFactory()
    before = _snapshot()
    response = _call(anonymous_client, endpoint, customer)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert _snapshot() == before
