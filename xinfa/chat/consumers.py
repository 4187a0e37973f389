"""WebSocket consumers: customers on /ws/chat/, staff on /ws/agent/ (see docs/live-chat.md)."""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from xinfa.chat import services, wsviews
from xinfa.chat.conf import chat_setting
from xinfa.chat.errors import RateLimited
from xinfa.chat.events import (
    STAFF_GROUP,
    Event,
    agent_group,
    events_publish,
    session_group,
    staff_session_group,
)
from xinfa.core.api import MAX_ID
from xinfa.core.exceptions import DomainError
from xinfa.core.middleware import socket_language
from xinfa.core.validators import LONE_SURROGATE_RE

logger = logging.getLogger(__name__)


def db(function: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Run ORM work in the worker thread pool, not the one shared sync thread, so one slow
    turn does not hold up every other socket's connect or message (each socket still handles
    its own frames one at a time, so its order is kept)."""
    return database_sync_to_async(function, thread_sensitive=False)


CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
Handler = Callable[[dict[str, Any]], Awaitable[None]]


class ChatSocketError(DomainError):
    """A frame the protocol refuses (shape, type, missing login)."""


class ChatConsumerBase(AsyncWebsocketConsumer):
    """JSON frames in and out; every refused frame is answered with an `error` frame."""

    handlers: dict[str, str] = {}
    speaker: str  # "customer" or "agent", set by each subclass

    async def connect(self) -> None:
        self.sent: dict[int, set[int]] = {}
        self.joined: set[int] = set()
        self.language = socket_language(self.scope)
        await self.accept()

    async def send_frame(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(frame, ensure_ascii=False))

    async def send_error(self, code: str, reason: str, **extra: Any) -> None:
        await self.send_frame({"type": "error", "code": code, "reason": reason, **extra})

    async def publish(self, events: list[Event]) -> None:
        await events_publish(events)

    async def send_messages(
        self, session_id: int, messages: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Drop turns this socket already received, remember the rest; returns what to send."""
        seen = self.sent.setdefault(session_id, set())
        fresh = [m for m in messages if m["sequence"] not in seen]
        seen.update(m["sequence"] for m in fresh)
        return fresh

    async def chat_frame(self, event: dict[str, Any]) -> None:
        """A frame published to a group this socket is in."""
        frame = event["frame"]
        if frame["type"] == "message" and not await self.send_messages(
            frame["session_id"], [frame["message"]]
        ):
            return
        # Your own typing and receipts are not news to you.
        if frame["type"] == "typing" and frame.get("speaker") == self.speaker:
            return
        if frame["type"] == "receipt" and frame.get("by") == self.speaker:
            return
        await self.send_frame(frame)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        with translation.override(self.language):
            await self._receive(text_data)

    async def _receive(self, text_data: str | None) -> None:
        try:
            frame = json.loads(text_data or "")
        except (json.JSONDecodeError, TypeError, RecursionError):
            await self.send_error("bad_frame", _("帧必须是 JSON 对象"))
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("bad_frame", _("帧必须是带 type 字段的 JSON 对象"))
            return
        if _has_lone_surrogate(text_data or "", frame):
            # Echoing one back (in an error's client_id) could not even be sent as UTF-8.
            await self.send_error("bad_frame", _("帧中不能含有半个 UTF-16 代理对"))
            return
        name = self.handlers.get(frame["type"])
        if name is None:
            await self.send_error(
                "unknown_type", _("未知的帧类型“%(type)s”") % {"type": frame["type"][:40]}
            )
            return
        extra = {
            k: frame[k] for k in ("client_id", "session_id") if isinstance(frame.get(k), str | int)
        }
        try:
            await getattr(self, name)(frame)
        except RateLimited as exc:
            await self.send_error(exc.code, exc.message, retry_after=exc.retry_after, **extra)
        except DomainError as exc:
            fields = {"field": exc.field} if exc.field else {}
            await self.send_error(exc.code, exc.message, **fields, **extra)
        except OperationalError:
            logger.warning("chat socket: database busy", exc_info=True)
            await self.send_error("unavailable", _("服务暂时不可用，请重发"), **extra)
        except Exception:
            # A bug must not drop the customer's chat: log it, answer, keep the socket.
            logger.exception("chat socket: %s frame failed", frame["type"][:40])
            await self.send_error("internal", _("该帧处理失败"), **extra)

    async def on_ping(self, frame: dict[str, Any]) -> None:
        await self.send_frame({"type": "pong"})

    async def leave_all(self) -> None:
        for session_id in list(self.joined):
            await self.channel_layer.group_discard(session_group(session_id), self.channel_name)
            await self.channel_layer.group_discard(
                staff_session_group(session_id), self.channel_name
            )
        self.joined.clear()


