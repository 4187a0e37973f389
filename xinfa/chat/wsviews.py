"""The synchronous halves of the socket handlers (one DB round each), for the consumers."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.chat import selectors, services
from xinfa.chat.enums import SessionState
from xinfa.chat.models import ChatAttachment, ChatSession
from xinfa.chat.payloads import message_payload, session_payload, staff_session_payloads
from xinfa.chat.services.routing import position_in_queue, waiting_sessions
from xinfa.core.exceptions import DomainError, NotFound
from xinfa.service.models import Message

REOPEN_WINDOW = dt.timedelta(hours=24)


def customer_hello(*, token: Any) -> int | str | None:
    """Return the session id a token opens, "expired" for long-closed chats, or None."""
    try:
        session = services.chat_session_for_token(token)
    except DomainError:
        return None
    if session.closed_at is not None and timezone.now() - session.closed_at > REOPEN_WINDOW:
        return "expired"
    return session.pk


def customer_welcome(
    *, session_id: int, after: int
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    session = ChatSession.objects.select_related("interaction", "agent").get(pk=session_id)
    messages = services.chat_history(session=session, after=after)
    position = None
    if session.state == SessionState.QUEUED:
        place = position_in_queue(session)
        waiting = sum(
            1
            for row in waiting_sessions()
            if row.queue == session.queue and row.language == session.language
        )
        position = {
            "type": "queue",
            "session_id": session.pk,
            "queue": session.queue,
            "position": place,
            "waiting": waiting,
        }
    return session_payload(session), messages, position


def history(*, session_id: int, after: int) -> list[dict[str, Any]]:
    session = ChatSession.objects.get(pk=session_id)
    return services.chat_history(session=session, after=after)


def message_with_attachment(message: Message) -> dict[str, Any]:
    return message_payload(message, ChatAttachment.objects.filter(message=message).first())


def survey_submit(*, session_id: int, score: Any, comment: Any) -> int:
    session = ChatSession.objects.get(pk=session_id)
    return services.chat_survey_submit(session=session, score=score, comment=comment).score


def agent_welcome(*, user: Any) -> dict[str, Any]:
    presence = selectors.agent_presence_for(user=user)
    return {
        "type": "welcome",
        "user": {
            "id": user.pk,
            "display_name": user.display_name or user.username,
            "role": user.role,
        },
        "presence": None
        if presence is None
        else {
            "status": presence.status,
            "skills": presence.skills,
            "languages": presence.languages,
            "capacity": presence.capacity,
        },
        "sessions": staff_session_payloads(selectors.chat_session_list_live(actor=user)),
        "queues": selectors.queue_snapshot(actor=user),
    }


def staff_check(*, user: Any, session_id: Any) -> None:
    """Refuse staff who neither serve the chat nor supervise.

    Raises:
        NotFound: no such chat.
        Forbidden: not the chat's agent and not a supervisor.
    """
    session = ChatSession.objects.filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("会话不存在"), field="session_id")
    services.ensure_staff_on_session(user, session)


def staff_history(
    *, session_id: int, after: int
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    session = ChatSession.objects.select_related("interaction", "customer", "agent").get(
        pk=session_id
    )
    return (
        session_payload(session, for_staff=True),
        services.chat_history(session=session, after=after),
        selectors.chat_whisper_list(session=session),
    )
