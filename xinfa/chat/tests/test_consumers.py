"""WebSocket consumers end to end through the in-memory channel layer."""

from typing import Any

import pytest
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import override_settings

from config.routing import websocket_urlpatterns
from xinfa.chat.enums import SessionState
from xinfa.chat.models import ChatSession, ChatWhisper
from xinfa.chat.services import chat_enqueue, chat_system_user
from xinfa.chat.tests.factories import make_agent, start_chat
from xinfa.chat.understanding import TurnReading
from xinfa.service.models import Message

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
ROUTER = URLRouter(websocket_urlpatterns)
ALWAYS_OPEN = {day: ("00:00", "23:59") for day in range(7)}


@pytest.fixture(autouse=True)
def _quiet_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    monkeypatch.setattr("xinfa.chat.services.bot.turn_read", lambda text: TurnReading("other"))
    monkeypatch.setattr("xinfa.chat.services.bot.faq_lookup", lambda text, audience=None: [])


async def customer_socket(token: str, last: int = 0) -> tuple[WebsocketCommunicator, dict]:
    socket = WebsocketCommunicator(ROUTER, "/ws/chat/")
    connected, _ = await socket.connect()
    assert connected
    await socket.send_json_to({"type": "hello", "token": token, "last_sequence": last})
    welcome = await socket.receive_json_from(timeout=5)
    assert welcome["type"] == "welcome"
    return socket, welcome


def agent_socket(user: Any) -> WebsocketCommunicator:
    """A socket to the agent route, signed in as `user` (what AuthMiddlewareStack would do)."""
    socket = WebsocketCommunicator(ROUTER, "/ws/agent/")
    socket.scope["user"] = user  # type: ignore[typeddict-unknown-key]  # not in the stubs' scope
    return socket


async def staff_socket(user: Any) -> tuple[WebsocketCommunicator, dict]:
    socket = agent_socket(user)
    connected, _ = await socket.connect()
    assert connected
    welcome = await socket.receive_json_from(timeout=5)
    return socket, welcome


async def frames_until(socket: WebsocketCommunicator, kind: str, limit: int = 10) -> list[dict]:
    seen = []
    for _ in range(limit):
        frame = await socket.receive_json_from(timeout=5)
        seen.append(frame)
        if frame["type"] == kind:
            return seen
    raise AssertionError(f"no {kind} frame in {seen}")


@database_sync_to_async
def assigned_chat(make_staff: Any) -> tuple[Any, Any, str]:
    agent = make_agent(make_staff)
    started = start_chat()
    chat_enqueue(
        system=chat_system_user(), session=started.session, reading=TurnReading("other"), why="test"
    )
    return agent, ChatSession.objects.get(pk=started.session.pk), started.token


async def test_customer_without_valid_token_is_closed_4401() -> None:
    socket = WebsocketCommunicator(ROUTER, "/ws/chat/")
    await socket.connect()
    await socket.send_json_to({"type": "hello", "token": "forged", "last_sequence": 0})
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


@override_settings(CHAT_HELLO_TIMEOUT_SECONDS=0.2)
async def test_customer_without_hello_is_closed_4401() -> None:
    socket = WebsocketCommunicator(ROUTER, "/ws/chat/")
    await socket.connect()
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


async def test_message_before_hello_is_refused() -> None:
    socket = WebsocketCommunicator(ROUTER, "/ws/chat/")
    await socket.connect()
    await socket.send_json_to({"type": "message", "client_id": "a", "text": "hi"})
    frame = await socket.receive_json_from(timeout=5)
    assert (frame["type"], frame["code"], frame["client_id"]) == ("error", "invalid", "a")
    await socket.disconnect()


@pytest.mark.parametrize(
    ("headers", "cookies", "reason"),
    [
        ([], {}, "请先发送 hello 帧并附上会话令牌"),
        ([(b"accept-language", b"en-US,en;q=0.9")], {}, "send hello with your session token first"),
        (
            [(b"accept-language", b"en")],
            {"django_language": "zh-hans"},
            "请先发送 hello 帧并附上会话令牌",
        ),
        ([], {"django_language": "en"}, "send hello with your session token first"),
    ],
)
async def test_socket_reasons_follow_the_language_cookie_then_accept_language(
    headers: list, cookies: dict, reason: str
) -> None:
    socket = WebsocketCommunicator(ROUTER, "/ws/chat/", headers=headers)
    socket.scope["cookies"] = cookies  # type: ignore[typeddict-unknown-key]  # CookieMiddleware's
    await socket.connect()
    await socket.send_json_to({"type": "message", "client_id": "a", "text": "hi"})
    assert (await socket.receive_json_from(timeout=5))["reason"] == reason
    await socket.disconnect()


