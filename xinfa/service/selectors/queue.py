"""Reads of the lobby queue: the ticket list, counters and the lobby board."""

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.accounts.models import Branch
from xinfa.core.exceptions import NotFound, ValidationFailed
from xinfa.service.enums import ServiceType, TicketStatus
from xinfa.service.models import Counter, QueueTicket

# Used for the wait estimate until a service type has served a ticket that day.
DEFAULT_HANDLE_SECONDS = 300
RECENTLY_CALLED = 10
NEXT_NUMBERS_SHOWN = 5


@dataclass(frozen=True)
class ServiceTypeQueue:
    """Waiting tickets of one service type and how the wait estimate was made.

    estimated_wait_seconds = ceil(waiting / counters) × average_handle_seconds, where the
    average comes from `handled_count` tickets served today (or the default when none).
    """

    service_type: str
    label: str
    waiting: int
    priority_waiting: int
    next_numbers: list[str]
    counters: int
    handled_count: int
    average_handle_seconds: int
    estimated_wait_seconds: int


@dataclass(frozen=True)
class CounterServing:
    counter_id: int
    counter_code: str
    ticket_id: int | None
    number: str
    service_type: str
    called_at: dt.datetime | None


@dataclass(frozen=True)
class QueueBoard:
    branch_id: int
    business_date: dt.date
    total_waiting: int
    service_types: list[ServiceTypeQueue]
    now_serving: list[CounterServing]
    recently_called: list[QueueTicket]


def _ensure_branch(branch_id: int) -> None:
    if not isinstance(branch_id, int) or not Branch.objects.filter(pk=branch_id).exists():
        raise NotFound(_("网点不存在"), field="branch")


def queue_ticket_list(
    *, branch_id: int, business_date: dt.date | None = None, status: str | None = None
) -> QuerySet[QueueTicket]:
    """Return a branch's tickets for a day in issue order, with counter and customer joined.

    Raises:
        NotFound: no such branch.
        ValidationFailed: unknown status.
    """
    _ensure_branch(branch_id)
    rows = QueueTicket.objects.filter(
        branch_id=branch_id, business_date=business_date or timezone.localdate()
    ).select_related("counter", "served_by", "customer")
    if status is not None:
        if status not in TicketStatus.values:
            raise ValidationFailed(
                _("“%(status)s”不是已知的状态") % {"status": status}, field="status"
            )
        rows = rows.filter(status=status)
    return rows.order_by("issued_at", "pk")


def counter_list(*, branch_id: int) -> QuerySet[Counter]:
    """Return a branch's counters by code.

    Raises:
        NotFound: no such branch.
    """
    _ensure_branch(branch_id)
    return Counter.objects.filter(branch_id=branch_id).order_by("code")


def _counters_per_type(counters: list[Counter]) -> dict[str, int]:
    per_type = dict.fromkeys(ServiceType.values, 0)
    for counter in counters:
        for service_type in counter.service_types or ServiceType.values:
            if service_type in per_type:
                per_type[service_type] += 1
    return per_type


def _serving_line(counter: Counter, ticket: QueueTicket | None) -> CounterServing:
    return CounterServing(
        counter_id=counter.pk,
        counter_code=counter.code,
        ticket_id=ticket.pk if ticket else None,
        number=ticket.number if ticket else "",
        service_type=ticket.service_type if ticket else "",
        called_at=ticket.called_at if ticket else None,
    )


def _service_type_lines(
    waiting: list[tuple[str, str, bool]],
    handled: Mapping[str, Mapping[str, Any]],
    per_type: dict[str, int],
) -> list[ServiceTypeQueue]:
    """One line per service type with waiting tickets, in the order they will be called."""
    lines = []
    for service_type in ServiceType:
        queued = [row for row in waiting if row[0] == service_type.value]
        if not queued:
            continue
        basis = handled.get(service_type.value)
        average = round(basis["average"]) if basis else DEFAULT_HANDLE_SECONDS
        open_counters = per_type[service_type.value]
        rounds = math.ceil(len(queued) / open_counters) if open_counters else len(queued)
        lines.append(
            ServiceTypeQueue(
                service_type=service_type.value,
                label=str(service_type.label),
                waiting=len(queued),
                priority_waiting=sum(1 for row in queued if row[2]),
                next_numbers=[row[1] for row in queued[:NEXT_NUMBERS_SHOWN]],
                counters=open_counters,
                handled_count=basis["count"] if basis else 0,
                average_handle_seconds=average,
                estimated_wait_seconds=rounds * average,
            )
        )
    return lines


def queue_board(*, branch_id: int, business_date: dt.date | None = None) -> QueueBoard:
    """Return the lobby board: waiting per service type with a wait estimate, who is being
    served at each counter, and the numbers called last.

    Raises:
        NotFound: no such branch.
    """
    _ensure_branch(branch_id)
    day = business_date or timezone.localdate()
    tickets = QueueTicket.objects.filter(branch_id=branch_id, business_date=day)
    waiting = list(
        tickets.filter(status=TicketStatus.WAITING)
        .order_by("-is_priority", "issued_at", "pk")
        .values_list("service_type", "number", "is_priority")
    )
    handled = {
        row["service_type"]: row
        for row in tickets.filter(status=TicketStatus.DONE, handle_seconds__isnull=False)
        .values("service_type")
        .annotate(count=Count("pk"), average=Avg("handle_seconds"), total=Sum("handle_seconds"))
    }
    counters = list(Counter.objects.filter(branch_id=branch_id).order_by("code"))
    per_type = _counters_per_type([counter for counter in counters if counter.is_active])
    lines = _service_type_lines(waiting, handled, per_type)
    serving = {
        ticket.counter_id: ticket
        for ticket in tickets.filter(status=TicketStatus.CALLED).order_by("called_at")
    }
    now_serving = [
        _serving_line(counter, serving.get(counter.pk))
        for counter in counters
        if counter.is_active or counter.pk in serving
    ]
    recent = list(
        tickets.filter(called_at__isnull=False)
        .select_related("counter")
        .order_by("-called_at", "-pk")[:RECENTLY_CALLED]
    )
    return QueueBoard(
        branch_id=branch_id,
        business_date=day,
        total_waiting=len(waiting),
        service_types=lines,
        now_serving=now_serving,
        recently_called=recent,
    )
