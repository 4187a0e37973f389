import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from rest_framework.test import APIClient

from xinfa.compliance.models import AccessLog
from xinfa.core.roles import Role
from xinfa.service.enums import InteractionStatus
from xinfa.service.models import Interaction, Message, ServiceLogEntry
from xinfa.service.tests.factories import (
    InteractionFactory,
    MessageFactory,
    ServiceCustomerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/interactions/"


@pytest.fixture
def agent(make_staff):
    return make_staff(Role.AGENT)


@pytest.fixture
def client(agent):
    api = APIClient()
    api.force_authenticate(agent)
    return api


def _errors(response):
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


def test_open_interaction(client, agent):
    customer = ServiceCustomerFactory()
    response = client.post(
        API, {"channel": "chat", "customer_id": customer.pk, "subject": "信用卡"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["channel"], body["kind"], body["status"], body["subject"]) == (
        "chat",
        "chat",
        "open",
        "信用卡",
    )
    assert body["customer"] == {
        "id": customer.pk,
        "customer_number": customer.customer_number,
        "name": customer.name,
    }
    assert body["handled_by"] == {"id": agent.pk, "name": str(agent), "role": "agent"}
    assert body["channel_label"] == "在线客服"


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, [("channel", "required")]),
        ({"channel": "fax"}, [("channel", "invalid_choice")]),
        ({"channel": "phone", "customer_id": "abc"}, [("customer_id", "invalid")]),
        ({"channel": "phone", "customer_id": 10**20}, [("customer_id", "max_value")]),
        ({"channel": "phone", "customer_id": 999999}, [("customer_id", "not_found")]),
        ({"channel": "phone", "subject": "x" * 201}, [("subject", "max_length")]),
        ({"channel": "phone", "subject": "a\x00b"}, [("subject", "null_characters_not_allowed")]),
        ({"channel": "phone", "subject": "a\x1bb"}, [("subject", "invalid")]),
        ({"channel": "phone", "started_at": "soon"}, [("started_at", "invalid")]),
        ({"channel": ["phone"]}, [("channel", "invalid_choice")]),
    ],
)
def test_open_interaction_bad_input(client, payload, errors):
    response = client.post(API, payload, format="json")
    assert response.status_code in (400, 404)
    assert _errors(response) == errors
    assert Interaction.objects.count() == 0


def test_malformed_json_and_non_object_bodies(client):
    response = client.post(API, data='{"channel": ', content_type="application/json")
    assert response.status_code == 400
    assert _errors(response) == [("non_field_errors", "parse_error")]
    response = client.post(API, data="[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason"] == "应为 JSON 对象"
    assert Interaction.objects.count() == 0


def test_list_filters_and_orders_newest_first(client, agent):
    now = timezone.now()
    customer = ServiceCustomerFactory()
    other = StaffFactory(role=Role.AGENT)
    old = InteractionFactory(
        handled_by=agent, customer=customer, started_at=now - dt.timedelta(days=2)
    )
    new = InteractionFactory(
        handled_by=agent,
        customer=customer,
        channel="chat",
        kind="chat",
        started_at=now - dt.timedelta(hours=1),
    )
    closed = InteractionFactory(
        handled_by=other, status=InteractionStatus.CLOSED, started_at=now - dt.timedelta(hours=3)
    )

    def ids(query):
        response = client.get(API, query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids({}) == [new.pk, closed.pk, old.pk]
    assert ids({"customer": customer.pk}) == [new.pk, old.pk]
    assert ids({"channel": "chat"}) == [new.pk]
    assert ids({"status": "closed"}) == [closed.pk]
    assert ids({"handled_by": other.pk}) == [closed.pk]
    since = (now - dt.timedelta(days=1)).isoformat()
    until = (now - dt.timedelta(hours=2)).isoformat()
    assert ids({"since": since}) == [new.pk, closed.pk]
    assert ids({"since": since, "until": until}) == [closed.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"since": "yesterday"}, "since"),
        ({"customer": "x"}, "customer"),
        ({"status": "lost"}, "status"),
    ],
)
def test_list_bad_filters(client, query, field):
    response = client.get(API, query)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_list_is_paginated_with_constant_queries(client, agent, django_assert_num_queries):
    for _ in range(30):
        InteractionFactory(handled_by=agent, customer=ServiceCustomerFactory())
    with django_assert_num_queries(2):  # count + one joined page
        response = client.get(API, {"page_size": 10})
    body = response.json()
    assert (body["count"], len(body["results"])) == (30, 10)
    assert body["next"].endswith("page=2&page_size=10")


