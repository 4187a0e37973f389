"""Reads of live chat: a staff member's chats, queue snapshots, whispers."""

from typing import Any

from django.db.models import QuerySet

from xinfa.chat.enums import SessionState
from xinfa.chat.models import AgentPresence, ChatSession, ChatWhisper
from xinfa.chat.payloads import whisper_payload
from xinfa.chat.services.routing import position_events, waiting_sessions
from xinfa.core.roles import Capability
from xinfa.service.services.rules import ensure_capability, is_supervising


def chat_session_list_live(*, actor: Any) -> QuerySet[ChatSession]:
    """Return the live chats a staff member sees: their own, or every live one for supervisors.

    Raises:
        Forbidden: the actor may not record interactions.
    """
    ensure_capability(actor, Capability.INTERACTION_RECORD)
    sessions = ChatSession.objects.exclude(state=SessionState.CLOSED).select_related(
        "interaction", "customer", "agent"
    )
    if not is_supervising(actor):
        sessions = sessions.filter(agent=actor, state=SessionState.ASSIGNED)
    return sessions.order_by("created_at", "pk")


def queue_snapshot(*, actor: Any) -> list[dict[str, Any]]:
    """Return waiting counts and the oldest wait per queue and language.

    Raises:
        Forbidden: the actor may not record interactions.
    """
    ensure_capability(actor, Capability.INTERACTION_RECORD)
    snapshot = position_events(waiting_sessions())[-1]
    return list(snapshot.frame["queues"])


def chat_whisper_list(*, session: ChatSession) -> list[dict[str, Any]]:
    """Return a chat's whispers in order (staff only; callers check who asks)."""
    rows = ChatWhisper.objects.filter(session=session).select_related("author")
    return [whisper_payload(row) for row in rows]


def agent_presence_for(*, user: Any) -> AgentPresence | None:
    """Return a staff member's chat presence, None when never set."""
    return AgentPresence.objects.filter(user=user).first()
