"""Chat knobs with defaults; each can be overridden by a CHAT_* Django setting."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "CHAT_MAX_TEXT_LENGTH": 2000,
    "CHAT_MAX_IMAGE_BYTES": 5 * 1024 * 1024,
    "CHAT_RATE_PER_SECOND": 5.0,
    "CHAT_RATE_BURST": 10,
    # Anonymous requests per client address: action -> (per minute, burst). SMS codes cost
    # money and can harass a phone's owner, so they are the tightest.
    "CHAT_CLIENT_LIMITS": {"phone-code": (6, 5), "session-start": (30, 20)},
    "CHAT_APP_TOKEN_SECONDS": 600,
    "CHAT_CODE_SECONDS": 300,
    "CHAT_CODE_ATTEMPTS": 5,
    "CHAT_CHALLENGE_INTERVAL_SECONDS": 60,
    "CHAT_HELLO_TIMEOUT_SECONDS": 10.0,
    # Keys the bank's app backend presents to get signed customer tokens; empty = disabled.
    "CHAT_INTEGRATION_KEYS": [],
    "CHAT_SMS_BACKEND": "xinfa.chat.sms.ConsoleSmsSender",
    "CHAT_BOT_CONFIDENCE": 0.6,
    "CHAT_BOT_MAX_FAILURES": 2,
    "CHAT_UPSET_INTENSITY": 0.7,
    "CHAT_AGITATED_CONFIDENCE": 0.6,
    "CHAT_DEFAULT_CAPACITY": 3,
    # Weekday (0 = Monday) -> (opens, closes) local time; days not listed are unstaffed.
    "CHAT_STAFFED_HOURS": {
        0: ("08:30", "20:00"),
        1: ("08:30", "20:00"),
        2: ("08:30", "20:00"),
        3: ("08:30", "20:00"),
        4: ("08:30", "20:00"),
        5: ("09:00", "17:00"),
        6: ("09:00", "17:00"),
    },
}


def chat_setting(name: str) -> Any:
    """Return a chat setting, falling back to its default."""
    return getattr(settings, name, DEFAULTS[name])
