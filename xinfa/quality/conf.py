"""Quality-inspection knobs; each can be overridden in settings as QUALITY_<NAME>."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The agent may appeal an inspection for this many days after it was made.
    "APPEAL_WINDOW_DAYS": 7,
    # Inspections drawn for human review in one draw, and the share drawn at random.
    "SAMPLE_SIZE": 20,
    "SAMPLE_RANDOM_SHARE": 0.2,
    # Score below which an inspection counts as low for the review sample.
    "LOW_SCORE": 70.0,
    # Wellbeing: an agent with at least this many hostile conversations within the window.
    "WELLBEING_HOSTILE_COUNT": 3,
    "WELLBEING_WINDOW_HOURS": 4,
    # A customer turn is hostile when angry at or above this probability, or agitated.
    "HOSTILE_MIN_PROBABILITY": 0.6,
    # The slug of the rubric inspected at close.
    "DEFAULT_RUBRIC": "default",
}


def quality_setting(name: str) -> Any:
    """Return QUALITY_<name> from settings, or the default above."""
    return getattr(settings, f"QUALITY_{name}", DEFAULTS[name])
