"""What the services ask to tell whom: frames addressed to channel-layer groups.

Services return `Event`s; the consumer or API view publishes them after the database work
is committed, so nothing is announced that was not stored.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

STAFF_GROUP = "chat.staff"


def session_group(session_id: int) -> str:
    """Everyone in one chat: the customer's sockets and the staff who joined it."""
    return f"chat.session.{session_id}"


def staff_session_group(session_id: int) -> str:
    """Staff in one chat only (whispers); the customer is never in it."""
    return f"chat.whisper.{session_id}"


def agent_group(user_id: int) -> str:
    """Every socket of one staff member (new assignments)."""
    return f"chat.agent.{user_id}"


@dataclass(frozen=True)
class Event:
    group: str
    frame: dict[str, Any]


async def events_publish(events: Iterable[Event]) -> None:
    """Send each event's frame to its group (async callers: consumers)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for event in events:
        await layer.group_send(event.group, {"type": "chat.frame", "frame": event.frame})


def events_publish_sync(events: Iterable[Event]) -> None:
    """Send each event's frame to its group (sync callers: API views)."""
    events = list(events)
    if events:
        async_to_sync(events_publish)(events)