def _has_lone_surrogate(text: str, frame: dict[str, Any]) -> bool:
    """Whether a \\u escape left half a UTF-16 pair in the frame (only escapes make one)."""
    if "\\ud" not in text.lower():
        return False
    return LONE_SURROGATE_RE.search(json.dumps(frame, ensure_ascii=False)) is not None


def _int(frame: dict[str, Any], name: str, default: int | None = None) -> int:
    value = frame.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise ChatSocketError(
            _("“%(name)s”必须是 0 至 2⁶³−1 之间的整数") % {"name": name}, field=name
        )
    return value


class CustomerChatConsumer(ChatConsumerBase):
    """A customer's socket: `hello` with the session token first, then the chat."""

    speaker = "customer"
    handlers = {
        "hello": "on_hello",
        "message": "on_message",
        "typing": "on_typing",
        "ack": "on_ack",
        "resume": "on_resume",
        "close": "on_close",
        "survey": "on_survey",
        "ping": "on_ping",
    }

    async def connect(self) -> None:
        await super().connect()
        self.session_id: int | None = None
        self.hello_timer = asyncio.get_running_loop().call_later(
            float(chat_setting("CHAT_HELLO_TIMEOUT_SECONDS")),
            lambda: asyncio.ensure_future(self._hello_timeout()),
        )

    async def _hello_timeout(self) -> None:
        if self.session_id is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)

    async def disconnect(self, code: int) -> None:
        self.hello_timer.cancel()
        await self.leave_all()

    def _session(self) -> int:
        if self.session_id is None:
            raise ChatSocketError(_("请先发送 hello 帧并附上会话令牌"))
        return self.session_id

    async def on_hello(self, frame: dict[str, Any]) -> None:
        if self.session_id is not None:
            raise ChatSocketError(_("已发送过 hello 帧"))
        last = _int(frame, "last_sequence", 0)
        found = await db(wsviews.customer_hello)(token=frame.get("token"))
        if found is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if found == "expired":
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.session_id = found
        self.hello_timer.cancel()
        self.system = await db(services.chat_system_user)()
        self.joined.add(found)
        # Subscribe before reading history, so a turn stored in between is not missed.
        await self.channel_layer.group_add(session_group(found), self.channel_name)
        session, messages, position = await db(wsviews.customer_welcome)(
            session_id=found, after=last
        )
        await self.send_frame(
            {
                "type": "welcome",
                "session": session,
                "messages": await self.send_messages(found, messages),
            }
        )
        if position is not None:
            await self.send_frame(position)

    async def on_message(self, frame: dict[str, Any]) -> None:
        session_id = self._session()
        posted = await db(services.chat_message_post)(
            session_id=session_id,
            text=frame.get("text"),
            client_id=frame.get("client_id"),
            system=self.system,
        )
        if posted.duplicate:
            payload = await db(wsviews.message_with_attachment)(posted.message)
            await self.send_frame(
                {"type": "message", "session_id": session_id, "message": payload, "duplicate": True}
            )
            return
        await self.publish(posted.events)
        if posted.needs_bot:
            events = await db(services.chat_bot_respond)(
                session_id=session_id, text=posted.message.text
            )
            await self.publish(events)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        session_id = self._session()
        await self.publish(
            [
                Event(
                    session_group(session_id),
                    {
                        "type": "typing",
                        "session_id": session_id,
                        "speaker": "customer",
                        "is_typing": bool(frame.get("is_typing", True)),
                    },
                )
            ]
        )

    async def on_ack(self, frame: dict[str, Any]) -> None:
        events = await db(services.chat_receipt_record)(
            session_id=self._session(),
            by="customer",
            kind=frame.get("kind"),
            sequence=frame.get("sequence"),
        )
        await self.publish(events)

    async def on_resume(self, frame: dict[str, Any]) -> None:
        session_id = self._session()
        messages = await db(wsviews.history)(
            session_id=session_id, after=_int(frame, "last_sequence", 0)
        )
        await self.send_frame(
            {
                "type": "history",
                "session_id": session_id,
                "messages": await self.send_messages(session_id, messages),
            }
        )

    async def on_close(self, frame: dict[str, Any]) -> None:
        events = await db(services.chat_close)(session_id=self._session())
        await self.publish(events)

    async def on_survey(self, frame: dict[str, Any]) -> None:
        session_id = self._session()
        score = await db(wsviews.survey_submit)(
            session_id=session_id, score=frame.get("score"), comment=frame.get("comment", "")
        )
        await self.send_frame({"type": "survey_saved", "session_id": session_id, "score": score})


