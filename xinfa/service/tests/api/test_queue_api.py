import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from xinfa.core.roles import Role
from xinfa.service.enums import TicketStatus
from xinfa.service.models import QueueTicket
from xinfa.service.tests.factories import (
    BranchFactory,
    CounterFactory,
    QueueTicketFactory,
    ServiceCustomerFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def lobby(make_staff):
    return make_staff(Role.LOBBY_MANAGER)


@pytest.fixture
def client(lobby):
    api = APIClient()
    api.force_authenticate(lobby)
    return api


def _errors(response):
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


def test_issue_ticket_defaults_to_own_branch_and_customer_priority(client, lobby):
    elderly = ServiceCustomerFactory(birth_date=dt.date(1950, 3, 1))
    response = client.post(
        f"{API}queue/tickets/",
        {"service_type": "wealth", "customer_id": elderly.pk},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["branch_id"], body["is_priority"], body["status"]) == (
        "V001",
        lobby.branch_id,
        True,
        "waiting",
    )
    assert body["service_type_label"] == "理财"


@pytest.mark.parametrize(
    ("payload", "status", "errors"),
    [
        ({}, 400, [("service_type", "required")]),
        ({"service_type": "pawn"}, 400, [("service_type", "invalid_choice")]),
        ({"service_type": "cash", "is_priority": "maybe"}, 400, [("is_priority", "invalid")]),
        ({"service_type": "cash", "customer_id": 888888}, 404, [("customer_id", "not_found")]),
        ({"service_type": "cash", "branch_id": 888888}, 404, [("branch_id", "not_found")]),
    ],
)
def test_issue_ticket_bad_input(client, payload, status, errors):
    response = client.post(f"{API}queue/tickets/", payload, format="json")
    assert (response.status_code, _errors(response)) == (status, errors)
    assert QueueTicket.objects.count() == 0


def test_issue_ticket_for_another_branch_is_403(client):
    other = BranchFactory()
    response = client.post(
        f"{API}queue/tickets/", {"service_type": "cash", "branch_id": other.pk}, format="json"
    )
    assert (response.status_code, _errors(response)) == (403, [("branch_id", "forbidden")])


def test_ticket_list_filters_by_day_and_status(client, lobby):
    today = QueueTicketFactory(branch=lobby.branch, number="A001")
    QueueTicketFactory(branch=lobby.branch, number="A002", status=TicketStatus.DONE)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    old = QueueTicketFactory(branch=lobby.branch, number="A001", business_date=yesterday)
    QueueTicketFactory(number="A009")  # another branch
    response = client.get(f"{API}queue/tickets/")
    assert [t["number"] for t in response.json()["results"]] == ["A001", "A002"]
    response = client.get(f"{API}queue/tickets/", {"status": "waiting"})
    assert [t["id"] for t in response.json()["results"]] == [today.pk]
    response = client.get(f"{API}queue/tickets/", {"date": yesterday.isoformat()})
    assert [t["id"] for t in response.json()["results"]] == [old.pk]
    assert client.get(f"{API}queue/tickets/", {"date": "31/12"}).status_code == 400
    assert client.get(f"{API}queue/tickets/", {"branch": 999999}).status_code == 404


def test_call_next_complete_flow(client, lobby):
    counter = CounterFactory(branch=lobby.branch, code="3号窗口")
    waiting = QueueTicketFactory(branch=lobby.branch, number="A001")
    response = client.post(f"{API}queue/call-next/", {"counter_id": counter.pk}, format="json")
    assert response.status_code == 200
    ticket = response.json()["ticket"]
    assert (ticket["id"], ticket["status"], ticket["counter_code"]) == (
        waiting.pk,
        "called",
        "3号窗口",
    )
    assert ticket["interaction_id"] is not None
    busy = client.post(f"{API}queue/call-next/", {"counter_id": counter.pk}, format="json")
    assert (busy.status_code, _errors(busy)) == (409, [("counter_id", "invalid_transition")])
    done = client.post(f"{API}queue/tickets/{waiting.pk}/complete/")
    assert (done.status_code, done.json()["status"]) == (200, "done")
    empty = client.post(f"{API}queue/call-next/", {"counter_id": counter.pk}, format="json")
    assert (empty.status_code, empty.json()) == (200, {"ticket": None})
    again = client.post(f"{API}queue/tickets/{waiting.pk}/complete/")
    assert again.status_code == 409


def test_call_next_bad_input(client):
    assert _errors(client.post(f"{API}queue/call-next/", {}, format="json")) == [
        ("counter_id", "required")
    ]
    response = client.post(f"{API}queue/call-next/", {"counter_id": 777777}, format="json")
    assert (response.status_code, _errors(response)) == (404, [("counter_id", "not_found")])


def test_no_show_and_triage(client, lobby):
    called = QueueTicketFactory(branch=lobby.branch, status=TicketStatus.CALLED)
    response = client.post(f"{API}queue/tickets/{called.pk}/no-show/")
    assert (response.status_code, response.json()["status"]) == (200, "no_show")
    waiting = QueueTicketFactory(branch=lobby.branch, number="B001")
    url = f"{API}queue/tickets/{waiting.pk}/triage/"
    assert _errors(client.post(url, {"target": "specialist"}, format="json")) == [
        ("reason", "required")
    ]
    response = client.post(url, {"target": "specialist", "reason": "大额理财咨询"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "triaged")
    assert response.json()["triage_target"] == "specialist"
    assert (
        client.post(
            f"{API}queue/tickets/123456/triage/",
            {"target": "counter", "reason": "x"},
            format="json",
        ).status_code
        == 404
    )


def test_board_and_counters(client, lobby):
    counter = CounterFactory(branch=lobby.branch, code="1号窗口", service_types=["cash"])
    QueueTicketFactory(branch=lobby.branch, number="A001")
    QueueTicketFactory(branch=lobby.branch, number="A002", is_priority=True)
    response = client.get(f"{API}queue/board/")
    assert response.status_code == 200
    body = response.json()
    assert (body["branch_id"], body["total_waiting"]) == (lobby.branch_id, 2)
    assert body["service_types"] == [
        {
            "service_type": "cash",
            "label": "现金业务",
            "waiting": 2,
            "priority_waiting": 1,
            "next_numbers": ["A002", "A001"],
            "counters": 1,
            "handled_count": 0,
            "average_handle_seconds": 300,
            "estimated_wait_seconds": 600,
        }
    ]
    assert body["now_serving"] == [
        {
            "counter_id": counter.pk,
            "counter_code": "1号窗口",
            "ticket_id": None,
            "number": "",
            "service_type": "",
            "called_at": None,
        }
    ]
    counters = client.get(f"{API}queue/counters/").json()
    assert counters == [
        {
            "id": counter.pk,
            "branch_id": lobby.branch_id,
            "code": "1号窗口",
            "service_types": ["cash"],
            "is_active": True,
        }
    ]


def test_supervisor_overview_endpoint(make_staff):
    supervisor = make_staff(Role.SUPERVISOR)
    client = APIClient()
    client.force_authenticate(supervisor)
    QueueTicketFactory(
        branch=supervisor.branch,
        number="A001",
        status=TicketStatus.DONE,
        wait_seconds=120,
        handle_seconds=300,
    )
    response = client.get(f"{API}supervisor/overview/", {"branch": supervisor.branch_id})
    assert response.status_code == 200
    body = response.json()
    assert body["ticket_wait"] == {"count": 1, "total_seconds": 120, "seconds": 120.0}
    assert body["ticket_handle"] == {"count": 1, "total_seconds": 300, "seconds": 300.0}
    assert body["day"] == timezone.localdate().isoformat()
    assert client.get(f"{API}supervisor/overview/", {"day": "soon"}).status_code == 400
