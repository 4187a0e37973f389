"""The supervisor's overview of one day: queues, wait and handle times, escalations, agents.

Every average comes with the count and total it was computed from, so it can be traced.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from xinfa.service.enums import Channel, EventKind, InteractionStatus, ServiceType, TicketStatus
from xinfa.service.models import Interaction, InteractionEvent, QueueTicket
from xinfa.service.services.rules import day_bounds


@dataclass(frozen=True)
class Average:
    """An average in seconds with what produced it: `total_seconds / count`."""

    count: int
    total_seconds: int

    @property
    def seconds(self) -> float | None:
        return round(self.total_seconds / self.count, 1) if self.count else None


@dataclass(frozen=True)
class ServiceTypeFigures:
    service_type: str
    label: str
    issued: int
    waiting: int
    wait: Average
    handle: Average


@dataclass(frozen=True)
class ChannelFigures:
    channel: str
    label: str
    started: int
    open_now: int
    handle: Average


@dataclass(frozen=True)
class AgentFigures:
    user_id: int
    name: str
    interactions: int
    closed: int
    handle: Average


@dataclass(frozen=True)
class SupervisorOverview:
    branch_id: int | None
    day: dt.date
    queue_waiting: int
    ticket_wait: Average
    ticket_handle: Average
    interaction_handle: Average
    service_types: list[ServiceTypeFigures]
    channels: list[ChannelFigures]
    open_interactions: int
    escalations: int
    security_calls: int
    recent_escalations: list[InteractionEvent]
    agents: list[AgentFigures]


def _average(row: Mapping[str, Any] | None, count: str, total: str) -> Average:
    if not row:
        return Average(count=0, total_seconds=0)
    return Average(count=row[count] or 0, total_seconds=row[total] or 0)


_TICKET_FIGURES = {
    "issued": Count("pk"),
    "waiting": Count("pk", filter=Q(status=TicketStatus.WAITING)),
    "wait_count": Count("pk", filter=Q(wait_seconds__isnull=False)),
    "wait_total": Sum("wait_seconds"),
    "handle_count": Count("pk", filter=Q(status=TicketStatus.DONE, handle_seconds__isnull=False)),
    "handle_total": Sum("handle_seconds", filter=Q(status=TicketStatus.DONE)),
}
_HANDLE_FIGURES = {
    "handle_count": Count(
        "pk", filter=Q(status=InteractionStatus.CLOSED, handle_seconds__isnull=False)
    ),
    "handle_total": Sum("handle_seconds", filter=Q(status=InteractionStatus.CLOSED)),
}


def _ticket_figures(tickets: QuerySet[QueueTicket]) -> tuple[dict[str, Any], list[Any]]:
    overall = tickets.aggregate(**_TICKET_FIGURES)
    # Mappings, not the plugin's TypedDicts: `annotate(**figures)` adds keys it cannot see.
    per_type: dict[str, Mapping[str, Any]] = {
        row["service_type"]: row
        for row in tickets.values("service_type").annotate(**_TICKET_FIGURES)
    }
    lines = [
        ServiceTypeFigures(
            service_type=kind.value,
            label=str(kind.label),
            issued=per_type[kind.value]["issued"],
            waiting=per_type[kind.value]["waiting"],
            wait=_average(per_type[kind.value], "wait_count", "wait_total"),
            handle=_average(per_type[kind.value], "handle_count", "handle_total"),
        )
        for kind in ServiceType
        if kind.value in per_type
    ]
    return overall, lines


def _channel_figures(
    started: QuerySet[Interaction], open_now: QuerySet[Interaction]
) -> list[ChannelFigures]:
    per_channel: dict[str, Mapping[str, Any]] = {
        row["channel"]: row
        for row in started.values("channel").annotate(started=Count("pk"), **_HANDLE_FIGURES)
    }
    open_counts = dict(
        open_now.values("channel").annotate(count=Count("pk")).values_list("channel", "count")
    )
    return [
        ChannelFigures(
            channel=channel.value,
            label=str(channel.label),
            started=per_channel.get(channel.value, {}).get("started", 0),
            open_now=open_counts.get(channel.value, 0),
            handle=_average(per_channel.get(channel.value), "handle_count", "handle_total"),
        )
        for channel in Channel
        if channel.value in per_channel or channel.value in open_counts
    ]


def _agent_figures(started: QuerySet[Interaction]) -> list[AgentFigures]:
    rows: list[Mapping[str, Any]] = list(
        started.filter(handled_by__isnull=False, handled_by__is_service_account=False)
        .values("handled_by")
        .annotate(
            interactions=Count("pk"),
            closed=Count("pk", filter=Q(status=InteractionStatus.CLOSED)),
            **_HANDLE_FIGURES,
        )
    )
    users = get_user_model().objects.in_bulk([row["handled_by"] for row in rows])
    figures = [
        AgentFigures(
            user_id=row["handled_by"],
            name=str(users[row["handled_by"]]),
            interactions=row["interactions"],
            closed=row["closed"],
            handle=_average(row, "handle_count", "handle_total"),
        )
        for row in rows
    ]
    return sorted(figures, key=lambda line: (-line.interactions, line.name))


def supervisor_overview(
    *, branch_id: int | None = None, day: dt.date | None = None
) -> SupervisorOverview:
    """Return one day's figures for a branch (or all branches): queue lengths, average wait
    and handle time from tickets and interactions, open interactions per channel (now),
    escalations and security calls, and interactions per agent.

    Raises:
        Nothing: unknown branches give empty figures.
    """
    day = day or timezone.localdate()
    start, end = day_bounds(day)
    tickets = QueueTicket.objects.filter(business_date=day)
    interactions = Interaction.objects.all()
    events = InteractionEvent.objects.filter(
        kind__in=[EventKind.ESCALATED, EventKind.SECURITY], at__gte=start, at__lt=end
    )
    if branch_id is not None:
        tickets = tickets.filter(branch_id=branch_id)
        interactions = interactions.filter(branch_id=branch_id)
        events = events.filter(interaction__branch_id=branch_id)
    started = interactions.filter(started_at__gte=start, started_at__lt=end)
    open_now = interactions.exclude(status=InteractionStatus.CLOSED)
    overall, type_lines = _ticket_figures(tickets)
    channel_lines = _channel_figures(started, open_now)
    event_counts = dict(events.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return SupervisorOverview(
        branch_id=branch_id,
        day=day,
        queue_waiting=overall["waiting"],
        ticket_wait=_average(overall, "wait_count", "wait_total"),
        ticket_handle=_average(overall, "handle_count", "handle_total"),
        interaction_handle=_average(
            started.aggregate(**_HANDLE_FIGURES), "handle_count", "handle_total"
        ),
        service_types=type_lines,
        channels=channel_lines,
        open_interactions=sum(line.open_now for line in channel_lines),
        escalations=event_counts.get(EventKind.ESCALATED, 0),
        security_calls=event_counts.get(EventKind.SECURITY, 0),
        recent_escalations=list(
            events.select_related("actor", "from_user", "to_user").order_by("-at", "-pk")[:20]
        ),
        agents=_agent_figures(started),
    )
