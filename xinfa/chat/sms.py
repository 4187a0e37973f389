"""Sending SMS: an interface and a console backend that logs with the number masked."""

import logging
from functools import cache
from typing import Protocol

from django.utils.module_loading import import_string

from xinfa.chat.conf import chat_setting
from xinfa.core.masking import mask_phone

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    """Whatever delivers a text message to a phone (an SMS gateway in production)."""

    def send(self, *, phone: str, text: str) -> None: ...


class ConsoleSmsSender:
    """Development backend: writes the message to the log, never the full number."""

    def send(self, *, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", mask_phone(phone), text)


class MemorySmsSender:
    """Test backend: keeps sent messages in `outbox` (class-level, like Django's locmem mail)."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        MemorySmsSender.outbox.append((phone, text))


@cache
def _sender_class(path: str) -> type:
    return import_string(path)


def sms_sender() -> SmsSender:
    """Return the configured SMS backend (settings.CHAT_SMS_BACKEND)."""
    return _sender_class(chat_setting("CHAT_SMS_BACKEND"))()
