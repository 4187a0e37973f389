"""Starting a chat and the turns of it: messages, receipts, history."""

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xinfa.chat.conf import chat_setting
from xinfa.chat.enums import IdentityMethod, SessionState
from xinfa.chat.errors import ChatClosed, RateLimited, TooLong
from xinfa.chat.events import Event, session_group
from xinfa.chat.models import ChatSession
from xinfa.chat.payloads import message_payload, messages_payload
from xinfa.chat.ratelimit import rate_limit_take
from xinfa.chat.services.identity import (
    app_token_read,
    chat_system_user,
    phone_challenge_verify,
    token_digest,
)
from xinfa.core.api import MAX_ID
from xinfa.core.exceptions import Forbidden, NotFound, ValidationFailed
from xinfa.core.validators import has_control_characters
from xinfa.customers.enums import Language
from xinfa.customers.models import Customer
from xinfa.service.enums import Channel, Speaker
from xinfa.service.models import Message
from xinfa.service.services import interaction_open, message_add
from xinfa.service.services.interactions import MAX_CLIENT_ID_LENGTH
from xinfa.service.services.rules import is_supervising

CUSTOMER = "customer"
AGENT = "agent"
RECEIPT_FIELDS = {
    (CUSTOMER, "delivered"): "customer_delivered_sequence",
    (CUSTOMER, "read"): "customer_read_sequence",
    (AGENT, "read"): "agent_read_sequence",
    (AGENT, "delivered"): "agent_read_sequence",
}


@dataclass
class StartedChat:
    session: ChatSession
    token: str
    greeting: Message


@dataclass
class PostedMessage:
    message: Message
    duplicate: bool
    events: list[Event] = field(default_factory=list)
    needs_bot: bool = False


def _language(value: Any, customer: Any) -> str:
    if value in (None, ""):
        return customer.language if customer is not None and customer.language else "mandarin"
    if value not in Language.values:
        raise ValidationFailed(
            _("“%(value)s”不是可选值之一：%(allowed)s")
            % {"value": value, "allowed": ", ".join(Language.values)},
            field="language",
        )
    return str(value)


def chat_session_start(
    *,
    app_token: str | None = None,
    verification_id: str | None = None,
    code: str | None = None,
    language: str | None = None,
) -> StartedChat:
    """Open a chat for a customer proven by an app token or a verified phone code.

    Raises:
        ValidationFailed: neither proof given, bad/expired token or code, unknown language.
    """
    from xinfa.chat.services.bot import bot_greeting_add

    masked_phone = ""
    customer: Customer | None  # a verified phone may belong to no customer
    if app_token:
        customer = app_token_read(app_token)
        method, channel = IdentityMethod.APP_TOKEN, Channel.APP
    elif verification_id:
        verification = phone_challenge_verify(verification_id=verification_id, code=str(code))
        customer, masked_phone = verification.customer, verification.masked_phone
        method, channel = IdentityMethod.PHONE, Channel.CHAT
    else:
        raise ValidationFailed(_("请提供 app_token，或 verification_id 与 code"), field="app_token")
    language = _language(language, customer)
    system = chat_system_user()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        interaction = interaction_open(
            actor=system,
            channel=channel,
            customer_id=customer.pk if customer is not None else None,
            subject=str(_subject()),
        )
        session = ChatSession.objects.create(
            interaction=interaction,
            customer=customer,
            token_hash=token_digest(token),
            identity_method=method,
            masked_phone=masked_phone or (customer.masked_phone if customer else ""),
            language=language,
        )
        greeting = bot_greeting_add(session=session, system=system)
    return StartedChat(session=session, token=token, greeting=greeting)


def _subject() -> str:
    from django.utils.translation import gettext

    return gettext("在线客服会话")


def ensure_staff_on_session(actor: Any, session: ChatSession) -> None:
    """Only the chat's agent or a supervisor may act in it as staff.

    Raises:
        Forbidden: the actor neither serves this chat nor supervises.
    """
    if session.agent_id == actor.pk or is_supervising(actor):
        return
    raise Forbidden(_("只有服务该会话的坐席或主管可以执行此操作"))


