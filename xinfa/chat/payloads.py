"""JSON shapes of messages, sessions and whispers, shared by the API and the sockets."""

from collections.abc import Iterable
from typing import Any

from xinfa.chat.models import ChatAttachment, ChatSession, ChatWhisper
from xinfa.service.models import Message


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
    data: dict[str, Any] = {
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
    if for_staff:
        customer = session.customer
        data["customer"] = (
            None
            if customer is None
            else {
                "id": customer.pk,
                "display_name": customer.name,
                "masked_phone": customer.masked_phone,
                "vip_tier": customer.vip_tier,
                "is_elderly": customer.is_elderly,
            }
        )
        data["masked_phone"] = session.masked_phone
        data["handoff_reason"] = session.handoff_reason
    return data


def whisper_payload(whisper: ChatWhisper) -> dict[str, Any]:
    return {
        "id": whisper.pk,
        "author": person_payload(whisper.author),
        "text": whisper.text,
        "sent_at": whisper.sent_at.isoformat(),
    }
