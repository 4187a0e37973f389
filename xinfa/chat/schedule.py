"""Staffed hours of the contact centre (settings.CHAT_STAFFED_HOURS)."""

import datetime as dt

from django.utils import timezone

from xinfa.chat.conf import chat_setting


def _parse(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def is_staffed(at: dt.datetime | None = None) -> bool:
    """Return whether agents are on duty at `at` (local time; now by default)."""
    local = timezone.localtime(at or timezone.now())
    hours = chat_setting("CHAT_STAFFED_HOURS").get(local.weekday())
    if not hours:
        return False
    opens, closes = _parse(hours[0]), _parse(hours[1])
    return opens <= local.time() < closes


def next_opening(at: dt.datetime | None = None) -> dt.datetime | None:
    """Return when agents are next on duty after `at`, or None when no day is staffed."""
    local = timezone.localtime(at or timezone.now())
    schedule = chat_setting("CHAT_STAFFED_HOURS")
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        hours = schedule.get(day.weekday())
        if not hours:
            continue
        opening = timezone.make_aware(dt.datetime.combine(day, _parse(hours[0])))
        if opening > local:
            return opening
    return None