class AgentChatConsumer(ChatConsumerBase):
    """A staff member's socket, signed in with the Django session."""

    speaker = "agent"
    handlers = {
        "join": "on_join",
        "leave": "on_leave",
        "message": "on_message",
        "typing": "on_typing",
        "ack": "on_ack",
        "whisper": "on_whisper",
        "transfer": "on_transfer",
        "requeue": "on_requeue",
        "close": "on_close",
        "presence": "on_presence",
        "ping": "on_ping",
    }

    async def connect(self) -> None:
        await super().connect()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not user.has_capability("interaction.record"):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.user = user
        await self.channel_layer.group_add(agent_group(user.pk), self.channel_name)
        await self.channel_layer.group_add(STAFF_GROUP, self.channel_name)
        await self.send_frame(await db(wsviews.agent_welcome)(user=user))

    async def disconnect(self, code: int) -> None:
        user = getattr(self, "user", None)
        if user is not None:
            await self.channel_layer.group_discard(agent_group(user.pk), self.channel_name)
            await self.channel_layer.group_discard(STAFF_GROUP, self.channel_name)
        await self.leave_all()

    def _session_id(self, frame: dict[str, Any]) -> int:
        value = frame.get("session_id")
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_ID:
            raise ChatSocketError(_("session_id 必须是 64 位整数"), field="session_id")
        return value

    async def on_join(self, frame: dict[str, Any]) -> None:
        session_id = self._session_id(frame)
        last = _int(frame, "last_sequence", 0)
        await db(wsviews.staff_check)(user=self.user, session_id=session_id)
        self.joined.add(session_id)
        await self.channel_layer.group_add(session_group(session_id), self.channel_name)
        await self.channel_layer.group_add(staff_session_group(session_id), self.channel_name)
        session, messages, whispers = await db(wsviews.staff_history)(
            session_id=session_id, after=last
        )
        await self.send_frame(
            {
                "type": "history",
                "session_id": session_id,
                "session": session,
                "messages": await self.send_messages(session_id, messages),
                "whispers": whispers,
            }
        )

    async def on_leave(self, frame: dict[str, Any]) -> None:
        session_id = self._session_id(frame)
        self.joined.discard(session_id)
        await self.channel_layer.group_discard(session_group(session_id), self.channel_name)
        await self.channel_layer.group_discard(staff_session_group(session_id), self.channel_name)

    async def on_message(self, frame: dict[str, Any]) -> None:
        session_id = self._session_id(frame)
        posted = await db(services.chat_message_post)(
            session_id=session_id,
            text=frame.get("text"),
            client_id=frame.get("client_id"),
            sender=self.user,
        )
        if posted.duplicate:
            payload = await db(wsviews.message_with_attachment)(posted.message)
            await self.send_frame(
                {"type": "message", "session_id": session_id, "message": payload, "duplicate": True}
            )
            return
        await self.publish(posted.events)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        session_id = self._session_id(frame)
        if session_id not in self.joined:
            raise ChatSocketError(_("请先加入该会话"), field="session_id")
        await self.publish(
            [
                Event(
                    session_group(session_id),
                    {
                        "type": "typing",
                        "session_id": session_id,
                        "speaker": "agent",
                        "is_typing": bool(frame.get("is_typing", True)),
                    },
                )
            ]
        )

    async def on_ack(self, frame: dict[str, Any]) -> None:
        session_id = self._session_id(frame)
        await db(wsviews.staff_check)(user=self.user, session_id=session_id)
        events = await db(services.chat_receipt_record)(
            session_id=session_id,
            by="agent",
            kind=frame.get("kind"),
            sequence=frame.get("sequence"),
        )
        await self.publish(events)

    async def on_whisper(self, frame: dict[str, Any]) -> None:
        _whisper, events = await db(services.chat_whisper_add)(
            actor=self.user, session_id=self._session_id(frame), text=frame.get("text")
        )
        await self.publish(events)

    async def on_transfer(self, frame: dict[str, Any]) -> None:
        events = await db(services.chat_transfer)(
            actor=self.user,
            session_id=self._session_id(frame),
            to_user_id=frame.get("to_user_id"),
            reason=frame.get("reason", ""),
        )
        await self.publish(events)

    async def on_requeue(self, frame: dict[str, Any]) -> None:
        events = await db(services.chat_requeue)(
            actor=self.user, session_id=self._session_id(frame), reason=frame.get("reason", "")
        )
        await self.publish(events)

    async def on_close(self, frame: dict[str, Any]) -> None:
        events = await db(services.chat_close)(
            session_id=self._session_id(frame),
            actor=self.user,
            outcome=frame.get("outcome", "resolved"),
            note=frame.get("note", ""),
        )
        await self.publish(events)

    async def on_presence(self, frame: dict[str, Any]) -> None:
        presence, events = await db(services.agent_presence_set)(
            actor=self.user, status=frame.get("status")
        )
        await self.send_frame(
            {
                "type": "presence",
                "status": presence.status,
                "skills": presence.skills,
                "languages": presence.languages,
                "capacity": presence.capacity,
            }
        )
        await self.publish(events)
