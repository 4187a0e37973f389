"""HTTP API: identity, customer-only access to their own chat, uploads, survey, staff views."""

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from xinfa.chat.models import ChatAttachment, ChatSession, ChatSurvey
from xinfa.chat.sms import MemorySmsSender
from xinfa.chat.tests.factories import EXE, GIF, JPEG, PDF, PNG, WEBP, make_agent, start_chat
from xinfa.chat.understanding import TurnReading
from xinfa.customers.tests.factories import CustomerFactory
from xinfa.service.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    MemorySmsSender.outbox.clear()
    monkeypatch.setattr("xinfa.chat.services.bot.turn_read", lambda text: TurnReading("other"))
    monkeypatch.setattr("xinfa.chat.services.bot.faq_lookup", lambda text, audience=None: [])


def customer_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Chat {token}")
    return client


def codes(response: Any) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


@override_settings(CHAT_INTEGRATION_KEYS=["app-key"])
def test_app_token_then_session_start(anonymous_client: APIClient) -> None:
    CustomerFactory(customer_number="C000777")
    refused = anonymous_client.post(
        "/api/v1/chat/integration/app-tokens/", {"customer_number": "C000777"}, format="json"
    )
    assert refused.status_code == 403
    issued = anonymous_client.post(
        "/api/v1/chat/integration/app-tokens/",
        {"customer_number": "C000777"},
        format="json",
        HTTP_X_XINFA_INTEGRATION_KEY="app-key",
    )
    assert issued.status_code == 201
    started = anonymous_client.post(
        "/api/v1/chat/sessions/", {"app_token": issued.json()["app_token"]}, format="json"
    )
    assert started.status_code == 201
    body = started.json()
    assert (body["state"], body["channel"], body["position"]) == ("bot", "app", None)
    assert [m["speaker"] for m in body["messages"]] == ["bot"]
    assert len(body["token"]) >= 40


@override_settings(CHAT_SMS_BACKEND="xinfa.chat.sms.MemorySmsSender")
def test_phone_flow_and_wrong_code(anonymous_client: APIClient) -> None:
    challenge = anonymous_client.post(
        "/api/v1/chat/phone/challenges/", {"phone": "13700001111"}, format="json"
    )
    assert challenge.status_code == 201
    again = anonymous_client.post(
        "/api/v1/chat/phone/challenges/", {"phone": "13700001111"}, format="json"
    )
    assert (again.status_code, codes(again)) == (429, [("phone", "throttled")])
    verification_id = challenge.json()["verification_id"]
    code = MemorySmsSender.outbox[0][1].split("验证码为 ")[1][:6]
    wrong = anonymous_client.post(
        "/api/v1/chat/sessions/",
        {"verification_id": verification_id, "code": "000000" if code != "000000" else "1"},
        format="json",
    )
    assert (wrong.status_code, codes(wrong)) == (400, [("code", "invalid")])
    started = anonymous_client.post(
        "/api/v1/chat/sessions/",
        {"verification_id": verification_id, "code": code},
        format="json",
    )
    assert started.status_code == 201
    assert started.json()["channel"] == "chat"
    assert ChatSession.objects.get().customer is None


def test_customer_sends_reads_history_and_resend_is_idempotent() -> None:
    started = start_chat()
    client = customer_client(started.token)
    url = f"/api/v1/chat/sessions/{started.session.pk}/messages/"
    first = client.post(
        url, {"client_id": "h1", "text": "<script>alert(1)</script>"}, format="json"
    )
    assert (first.status_code, first.json()["sequence"], first.json()["duplicate"]) == (
        201,
        2,
        False,
    )
    resend = client.post(
        url, {"client_id": "h1", "text": "<script>alert(1)</script>"}, format="json"
    )
    assert (resend.status_code, resend.json()["sequence"], resend.json()["duplicate"]) == (
        200,
        2,
        True,
    )
    # The bot answered the first message (rephrase), so the history is greeting, text, bot.
    history = client.get(url, {"after": 1})
    assert [(m["sequence"], m["speaker"]) for m in history.json()["messages"]] == [
        (2, "customer"),
        (3, "bot"),
    ]
    assert history.json()["messages"][0]["text"] == "<script>alert(1)</script>"
    assert client.get(url, {"after": "x"}).status_code == 400
    too_long = client.post(url, {"client_id": "h2", "text": "字" * 2001}, format="json")
    assert (too_long.status_code, codes(too_long)) == (400, [("text", "too_long")])


