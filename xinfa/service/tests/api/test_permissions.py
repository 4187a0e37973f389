"""Role × endpoint matrix: every role on every service-desk endpoint, plus anonymous."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from xinfa.compliance.models import AccessLog
from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.service.enums import TicketStatus
from xinfa.service.models import (
    Interaction,
    InteractionEvent,
    Message,
    QueueTicket,
    ServiceLogEntry,
)
from xinfa.service.tests.factories import (
    CounterFactory,
    InteractionFactory,
    QueueTicketFactory,
    ServiceCustomerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def _interaction(actor: Any) -> Interaction:
    return InteractionFactory(
        handled_by=None, branch=actor.branch, customer=ServiceCustomerFactory()
    )


def _transcript_file() -> SimpleUploadedFile:
    record = {
        "external_ref": "PERM-1",
        "channel": "phone",
        "started_at": "2026-11-20T09:00:00+08:00",
        "turns": [{"speaker": "customer", "text": "你好"}],
    }
    return SimpleUploadedFile("calls.json", json.dumps([record]).encode(), "application/json")


def _ticket(actor: Any, **fields: Any) -> QueueTicket:
    return QueueTicketFactory(branch=actor.branch, **fields)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    capability: str
    success: int
    build: Callable[[Any], tuple[str, Any]]
    multipart: bool = False


ENDPOINTS = [
    Endpoint(
        "interactions list",
        "get",
        Capability.INTERACTION_VIEW,
        200,
        lambda a: (f"{API}interactions/", None),
    ),
    Endpoint(
        "interactions open",
        "post",
        Capability.INTERACTION_RECORD,
        201,
        lambda a: (f"{API}interactions/", {"channel": "phone"}),
    ),
    Endpoint(
        "interaction detail",
        "get",
        Capability.INTERACTION_VIEW,
        200,
        lambda a: (f"{API}interactions/{_interaction(a).pk}/", None),
    ),
    Endpoint(
        "messages list",
        "get",
        Capability.INTERACTION_VIEW,
        200,
        lambda a: (f"{API}interactions/{_interaction(a).pk}/messages/", None),
    ),
    Endpoint(
        "message add",
        "post",
        Capability.INTERACTION_RECORD,
        201,
        lambda a: (
            f"{API}interactions/{_interaction(a).pk}/messages/",
            {"speaker": "customer", "text": "你好"},
        ),
    ),
    Endpoint(
        "service log add",
        "post",
        Capability.INTERACTION_RECORD,
        201,
        lambda a: (f"{API}interactions/{_interaction(a).pk}/service-log/", {"need": "挂失"}),
    ),
    Endpoint(
        "interaction close",
        "post",
        Capability.INTERACTION_RECORD,
        200,
        lambda a: (f"{API}interactions/{_interaction(a).pk}/close/", {"outcome": "resolved"}),
    ),
    Endpoint(
        "interaction transfer",
        "post",
        Capability.INTERACTION_TRANSFER,
        200,
        lambda a: (
            f"{API}interactions/{_interaction(a).pk}/transfer/",
            {"to_user_id": StaffFactory(role=Role.AGENT, branch=a.branch).pk, "reason": "专业问题"},
        ),
    ),
    Endpoint(
        "interaction escalate",
        "post",
        Capability.INTERACTION_TRANSFER,
        200,
        lambda a: (
            f"{API}interactions/{_interaction(a).pk}/escalate/",
            {"reason": "情绪激动", "to_security": True},
        ),
    ),
    Endpoint(
        "transcript import",
        "post",
        Capability.CUSTOMER_IMPORT,
        200,
        lambda a: (f"{API}interactions/import/", {"file": _transcript_file()}),
        multipart=True,
    ),
    Endpoint(
        "tickets list", "get", Capability.QUEUE_VIEW, 200, lambda a: (f"{API}queue/tickets/", None)
    ),
    Endpoint(
        "ticket issue",
        "post",
        Capability.QUEUE_ISSUE,
        201,
        lambda a: (f"{API}queue/tickets/", {"service_type": "cash"}),
    ),
    Endpoint(
        "call next",
        "post",
        Capability.QUEUE_CALL,
        200,
        lambda a: (
            f"{API}queue/call-next/",
            {"counter_id": CounterFactory(branch=a.branch).pk, "_": _ticket(a).pk},
        ),
    ),
    Endpoint(
        "ticket complete",
        "post",
        Capability.QUEUE_CALL,
        200,
        lambda a: (
            f"{API}queue/tickets/{_ticket(a, status=TicketStatus.CALLED).pk}/complete/",
            None,
        ),
    ),
    Endpoint(
        "ticket no-show",
        "post",
        Capability.QUEUE_CALL,
        200,
        lambda a: (
            f"{API}queue/tickets/{_ticket(a, status=TicketStatus.CALLED).pk}/no-show/",
            None,
        ),
    ),
    Endpoint(
        "ticket triage",
        "post",
        Capability.QUEUE_ISSUE,
        200,
        lambda a: (
            f"{API}queue/tickets/{_ticket(a).pk}/triage/",
            {"target": "self_service", "reason": "查询类业务"},
        ),
    ),
    Endpoint(
        "queue board", "get", Capability.QUEUE_VIEW, 200, lambda a: (f"{API}queue/board/", None)
    ),
    Endpoint(
        "counters", "get", Capability.QUEUE_VIEW, 200, lambda a: (f"{API}queue/counters/", None)
    ),
    Endpoint(
        "supervisor overview",
        "get",
        Capability.SUPERVISOR_OVERVIEW,
        200,
        lambda a: (f"{API}supervisor/overview/", None),
    ),
]


def _state() -> tuple[Any, ...]:
    """Everything a service-desk call could change."""
    return (
        list(Interaction.objects.order_by("pk").values_list("pk", "status", "handled_by_id")),
        list(QueueTicket.objects.order_by("pk").values_list("pk", "status", "triage_target")),
        Message.objects.count(),
        ServiceLogEntry.objects.count(),
        InteractionEvent.objects.count(),
        AccessLog.objects.count(),
    )


def _call(client: APIClient, endpoint: Endpoint, url: str, data: Any) -> Any:
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key != "_"}
    if endpoint.method == "get":
        return client.get(url)
    return client.post(url, data, format="multipart" if endpoint.multipart else "json")


@pytest.mark.parametrize("role", list(Role.values))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_endpoint_role_matrix(make_staff, role, endpoint):
    actor = make_staff(role)
    url, data = endpoint.build(actor)
    client = APIClient()
    client.force_authenticate(actor)
    before = _state()
    response = _call(client, endpoint, url, data)
    if role_has_capability(role, endpoint.capability):
        assert response.status_code == endpoint.success, response.content
    else:
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "permission_denied"
        assert _state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_endpoint_refuses_anonymous(make_staff, anonymous_client, endpoint):
    owner = make_staff(Role.SUPERVISOR)
    url, data = endpoint.build(owner)
    before = _state()
    response = _call(anonymous_client, endpoint, url, data)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert _state() == before