def _clean_message(text: Any, client_id: Any) -> tuple[str, str]:
    if not isinstance(text, str):
        raise ValidationFailed(_("必须是文本"), field="text")
    limit = int(chat_setting("CHAT_MAX_TEXT_LENGTH"))
    if len(text.strip()) > limit:
        raise TooLong(
            _("最多 %(max)s 个字符（当前 %(length)s 个）")
            % {"max": limit, "length": len(text.strip())},
            field="text",
        )
    return text, clean_client_id(client_id)


def clean_client_id(value: Any) -> str:
    """The sender's id for one turn (resends carry the same one), checked before any lookup:
    a NUL or a lone surrogate would break the database query itself.

    Raises:
        ValidationFailed: not 1–64 printable characters.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_CLIENT_ID_LENGTH:
        raise ValidationFailed(_("client_id 须为 1–64 个字符"), field="client_id")
    if has_control_characters(value):
        raise ValidationFailed(_("client_id 不能包含控制字符"), field="client_id")
    return value.strip()


def chat_message_post(
    *, session_id: int, text: Any, client_id: Any, sender: Any = None, system: Any = None
) -> PostedMessage:
    """Store one chat turn from the customer (sender None) or a staff member, once per client_id.

    `system` is the chat service account recording customer turns (looked up when None).

    Raises:
        ValidationFailed / TooLong: bad text or client_id.
        RateLimited: the session sent more than its bucket allows.
        ChatClosed: the chat is closed.
        Forbidden: a staff sender who neither serves the chat nor supervises.
        NotFound: no such session.
    """
    text, client_id = _clean_message(text, client_id)
    session = ChatSession.objects.select_related("agent").filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("会话不存在"), field="session_id")
    if sender is not None:
        ensure_staff_on_session(sender, session)
    existing = Message.objects.filter(
        interaction_id=session.interaction_id, client_id=client_id
    ).first()
    if existing is not None:
        return PostedMessage(message=existing, duplicate=True)
    if session.state == SessionState.CLOSED:
        raise ChatClosed(_("会话已结束"), field="text")
    wait = rate_limit_take(key=f"session:{session.pk}:{AGENT if sender else CUSTOMER}")
    if wait > 0:
        raise RateLimited(_("消息发送过快，请稍候"), retry_after=wait, field="text")
    message = message_add(
        actor=sender if sender is not None else (system or chat_system_user()),
        interaction_id=session.interaction_id,
        speaker=Speaker.AGENT if sender is not None else Speaker.CUSTOMER,
        text=text,
        client_id=client_id,
    )
    frame = {
        "type": "message",
        "session_id": session.pk,
        "message": message_payload(message),
        "duplicate": False,
    }
    return PostedMessage(
        message=message,
        duplicate=False,
        events=[Event(session_group(session.pk), frame)],
        needs_bot=sender is None and session.state == SessionState.BOT,
    )


def chat_receipt_record(*, session_id: int, by: str, kind: str, sequence: Any) -> list[Event]:
    """Move a delivered/read mark forward (never back) and tell the other side.

    Raises:
        ValidationFailed: unknown kind or a sequence that is not a positive integer.
    """
    column = RECEIPT_FIELDS.get((by, kind)) if isinstance(kind, str) else None
    if column is None:
        raise ValidationFailed(_("kind 必须是 delivered 或 read"), field="kind")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 1 <= sequence <= MAX_ID:
        raise ValidationFailed(_("sequence 必须是正的 64 位整数"), field="sequence")
    updated = ChatSession.objects.filter(pk=session_id, **{f"{column}__lt": sequence}).update(
        **{column: sequence}
    )
    if not updated:
        return []
    frame = {
        "type": "receipt",
        "session_id": session_id,
        "by": by,
        "kind": kind,
        "sequence": sequence,
    }
    return [Event(session_group(session_id), frame)]


def chat_history(*, session: ChatSession, after: Any = 0) -> list[dict[str, Any]]:
    """Return a chat's turns after a sequence number, in order, as payloads.

    Raises:
        ValidationFailed: `after` is not a non-negative integer.
    """
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise ValidationFailed(_("必须是非负整数"), field="after")
    rows = Message.objects.filter(interaction_id=session.interaction_id, sequence__gt=after)
    return messages_payload(rows.order_by("sequence"))


def session_touch_sequence(session_id: int) -> int:
    """Return the last sequence of a chat (0 when empty)."""
    last = (
        Message.objects.filter(interaction__chat_session=session_id)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    return int(last or 0)