def test_detail_masks_customer_and_is_audited(client, agent):
    customer = ServiceCustomerFactory(phone="13812345678")
    interaction = InteractionFactory(handled_by=agent, customer=customer)
    MessageFactory(interaction=interaction, sequence=2, text="第二句")
    MessageFactory(interaction=interaction, sequence=1, text="第一句")
    response = client.get(f"{API}{interaction.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["customer"]["masked_phone"] == "138****5678"
    assert "13812345678" not in response.content.decode()
    assert [m["text"] for m in body["messages"]] == ["第一句", "第二句"]
    assert body["ticket"] is None
    log = AccessLog.objects.get()
    assert (log.action, log.actor_id, log.customer_id, log.interaction_id) == (
        "interaction.view",
        agent.pk,
        customer.pk,
        interaction.pk,
    )


@pytest.mark.parametrize("path", ["424242/", "9999999999999999999999/"])
def test_detail_unknown_id_is_404(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 404


def test_message_post_and_idempotent_resend(client, agent):
    interaction = InteractionFactory(handled_by=agent)
    url = f"{API}{interaction.pk}/messages/"
    payload = {"speaker": "customer", "text": "我的卡丢了", "client_id": "m-1"}
    first = client.post(url, payload, format="json")
    again = client.post(url, payload, format="json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert (first.json()["sequence"], first.json()["speaker"]) == (1, "customer")
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"speaker": "agent"}, [("text", "required")]),
        ({"text": "hi"}, [("speaker", "required")]),
        ({"speaker": "agent", "text": "a\u0000b"}, [("text", "null_characters_not_allowed")]),
        ({"speaker": "agent", "text": "a\u0007b"}, [("text", "invalid")]),
        ({"speaker": "agent", "text": "长" * 5001}, [("text", "max_length")]),
        ({"speaker": "agent", "text": "   "}, [("text", "blank")]),
        ({"speaker": "agent", "text": {"a": 1}}, [("text", "invalid")]),
        ({"speaker": "alien", "text": "hi"}, [("speaker", "invalid_choice")]),
        ({"speaker": "agent", "text": "hi", "sent_at": 5}, [("sent_at", "invalid")]),
    ],
)
def test_message_post_bad_input(client, agent, payload, errors):
    interaction = InteractionFactory(handled_by=agent)
    response = client.post(f"{API}{interaction.pk}/messages/", payload, format="json")
    assert response.status_code == 400
    assert _errors(response) == errors
    assert Message.objects.count() == 0


def test_message_post_to_closed_interaction_is_409(client, agent):
    interaction = InteractionFactory(handled_by=agent, status=InteractionStatus.CLOSED)
    response = client.post(
        f"{API}{interaction.pk}/messages/", {"speaker": "agent", "text": "在吗"}, format="json"
    )
    assert response.status_code == 409
    assert _errors(response) == [("text", "invalid_transition")]
    assert response.json()["errors"][0]["reason"] == "该服务记录已结束，不能再添加消息"


