"""Helpers that build chat fixtures through the real services."""

import datetime as dt
from typing import Any

from django.core import signing

from xinfa.chat.enums import PresenceStatus, Skill
from xinfa.chat.models import AgentPresence
from xinfa.chat.services.identity import APP_TOKEN_SALT
from xinfa.chat.services.sessions import StartedChat, chat_session_start
from xinfa.customers.tests.factories import CustomerFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def app_token_for(customer: Any) -> str:
    """Sign an app token the way the integration endpoint does."""
    return signing.dumps({"customer_id": customer.pk}, salt=APP_TOKEN_SALT)


def start_chat(customer: Any = None, **customer_fields: Any) -> StartedChat:
    """Start an app chat for a (new) customer; the bot has greeted (sequence 1)."""
    if customer is None:
        customer = CustomerFactory(**customer_fields)
    return chat_session_start(app_token=app_token_for(customer))


def elderly_birth_date() -> dt.date:
    return dt.date(1950, 3, 1)


def make_agent(
    make_staff: Any,
    *,
    skills: tuple[str, ...] = (Skill.GENERAL,),
    languages: tuple[str, ...] = ("mandarin",),
    capacity: int = 3,
    status: str = PresenceStatus.ONLINE,
    role: str = "agent",
    username: str | None = None,
) -> Any:
    """Create a staff member with a chat presence."""
    user = make_staff(role, username=username)
    AgentPresence.objects.create(
        user=user,
        status=status,
        skills=list(skills),
        languages=list(languages),
        capacity=capacity,
    )
    return user