async def test_a_service_refusal_on_a_socket_is_in_its_language() -> None:
    started = await database_sync_to_async(start_chat)()
    socket = WebsocketCommunicator(ROUTER, "/ws/chat/", headers=[(b"accept-language", b"en")])
    await socket.connect()
    await socket.send_json_to({"type": "hello", "token": started.token, "last_sequence": 9})
    assert (await socket.receive_json_from(timeout=5))["type"] == "welcome"
    # Raised by the chat service in a worker thread, not by the consumer itself.
    await socket.send_json_to({"type": "message", "client_id": "x" * 65, "text": "hi"})
    assert (await socket.receive_json_from(timeout=5))["reason"] == (
        "client_id must be 1–64 characters"
    )
    await socket.disconnect()


async def test_agent_socket_refuses_anonymous_4401_and_wrong_role_4403(make_staff: Any) -> None:
    app = AuthMiddlewareStack(ROUTER)
    socket = WebsocketCommunicator(app, "/ws/agent/")
    await socket.connect()
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}
    trainer = await database_sync_to_async(make_staff)("trainer")
    socket = agent_socket(trainer)
    await socket.connect()
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}
    socket = agent_socket(AnonymousUser())
    await socket.connect()
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


async def test_bad_frames_get_error_frames_and_connection_stays(make_staff: Any) -> None:
    started = await database_sync_to_async(start_chat)()
    socket, _ = await customer_socket(started.token, last=1)
    await socket.send_to(text_data="not json")
    assert (await socket.receive_json_from())["code"] == "bad_frame"
    await socket.send_json_to([1, 2])
    assert (await socket.receive_json_from())["code"] == "bad_frame"
    await socket.send_json_to({"type": "dance"})
    assert (await socket.receive_json_from())["code"] == "unknown_type"
    await socket.send_json_to({"type": "message", "client_id": "big", "text": "长" * 2001})
    frame = await socket.receive_json_from()
    assert (frame["code"], frame["client_id"]) == ("too_long", "big")
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from() == {"type": "pong"}
    await socket.disconnect()


async def refusal(socket: WebsocketCommunicator, raw: str) -> dict:
    """Send one raw frame; return its error frame after checking the socket still answers."""
    await socket.send_to(text_data=raw)
    frame = await socket.receive_json_from(timeout=5)
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=5) == {"type": "pong"}
    return frame


async def test_hostile_customer_frames_are_refused_with_the_field(make_staff: Any) -> None:
    _, _, token = await assigned_chat(make_staff)
    socket, _ = await customer_socket(token)
    too_big = 2**64
    cases = [
        ("[" * 100_000 + "]" * 100_000, "bad_frame", None),  # json.loads would recurse too deep
        ('{"type": "message", "text": "hi", "client_id": "\\ud800"}', "bad_frame", None),
        ('{"type": "\\udfff"}', "bad_frame", None),
        ('{"type": "ack", "kind": ["read"], "sequence": 1}', "invalid", "kind"),
        (f'{{"type": "ack", "kind": "read", "sequence": {too_big}}}', "invalid", "sequence"),
        (f'{{"type": "resume", "last_sequence": {too_big}}}', "invalid", "last_sequence"),
        ('{"type": "message", "text": "hi", "client_id": "a\\u0000b"}', "invalid", "client_id"),
    ]
    for raw, code, field in cases:
        frame = await refusal(socket, raw)
        assert (frame["type"], frame["code"], frame.get("field")) == ("error", code, field), raw
    # An escaped emoji is a whole surrogate pair, not half of one.
    emoji = '{"type": "message", "text": "\\ud83d\\ude00", "client_id": "e"}'
    await socket.send_to(text_data=emoji)
    echo = await frames_until(socket, "message")
    assert echo[-1]["message"]["text"] == "\U0001f600"
    await socket.disconnect()


async def test_hostile_agent_frames_are_refused_with_the_field(make_staff: Any) -> None:
    agent, session, _ = await assigned_chat(make_staff)
    socket, _ = await staff_socket(agent)
    missing = session.pk + 1000
    cases = [
        (f'{{"type": "join", "session_id": {2**64}}}', "invalid", "session_id"),
        (f'{{"type": "close", "session_id": {missing}}}', "not_found", "session_id"),
        (
            f'{{"type": "transfer", "session_id": {missing}, "to_user_id": {agent.pk}, '
            '"reason": "x"}',
            "not_found",
            "session_id",
        ),
        (f'{{"type": "ack", "session_id": {session.pk}, "kind": {{}}}}', "invalid", "kind"),
    ]
    for raw, code, field in cases:
        frame = await refusal(socket, raw)
        assert (frame["code"], frame.get("field")) == (code, field), raw
    await socket.disconnect()