def test_closed_interaction_refuses_a_message_in_english(client, agent):
    interaction = InteractionFactory(handled_by=agent, status=InteractionStatus.CLOSED)
    # override() restores the active language afterwards; LocaleMiddleware leaves "en" active.
    with translation.override("zh-hans"):
        response = client.post(
            f"{API}{interaction.pk}/messages/",
            {"speaker": "agent", "text": "在吗"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {
            "field": "text",
            "reason": "The interaction is closed; no new messages",
            "code": "invalid_transition",
        }
    ]
    assert interaction.messages.count() == 0


def test_messages_list_polls_after_a_sequence(client, agent):
    customer = ServiceCustomerFactory()
    interaction = InteractionFactory(handled_by=agent, customer=customer)
    for sequence in (1, 2, 3):
        MessageFactory(interaction=interaction, sequence=sequence, text=f"第{sequence}句")
    url = f"{API}{interaction.pk}/messages/"
    assert [m["sequence"] for m in client.get(url).json()["results"]] == [1, 2, 3]
    assert [m["sequence"] for m in client.get(url, {"after": 1}).json()["results"]] == [2, 3]
    assert AccessLog.objects.count() == 1
    assert client.get(url, {"after": -1}).status_code == 400


def test_service_log_close_transfer_escalate(client, agent):
    interaction = InteractionFactory(handled_by=agent)
    base = f"{API}{interaction.pk}/"
    response = client.post(
        f"{base}service-log/", {"need": "挂失", "process": "核实身份"}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["need"], response.json()["result"]) == ("挂失", "")
    assert ServiceLogEntry.objects.count() == 1
    response = client.post(
        f"{base}escalate/", {"reason": "辱骂员工", "to_security": True}, format="json"
    )
    assert (response.status_code, response.json()["status"]) == (200, "escalated")
    colleague = StaffFactory(role=Role.AGENT, branch=agent.branch)
    response = client.post(
        f"{base}transfer/", {"to_user_id": colleague.pk, "reason": "换人"}, format="json"
    )
    assert (response.status_code, response.json()["handled_by"]["id"]) == (200, colleague.pk)
    response = client.post(f"{base}close/", {"outcome": "resolved"}, format="json")
    assert response.status_code == 403  # no longer the handler
    interaction.refresh_from_db()
    assert interaction.status == InteractionStatus.ESCALATED


def test_close_bad_outcome_and_twice(client, agent):
    interaction = InteractionFactory(handled_by=agent)
    url = f"{API}{interaction.pk}/close/"
    assert _errors(client.post(url, {"outcome": "gone"}, format="json")) == [
        ("outcome", "invalid_choice")
    ]
    assert client.post(url, {"outcome": "resolved", "note": "好"}, format="json").status_code == 200
    response = client.post(url, {"outcome": "resolved"}, format="json")
    assert (response.status_code, _errors(response)) == (409, [("outcome", "invalid_transition")])


def test_transfer_bad_input(client, agent):
    interaction = InteractionFactory(handled_by=agent)
    url = f"{API}{interaction.pk}/transfer/"
    assert _errors(client.post(url, {"reason": "x"}, format="json")) == [("to_user_id", "required")]
    assert _errors(client.post(url, {"to_user_id": "me", "reason": "x"}, format="json")) == [
        ("to_user_id", "invalid")
    ]
    response = client.post(url, {"to_user_id": 777777, "reason": "x"}, format="json")
    assert (response.status_code, _errors(response)) == (404, [("to_user_id", "not_found")])


def test_import_endpoint(make_staff):
    client = APIClient()
    client.force_authenticate(make_staff(Role.SUPERVISOR))
    record = {
        "external_ref": "API-1",
        "started_at": "2026-11-20T09:00:00+08:00",
        "turns": [{"speaker": "customer", "text": "你好"}],
    }
    upload = SimpleUploadedFile("calls.json", json.dumps([record, {"external_ref": ""}]).encode())
    response = client.post(f"{API}import/", {"file": upload}, format="multipart")
    assert response.status_code == 200
    assert response.json() == {
        "total": 2,
        "created": 1,
        "updated": 0,
        "duplicates": 0,
        "rejected": [{"row": 2, "field": "external_ref", "reason": "必填"}],
    }
    bad = SimpleUploadedFile("calls.json", b"\xff\xfe")
    response = client.post(f"{API}import/", {"file": bad}, format="multipart")
    assert (response.status_code, _errors(response)) == (400, [("file", "invalid")])
    response = client.post(f"{API}import/", {}, format="multipart")
    assert (response.status_code, _errors(response)) == (400, [("file", "required")])
    assert Interaction.objects.count() == 1