def test_customer_cannot_read_or_write_another_chat(anonymous_client: APIClient) -> None:
    mine = start_chat()
    theirs = start_chat()
    client = customer_client(mine.token)
    base = f"/api/v1/chat/sessions/{theirs.session.pk}"
    assert client.get(f"{base}/").status_code == 403
    assert client.get(f"{base}/messages/").status_code == 403
    posted = client.post(f"{base}/messages/", {"client_id": "x", "text": "hi"}, format="json")
    assert posted.status_code == 403
    assert client.post(f"{base}/close/").status_code == 403
    assert Message.objects.filter(interaction=theirs.session.interaction).count() == 1
    assert anonymous_client.get(f"{base}/messages/").status_code == 401
    forged = customer_client("not-a-token")
    assert forged.get(f"{base}/messages/").status_code == 401


@pytest.mark.parametrize(
    ("content", "name", "status", "content_type"),
    [
        (PNG, "a.png", 201, "image/png"),
        (JPEG, "a.jpg", 201, "image/jpeg"),
        (GIF, "a.gif", 201, "image/gif"),
        (WEBP, "a.webp", 201, "image/webp"),
        (PDF, "disguised.png", 400, None),
        (EXE, "photo.jpg", 400, None),
    ],
)
def test_image_upload_checks_magic_bytes(
    content: bytes, name: str, status: int, content_type: str | None
) -> None:
    started = start_chat()
    client = customer_client(started.token)
    response = client.post(
        f"/api/v1/chat/sessions/{started.session.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type="image/png"), "client_id": "img"},
        format="multipart",
    )
    assert response.status_code == status
    if content_type is None:
        assert codes(response) == [("file", "invalid_file_type")]
        assert ChatAttachment.objects.count() == 0
        return
    body = response.json()
    assert body["attachment"]["content_type"] == content_type
    download = client.get(body["attachment"]["url"])
    assert download.status_code == 200
    assert download.getvalue() == content  # joins the streamed file
    other = customer_client(start_chat().token)
    assert other.get(body["attachment"]["url"]).status_code == 403


@override_settings(CHAT_MAX_IMAGE_BYTES=1024)
def test_image_upload_refuses_oversized() -> None:
    started = start_chat()
    response = customer_client(started.token).post(
        f"/api/v1/chat/sessions/{started.session.pk}/attachments/",
        {"file": SimpleUploadedFile("big.png", PNG + b"\x00" * 2048)},
        format="multipart",
    )
    assert (response.status_code, codes(response)) == (413, [("file", "too_large")])
    assert Message.objects.filter(interaction=started.session.interaction).count() == 1


def test_image_upload_refuses_a_json_array_body() -> None:
    started = start_chat()
    response = customer_client(started.token).post(
        f"/api/v1/chat/sessions/{started.session.pk}/attachments/", [], format="json"
    )
    assert (response.status_code, codes(response)) == (400, [("file", "invalid")])
    assert ChatAttachment.objects.count() == 0


