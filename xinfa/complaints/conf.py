"""Complaint settings with defaults; override any of them in Django settings."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class ClockRule:
    hours: int
    basis: str  # "calendar" or "business"


def clock_rules() -> dict[str, ClockRule]:
    """Deadlines per clock kind: first contact 24 h, decision 15 days, review 30 days."""
    defaults = {
        "first_contact": ClockRule(hours=24, basis="calendar"),
        "decision": ClockRule(hours=15 * 24, basis="calendar"),
        "review": ClockRule(hours=30 * 24, basis="calendar"),
    }
    overrides = getattr(settings, "COMPLAINT_CLOCKS", {})
    for kind, rule in overrides.items():
        defaults[kind] = ClockRule(hours=int(rule["hours"]), basis=str(rule["basis"]))
    return defaults


def decision_limit_days() -> int:
    """Hard ceiling of the decision clock, extensions included."""
    return int(getattr(settings, "COMPLAINT_DECISION_LIMIT_DAYS", 60))


def near_breach_ratio() -> float:
    return float(getattr(settings, "COMPLAINT_NEAR_BREACH_RATIO", 0.8))


def compensation_approval_limit() -> Decimal:
    """Compensation above this amount (CNY) needs a supervisor's approval."""
    return Decimal(str(getattr(settings, "COMPLAINT_COMPENSATION_LIMIT", "500")))


def follow_up_delay_days() -> int:
    return int(getattr(settings, "COMPLAINT_FOLLOW_UP_DAYS", 3))