async def test_a_failing_frame_is_answered_and_the_chat_goes_on(
    make_staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, token = await assigned_chat(make_staff)
    socket, _ = await customer_socket(token)

    def broken(**kwargs: Any) -> list:
        raise RuntimeError("bug")

    monkeypatch.setattr("xinfa.chat.services.chat_receipt_record", broken)
    frame = await refusal(
        socket, '{"type": "ack", "kind": "read", "sequence": 1, "client_id": "k"}'
    )
    assert (frame["code"], frame["client_id"]) == ("internal", "k")
    await socket.disconnect()


async def test_chat_between_customer_and_agent_with_supervisor_whisper(make_staff: Any) -> None:
    agent, session, token = await assigned_chat(make_staff)
    supervisor = await database_sync_to_async(make_staff)("supervisor")
    customer, welcome = await customer_socket(token)
    assert welcome["session"]["state"] == SessionState.ASSIGNED
    assert [m["sequence"] for m in welcome["messages"]] == [1]
    agent_ws, agent_welcome = await staff_socket(agent)
    assert [s["session_id"] for s in agent_welcome["sessions"]] == [session.pk]
    await agent_ws.send_json_to({"type": "join", "session_id": session.pk, "last_sequence": 0})
    history = await agent_ws.receive_json_from()
    assert (history["type"], [m["sequence"] for m in history["messages"]]) == ("history", [1])
    boss, _ = await staff_socket(supervisor)
    await boss.send_json_to({"type": "join", "session_id": session.pk, "last_sequence": 1})
    assert (await boss.receive_json_from())["messages"] == []

    await customer.send_json_to(
        {"type": "message", "client_id": "c-1", "text": "<script>x</script>卡被锁了"}
    )
    echo = await customer.receive_json_from()
    assert (echo["message"]["sequence"], echo["message"]["client_id"]) == (2, "c-1")
    assert echo["message"]["text"] == "<script>x</script>卡被锁了"
    assert (await agent_ws.receive_json_from())["message"]["sequence"] == 2
    assert (await boss.receive_json_from())["message"]["sequence"] == 2

    await boss.send_json_to({"type": "whisper", "session_id": session.pk, "text": "先安抚情绪"})
    assert (await agent_ws.receive_json_from())["whisper"]["text"] == "先安抚情绪"
    assert (await boss.receive_json_from())["type"] == "whisper"
    await agent_ws.send_json_to({"type": "typing", "session_id": session.pk, "is_typing": True})
    typing = await customer.receive_json_from()
    assert (typing["type"], typing["speaker"]) == ("typing", "agent")
    await agent_ws.send_json_to(
        {
            "type": "message",
            "session_id": session.pk,
            "client_id": "a-1",
            "text": "您好，我来帮您处理",
        }
    )
    reply = await customer.receive_json_from()
    assert (reply["message"]["speaker"], reply["message"]["sequence"]) == ("agent", 3)
    await customer.send_json_to({"type": "ack", "kind": "read", "sequence": 3})
    receipts = await frames_until(agent_ws, "receipt")
    assert receipts[-1] == {
        "type": "receipt",
        "session_id": session.pk,
        "by": "customer",
        "kind": "read",
        "sequence": 3,
    }
    # The whisper never reached the customer.
    assert await customer.receive_nothing(timeout=0.2)
    assert await database_sync_to_async(ChatWhisper.objects.count)() == 1

    await agent_ws.send_json_to({"type": "close", "session_id": session.pk, "outcome": "resolved"})
    closed = await frames_until(customer, "closed")
    assert closed[-1]["survey"]["max"] == 5
    await customer.send_json_to({"type": "survey", "score": 5, "comment": "很好"})
    assert await customer.receive_json_from() == {
        "type": "survey_saved",
        "session_id": session.pk,
        "score": 5,
    }
    for socket in (customer, agent_ws, boss):
        await socket.disconnect()


async def test_other_agent_cannot_join_or_write(make_staff: Any) -> None:
    _, session, _ = await assigned_chat(make_staff)
    stranger = await database_sync_to_async(make_agent)(make_staff)
    socket, _ = await staff_socket(stranger)
    await socket.send_json_to({"type": "join", "session_id": session.pk, "last_sequence": 0})
    assert (await socket.receive_json_from())["code"] == "forbidden"
    await socket.send_json_to(
        {"type": "message", "session_id": session.pk, "client_id": "x", "text": "hi"}
    )
    assert (await socket.receive_json_from())["code"] == "forbidden"
    await socket.send_json_to({"type": "whisper", "session_id": session.pk, "text": "hi"})
    assert (await socket.receive_json_from())["code"] == "forbidden"
    count = await database_sync_to_async(
        Message.objects.filter(interaction_id=session.interaction_id).count
    )()
    assert count == 1
    await socket.disconnect()


async def test_reconnect_resumes_without_loss_or_duplicates(make_staff: Any) -> None:
    agent, session, token = await assigned_chat(make_staff)
    customer, _ = await customer_socket(token)
    for index in range(3):
        await customer.send_json_to(
            {"type": "message", "client_id": f"c{index}", "text": f"第{index}条"}
        )
        await customer.receive_json_from()
    await customer.disconnect()
    # While the customer is away the agent answers twice.
    agent_ws, _ = await staff_socket(agent)
    await agent_ws.send_json_to({"type": "join", "session_id": session.pk, "last_sequence": 4})
    await agent_ws.receive_json_from()
    for index in range(2):
        await agent_ws.send_json_to(
            {
                "type": "message",
                "session_id": session.pk,
                "client_id": f"a{index}",
                "text": f"回复{index}",
            }
        )
        await agent_ws.receive_json_from()
    # The customer comes back holding up to sequence 3 (its last frame was lost) and resends c2.
    customer, welcome = await customer_socket(token, last=3)
    assert [m["sequence"] for m in welcome["messages"]] == [4, 5, 6]
    await customer.send_json_to({"type": "message", "client_id": "c2", "text": "第2条"})
    again = await customer.receive_json_from()
    assert (again["duplicate"], again["message"]["sequence"]) == (True, 4)
    await customer.send_json_to({"type": "resume", "last_sequence": 0})
    history = await customer.receive_json_from()
    assert [m["sequence"] for m in history["messages"]] == [1, 2, 3]
    sequences = await database_sync_to_async(
        lambda: list(
            Message.objects.filter(interaction_id=session.interaction_id).values_list(
                "sequence", flat=True
            )
        )
    )()
    assert sequences == [1, 2, 3, 4, 5, 6]
    await customer.disconnect()
    await agent_ws.disconnect()


@override_settings(CHAT_RATE_PER_SECOND=0.1)  # no refill while the test runs
async def test_flood_is_rate_limited_and_legit_messages_still_pass(make_staff: Any) -> None:
    _, session, token = await assigned_chat(make_staff)
    customer, _ = await customer_socket(token, last=1)
    for index in range(14):
        await customer.send_json_to({"type": "message", "client_id": f"f{index}", "text": "刷"})
    frames = [await customer.receive_json_from() for _ in range(14)]
    stored = [f["message"]["client_id"] for f in frames if f["type"] == "message"]
    refused = [f for f in frames if f["type"] == "error"]
    assert stored == [f"f{i}" for i in range(10)]
    assert [(f["code"], f["client_id"]) for f in refused] == [
        ("rate_limited", f"f{i}") for i in range(10, 14)
    ]
    assert 0 < refused[-1]["retry_after"] <= 10
    # Time passes (the bucket refills); the refused message is resent with its client_id.
    key = f"chat:bucket:session:{session.pk}:customer"
    tokens, stamp = cache.get(key)
    cache.set(key, (tokens, stamp - 10.0))
    await customer.send_json_to({"type": "message", "client_id": "f10", "text": "正常消息"})
    frame = await customer.receive_json_from()
    assert (frame["type"], frame["message"]["sequence"]) == ("message", 12)
    await customer.disconnect()


@override_settings(CHAT_STAFFED_HOURS=ALWAYS_OPEN)
async def test_waiting_customer_gets_queue_position_then_assignment(
    make_staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = TurnReading(intent="human_agent", asks_for_person=True)
    monkeypatch.setattr("xinfa.chat.services.bot.turn_read", lambda text: person)
    first = await database_sync_to_async(start_chat)()
    second = await database_sync_to_async(start_chat)()
    one, _ = await customer_socket(first.token, last=1)
    two, _ = await customer_socket(second.token, last=1)
    await one.send_json_to({"type": "message", "client_id": "p1", "text": "转人工"})
    await frames_until(one, "queue")
    await two.send_json_to({"type": "message", "client_id": "p2", "text": "人工客服"})
    frames = await frames_until(two, "queue")
    assert frames[-1]["position"] == 2
    assert frames[-1]["waiting"] == 2
    agent = await database_sync_to_async(make_agent)(make_staff, status="offline", capacity=1)
    agent_ws, _ = await staff_socket(agent)
    await agent_ws.send_json_to({"type": "presence", "status": "online"})
    assert (await agent_ws.receive_json_from())["type"] == "presence"
    assigned = await frames_until(agent_ws, "assigned")
    assert assigned[-1]["session"]["session_id"] == first.session.pk
    state = await frames_until(one, "state")
    assert (state[-1]["state"], state[-1]["agent"]["id"]) == ("assigned", agent.pk)
    moved = await frames_until(two, "queue")
    assert moved[-1]["position"] == 1
    for socket in (one, two, agent_ws):
        await socket.disconnect()