def test_close_and_survey_once() -> None:
    started = start_chat()
    client = customer_client(started.token)
    base = f"/api/v1/chat/sessions/{started.session.pk}"
    early = client.post(f"{base}/survey/", {"score": 5}, format="json")
    assert (early.status_code, codes(early)) == (409, [("score", "invalid_transition")])
    assert client.post(f"{base}/close/").json()["state"] == "closed"
    bad = client.post(f"{base}/survey/", {"score": 0}, format="json")
    assert bad.status_code == 400
    saved = client.post(f"{base}/survey/", {"score": 4, "comment": "耐心"}, format="json")
    assert saved.status_code == 201
    assert saved.json() == {
        "session_id": started.session.pk,
        "interaction_id": started.session.interaction_id,
        "score": 4,
        "comment": "耐心",
    }
    assert client.post(f"{base}/survey/", {"score": 5}, format="json").status_code == 409
    assert ChatSurvey.objects.get().score == 4


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("agent", 200),
        ("supervisor", 200),
        ("teller", 200),
        ("qa_inspector", 403),
        ("trainer", 403),
        ("compliance", 403),
    ],
)
def test_staff_endpoints_by_role(api_client_for: Any, role: str, status: int) -> None:
    client = api_client_for(role)
    assert client.get("/api/v1/chat/live/").status_code == status
    assert client.get("/api/v1/chat/queues/").status_code == status
    assert (
        client.put("/api/v1/chat/presence/", {"status": "online"}, format="json").status_code
        == status
    )


def test_live_list_shows_own_chats_and_supervisor_sees_all(make_staff: Any) -> None:
    agent = make_agent(make_staff)
    other = make_agent(make_staff, status="offline")
    supervisor = make_staff("supervisor")
    from xinfa.chat.services import chat_enqueue, chat_system_user

    started = start_chat()
    chat_enqueue(
        system=chat_system_user(), session=started.session, reading=TurnReading("other"), why="test"
    )
    start_chat()  # still with the bot
    client = APIClient()
    client.force_authenticate(agent)
    assert [s["session_id"] for s in client.get("/api/v1/chat/live/").json()["sessions"]] == [
        started.session.pk
    ]
    client.force_authenticate(other)
    assert client.get("/api/v1/chat/live/").json()["sessions"] == []
    client.force_authenticate(supervisor)
    assert len(client.get("/api/v1/chat/live/").json()["sessions"]) == 2


@override_settings(
    CHAT_SMS_BACKEND="xinfa.chat.sms.MemorySmsSender",
    CHAT_CLIENT_LIMITS={"phone-code": (1, 3), "session-start": (30, 20)},
)
def test_sms_codes_are_limited_per_client_address(anonymous_client: APIClient) -> None:
    def ask(phone: str, address: str) -> Any:
        return anonymous_client.post(
            "/api/v1/chat/phone/challenges/", {"phone": phone}, format="json", REMOTE_ADDR=address
        )

    sent = [ask(f"1370000{i:04d}", "203.0.113.5") for i in range(3)]
    assert [response.status_code for response in sent] == [201, 201, 201]
    refused = ask("13700009999", "203.0.113.5")
    assert (refused.status_code, codes(refused)) == (429, [("phone", "rate_limited")])
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert len(MemorySmsSender.outbox) == 3  # the refused request sent nothing
    assert ask("13700009999", "198.51.100.8").status_code == 201  # another caller


@override_settings(
    XINFA_PROXY_HOPS=1, CHAT_CLIENT_LIMITS={"phone-code": (6, 5), "session-start": (1, 1)}
)
def test_chat_starts_are_limited_per_address_behind_a_trusted_proxy(
    anonymous_client: APIClient,
) -> None:
    def start(forwarded_for: str) -> Any:
        return anonymous_client.post(
            "/api/v1/chat/sessions/",
            {"app_token": "not-a-token"},
            format="json",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    assert start("203.0.113.5").status_code == 400  # charged, then refused for the bad token
    limited = start("203.0.113.5")
    assert (limited.status_code, codes(limited)) == (429, [("non_field_errors", "rate_limited")])
    # The proxy's own address is shared by every customer; each is counted on their own.
    assert start("198.51.100.8").status_code == 400
    assert ChatSession.objects.count() == 0
