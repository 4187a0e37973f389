"""Speaker names as exports and pastes write them, mapped to the engine's four speakers.

One table for the engine's batch input, the transcript importer and the rubric tester, so
a name one of them reads is read the same way by the others.
"""

from __future__ import annotations

SPEAKERS = ("customer", "agent", "bot", "system")
SPEAKER_ALIASES: dict[str, str] = {
    **{name: name for name in SPEAKERS},
    **dict.fromkeys(("客户", "顾客", "用户", "user", "client"), "customer"),
    **dict.fromkeys(("坐席", "客服", "员工", "柜员", "staff"), "agent"),
    "机器人": "bot",
    "系统": "system",
}


def canonical_speaker_name(value: object) -> str | None:
    """The engine's speaker for `value` (case and surrounding space ignored), or None."""
    return SPEAKER_ALIASES.get(value.strip().lower()) if isinstance(value, str) else None
