"""A customer's timeline of interactions across channels."""

import datetime as dt
from dataclasses import dataclass

from xinfa.service.models import Interaction


@dataclass(frozen=True)
class TimelineEntry:
    interaction_id: int
    channel: str
    channel_label: str
    kind: str
    status: str
    subject: str
    outcome: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    handled_by: str


def interaction_timeline_for_customer(
    *, customer_id: int, limit: int = 50, offset: int = 0
) -> list[TimelineEntry]:
    """Return a customer's interactions across every channel, newest first (`limit` of
    them after skipping `offset`)."""
    rows = (
        Interaction.objects.filter(customer_id=customer_id)
        .select_related("handled_by")
        .order_by("-started_at", "-pk")[offset : offset + limit]
    )
    return [
        TimelineEntry(
            interaction_id=row.pk,
            channel=row.channel,
            channel_label=str(row.get_channel_display()),
            kind=row.kind,
            status=row.status,
            subject=row.subject,
            outcome=row.outcome,
            started_at=row.started_at,
            ended_at=row.ended_at,
            handled_by=str(row.handled_by) if row.handled_by else "",
        )
        for row in rows
    ]


def interaction_count_for_customer(*, customer_id: int) -> int:
    """Count a customer's interactions on every channel (one indexed count query)."""
    return Interaction.objects.filter(customer_id=customer_id).count()
