"""Display filters for the UI: enum labels and durations, translated at render time."""

from decimal import Decimal, InvalidOperation

from django import template
from django.db import models
from django.utils.translation import gettext as _

from xinfa.customers.enums import VipTier
from xinfa.service.enums import (
    Channel,
    EventKind,
    InteractionStatus,
    Outcome,
    ServiceType,
    Speaker,
    TicketStatus,
    TriageTarget,
)

register = template.Library()

_ENUMS: dict[str, type[models.TextChoices]] = {
    "vip": VipTier,
    "channel": Channel,
    "event": EventKind,
    "status": InteractionStatus,
    "outcome": Outcome,
    "service_type": ServiceType,
    "speaker": Speaker,
    "ticket_status": TicketStatus,
    "triage": TriageTarget,
}


@register.filter
def label(value: object, enum: str) -> str:
    """Return the display label of a stored choice value, e.g. {{ x.channel|label:"channel" }}."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str):  # choice values are strings: nothing else has a label
        return str(value)
    try:
        return str(_ENUMS[enum](value).label)
    except (KeyError, ValueError):
        return str(value)


@register.filter
def money(value: object) -> str:
    """Format an amount with thousands separators and two decimals: 50,000.00."""
    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def duration(seconds: object) -> str:
    """Format a number of seconds as minutes and seconds (e.g. 3分05秒); blank when unknown."""
    if seconds in (None, ""):
        return "—"
    try:
        total = round(float(seconds))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "—"
    minutes, rest = divmod(max(total, 0), 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return _("%(h)d小时%(m)02d分") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d分%(s)02d秒") % {"m": minutes, "s": rest}
    return _("%(s)d秒") % {"s": rest}
