"""JSON shapes of messages, sessions and whispers, shared by the API and the sockets."""

from collections.abc import Iterable
from typing import Any

from xinfa.chat.models import ChatAttachment, ChatSession, ChatWhisper
from xinfa.service.enums import EventKind
from xinfa.service.models import InteractionEvent, Message


def attachment_payload(attachment: ChatAttachment | None) -> dict[str, Any] | None:
    if attachment is None:
        return None
    return {
        "id": attachment.pk,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": f"/api/v1/chat/attachments/{attachment.pk}/",
    }


def message_payload(message: Message, attachment: ChatAttachment | None = None) -> dict[str, Any]:
    return {
        "id": message.pk,
        "sequence": message.sequence,
        "speaker": message.speaker,
        "text": message.text,
        "sent_at": message.sent_at.isoformat(),
        "client_id": message.client_id,
        "attachment": attachment_payload(attachment),
    }


def messages_payload(messages: Iterable[Message]) -> list[dict[str, Any]]:
    """Serialise turns with their attachments (one extra query, only when there are turns)."""
    rows = list(messages)
    if not rows:
        return []
    attachments = {
        item.message_id: item
        for item in ChatAttachment.objects.filter(message_id__in=[row.pk for row in rows])
    }
    return [message_payload(row, attachments.get(row.pk)) for row in rows]


def person_payload(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "display_name": user.display_name or user.username}


def session_payload(session: ChatSession, *, for_staff: bool = False) -> dict[str, Any]:
    if for_staff:
        return staff_session_payloads([session])[0]
    return {
        "session_id": session.pk,
        "interaction_id": session.interaction_id,
        "state": session.state,
        "queue": session.queue,
        "language": session.language,
        "priority": session.priority,
        "channel": session.interaction.channel,
        "agent": person_payload(session.agent),
        "customer_read_sequence": session.customer_read_sequence,
        "agent_read_sequence": session.agent_read_sequence,
        "created_at": session.created_at.isoformat(),
    }


def staff_session_payloads(sessions: Iterable[ChatSession]) -> list[dict[str, Any]]:
    """`session_payload(for_staff=True)` of many chats, with one query for the handovers."""
    rows = list(sessions)
    transfers = latest_transfers([row.interaction_id for row in rows])
    return [
        {
            **session_payload(row),
            **_staff_fields(row),
            "handover": _handover(row, transfers.get(row.interaction_id)),
        }
        for row in rows
    ]


def _staff_fields(session: ChatSession) -> dict[str, Any]:
    customer = session.customer
    return {
        "customer": None
        if customer is None
        else {
            "id": customer.pk,
            "display_name": customer.name,
            "masked_phone": customer.masked_phone,
            "vip_tier": customer.vip_tier,
            "is_elderly": customer.is_elderly,
        },
        "masked_phone": session.masked_phone,
        "handoff_reason": session.handoff_reason,
    }


def latest_transfers(interaction_ids: list[int]) -> dict[int, InteractionEvent]:
    """The newest transfer event of each interaction (one query)."""
    latest: dict[int, InteractionEvent] = {}
    if not interaction_ids:
        return latest
    events = (
        InteractionEvent.objects.filter(
            interaction_id__in=interaction_ids, kind=EventKind.TRANSFERRED
        )
        .select_related("actor")
        .order_by("interaction_id", "-pk")
    )
    for event in events:
        latest.setdefault(event.interaction_id, event)
    return latest


def _handover(session: ChatSession, last: InteractionEvent | None) -> dict[str, Any] | None:
    """Who handed the chat to its current agent, and why, when a colleague did (staff only)."""
    if last is None or session.agent_id is None or last.to_user_id != session.agent_id:
        return None
    if last.actor is None or last.actor.is_service_account:  # routing, not a colleague
        return None
    return {"by": person_payload(last.actor), "reason": last.reason}


def whisper_payload(whisper: ChatWhisper) -> dict[str, Any]:
    return {
        "id": whisper.pk,
        "author": person_payload(whisper.author),
        "text": whisper.text,
        "sent_at": whisper.sent_at.isoformat(),
    }
