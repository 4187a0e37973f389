"""The complaints API: role matrix, errors as JSON, the same rules as the services."""

import threading

import pytest
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from xinfa.complaints import services
from xinfa.complaints.models import Complaint, ComplaintTransition
from xinfa.complaints.tests.factories import CustomerFactory, StaffFactory
from xinfa.core.roles import ROLE_CAPABILITIES, Capability, Role

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def complaint():
    teller = StaffFactory(role=Role.TELLER)
    customer = CustomerFactory()
    return services.complaint_accept(
        actor=teller,
        customer_id=customer.pk,
        channel="phone",
        description="信用卡年费没有提前告知就扣了，要求退还。",
    )


ENDPOINTS = [
    ("get", "/api/v1/complaints/", Capability.COMPLAINT_VIEW),
    ("get", "/api/v1/complaints/{id}/", Capability.COMPLAINT_VIEW),
    ("post", "/api/v1/complaints/{id}/first-contact/", Capability.COMPLAINT_HANDLE),
    ("post", "/api/v1/complaints/{id}/escalate/", Capability.COMPLAINT_CREATE),
    ("post", "/api/v1/complaints/{id}/clock/", Capability.COMPLAINT_HANDLE),
    ("get", "/api/v1/complaints/report/", Capability.COMPLAINT_REPORT),
    ("get", "/api/v1/complaints/cases/", Capability.CASE_LIBRARY),
]
BODIES = {
    "first-contact": {"note": "已致电客户说明处理进度"},
    "escalate": {"reason": "客户要求行长处理"},
    "clock": {"action": "pause", "kind": "decision", "reason": "等待客户提供账单"},
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize(("method", "url", "capability"), ENDPOINTS)
def test_role_matrix(complaint, role, method, url, capability) -> None:
    client = _client(StaffFactory(role=role))
    path = url.format(id=complaint.pk)
    body = next((b for key, b in BODIES.items() if f"/{key}/" in path), {})
    before = ComplaintTransition.objects.count()
    response = getattr(client, method)(path, body, format="json")
    if capability in ROLE_CAPABILITIES[role]:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "permission_denied"
        assert ComplaintTransition.objects.count() == before


def test_anonymous_gets_401_and_nothing_changes(complaint) -> None:
    response = APIClient().post(
        f"/api/v1/complaints/{complaint.pk}/escalate/", {"reason": "客户要求"}, format="json"
    )
    assert response.status_code == 401
    complaint.refresh_from_db()
    assert complaint.escalation_level == 0


def test_create_via_api_returns_detail_with_clocks() -> None:
    teller = StaffFactory(role=Role.TELLER)
    customer = CustomerFactory()
    response = _client(teller).post(
        "/api/v1/complaints/",
        {
            "customer": customer.pk,
            "channel": "counter",
            "description": "转账显示成功但对方一直没到账，系统有问题",
            "amount_in_dispute": "2000.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["complaint"]["category"] == "system_outage"
    assert [c["kind"] for c in body["clocks"]] == ["first_contact", "decision"]
    assert body["allowed_statuses"] == ["escalated", "investigating"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": "counter", "description": "没到账啊啊啊"}, "customer"),
        ({"customer": "abc", "channel": "counter", "description": "没到账啊啊啊"}, "customer"),
        (
            {
                "customer": 1,
                "channel": "counter",
                "description": "没到账啊啊啊",
                "occurred_at": "2026-13-45",
            },
            "occurred_at",
        ),
        ({"customer": 1, "channel": "counter", "description": "x" * 6000}, "description"),
    ],
)
def test_create_rejects_bad_input_with_field(payload, field) -> None:
    response = _client(StaffFactory(role=Role.TELLER)).post(
        "/api/v1/complaints/", payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/complaints/?branch=99999999999999999999", "branch"),
        ("/api/v1/complaints/?customer=99999999999999999999", "customer"),
        ("/api/v1/complaints/report/?branch=99999999999999999999", "branch"),
        ("/api/v1/quality/inspections/?agent=99999999999999999999", "agent"),
        ("/api/v1/quality/trend/?agent=99999999999999999999", "agent"),
    ],
)
def test_an_id_filter_beyond_64_bits_is_a_400(url, field) -> None:
    # Such a number used to reach the database driver and overflow (a 500).
    response = _client(StaffFactory(role=Role.SUPERVISOR)).get(url)
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == field


def test_malformed_json_is_a_400() -> None:
    response = _client(StaffFactory(role=Role.TELLER)).post(
        "/api/v1/complaints/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_illegal_transition_is_a_409_with_reason(complaint) -> None:
    response = _client(StaffFactory(role=Role.SUPERVISOR)).post(
        f"/api/v1/complaints/{complaint.pk}/close/", {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["reason"] == ("状态为“已受理”的投诉不能转为“已结案”")


def test_extension_past_sixty_days_is_a_400(complaint) -> None:
    response = _client(StaffFactory(role=Role.SUPERVISOR)).post(
        f"/api/v1/complaints/{complaint.pk}/clock/",
        {"action": "extend", "extra_days": 50, "reason": "需外部机构协查"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "extra_days"


def test_report_json_and_excel(complaint) -> None:
    client = _client(StaffFactory(role=Role.SUPERVISOR))
    body = client.get("/api/v1/complaints/report/").json()
    assert body["total"] == 1
    assert body["by_category"] == [["fee", "收费", 1]]
    excel = client.get("/api/v1/complaints/report/?export=xlsx")
    assert excel.status_code == 200
    assert excel.content[:2] == b"PK"
    bad = client.get("/api/v1/complaints/report/?since=2026-05-01&until=2026-01-01")
    assert bad.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_staff_escalating_at_once_are_serialised() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locking across threads needs PostgreSQL (run in CI)")
    teller = StaffFactory(role=Role.TELLER)
    customer = CustomerFactory()
    complaint = services.complaint_accept(
        actor=teller,
        customer_id=customer.pk,
        channel="phone",
        description="多次扣费未解决，要求升级处理",
    )
    services.complaint_investigation_start(
        actor=StaffFactory(role=Role.SUPERVISOR),
        complaint_id=complaint.pk,
        investigator_id=StaffFactory(role=Role.AGENT).pk,
    )
    errors: list[Exception] = []
    barrier = threading.Barrier(2)

    def escalate() -> None:
        try:
            barrier.wait()
            services.complaint_escalate(
                actor=teller, complaint_id=complaint.pk, reason="客户要求上级处理"
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=escalate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    complaint.refresh_from_db()
    assert complaint.escalation_level == 1
    assert [type(e).__name__ for e in errors] == ["InvalidTransition"]
    assert complaint.transitions.filter(to_status="escalated").count() == 1


def test_illegal_transition_reason_follows_accept_language(complaint) -> None:
    # override() restores the active language afterwards; LocaleMiddleware leaves "en" active.
    with translation.override("zh-hans"):
        response = _client(StaffFactory(role=Role.SUPERVISOR)).post(
            f"/api/v1/complaints/{complaint.pk}/close/",
            {},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {
            "field": "status",
            "reason": "A complaint in status “Accepted” cannot move to “Closed”",
            "code": "invalid_transition",
        }
    ]
