"""Background work of the complaints app."""

from celery import shared_task

from xinfa.complaints.services import complaint_clocks_check


@shared_task(name="complaints.complaint_clocks_check_task")
def complaint_clocks_check_task() -> int:
    """Raise near-breach and breach alerts; safe to run as often as wanted (idempotent)."""
    return len(complaint_clocks_check())
