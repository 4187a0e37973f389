"""Reads of the complaints app: lists, the complaint page, the clock board, the case library."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.complaints import clocks as arithmetic
from xinfa.complaints.conf import near_breach_ratio
from xinfa.complaints.models import (
    ClockPause,
    Complaint,
    ComplaintCase,
    ComplaintClock,
)
from xinfa.complaints.services.clocks import clock_budget, clock_pauses, holidays_all
from xinfa.complaints.workflow import OPEN_STATUSES, TRANSITIONS
from xinfa.core.exceptions import NotFound


@dataclass(frozen=True)
class ClockState:
    kind: str
    basis: str
    started_at: dt.datetime
    due_at: dt.datetime | None
    met_at: dt.datetime | None
    used_ratio: float
    state: str  # running, near_breach, breached, paused, met_on_time, met_late
    extensions_days: int


def clock_state(clock: ComplaintClock, *, now: dt.datetime, holidays: set[dt.date]) -> ClockState:
    """Describe one clock at `now` (prefetch pauses and extensions for lists)."""
    pauses = clock_pauses(clock)
    budget = clock_budget(clock)
    until = clock.met_at or now
    ratio = arithmetic.used_ratio(
        clock.started_at, until, budget, basis=clock.basis, holidays=holidays, pauses=pauses
    )
    if clock.met_at is not None:
        state = "met_on_time" if clock.is_met_on_time else "met_late"
    elif any(p.end is None for p in pauses):
        state = "paused"
    elif ratio >= 1:
        state = "breached"
    elif ratio >= near_breach_ratio():
        state = "near_breach"
    else:
        state = "running"
    return ClockState(
        kind=clock.kind,
        basis=clock.basis,
        started_at=clock.started_at,
        due_at=clock.due_at,
        met_at=clock.met_at,
        used_ratio=round(ratio, 4),
        state=state,
        extensions_days=sum(e.extra_days for e in clock.extensions.all()),
    )


def _clock_prefetch() -> "Prefetch[str, QuerySet[ComplaintClock]]":
    return Prefetch(
        "clocks",
        queryset=ComplaintClock.objects.prefetch_related(
            Prefetch("pauses", queryset=ClockPause.objects.order_by("started_at")), "extensions"
        ).order_by("started_at", "-kind"),  # first_contact, then decision, then review
    )


def complaint_list(
    *,
    status: str | None = None,
    category: str | None = None,
    branch_id: int | None = None,
    owner_id: int | None = None,
    customer_id: int | None = None,
    is_open: bool | None = None,
    query: str = "",
) -> QuerySet[Complaint]:
    """Return complaints, newest first, with customer, owner and clocks loaded."""
    rows = Complaint.objects.select_related("customer", "owner", "branch").prefetch_related(
        _clock_prefetch()
    )
    filters = {
        "status": status,
        "category": category,
        "branch_id": branch_id,
        "owner_id": owner_id,
        "customer_id": customer_id,
    }
    rows = rows.filter(**{key: value for key, value in filters.items() if value})
    if is_open is not None:
        rows = (
            rows.filter(status__in=OPEN_STATUSES)
            if is_open
            else rows.exclude(status__in=OPEN_STATUSES)
        )
    if query:
        rows = rows.filter(
            Q(number__icontains=query)
            | Q(customer__name__icontains=query)
            | Q(description__icontains=query)
        )
    return rows.order_by("-accepted_at")


@dataclass(frozen=True)
class ComplaintDetail:
    complaint: Complaint
    clocks: list[ClockState]
    transitions: list[Any]
    remedies: list[Any]
    follow_ups: list[Any]
    allowed_statuses: list[str]


def complaint_detail(*, complaint_id: int, now: dt.datetime | None = None) -> ComplaintDetail:
    """Return one complaint with its timeline, clocks, remedies and follow-ups.

    Raises:
        NotFound: no such complaint.
    """
    complaint = (
        Complaint.objects.select_related(
            "customer", "owner", "investigator", "responsible_person", "interaction", "branch"
        )
        .prefetch_related(
            _clock_prefetch(),
            "staff_involved",
            "transitions__actor",
            "remedies__proposed_by",
            "remedies__approved_by",
            "follow_ups",
        )
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None:
        raise NotFound(_("投诉 %(id)s 不存在") % {"id": complaint_id})
    moment = now or timezone.now()
    holidays = holidays_all()
    return ComplaintDetail(
        complaint=complaint,
        clocks=[clock_state(c, now=moment, holidays=holidays) for c in complaint.clocks.all()],
        transitions=list(complaint.transitions.all()),
        remedies=list(complaint.remedies.all()),
        follow_ups=list(complaint.follow_ups.all()),
        allowed_statuses=sorted(TRANSITIONS.get(complaint.status, ())),
    )


@dataclass(frozen=True)
class ClockBoardRow:
    complaint: Complaint
    clock: ClockState


def complaint_clock_board(
    *, branch_id: int | None = None, now: dt.datetime | None = None
) -> list[ClockBoardRow]:
    """Running clocks that are breached or near breach, most urgent first."""
    moment = now or timezone.now()
    holidays = holidays_all()
    rows = []
    for complaint in complaint_list(branch_id=branch_id, is_open=True):
        for clock in complaint.clocks.all():
            if clock.met_at is not None:
                continue
            state = clock_state(clock, now=moment, holidays=holidays)
            if state.state in ("breached", "near_breach"):
                rows.append(ClockBoardRow(complaint, state))
    return sorted(rows, key=lambda row: -row.clock.used_ratio)


def case_search(*, query: str = "", category: str | None = None) -> QuerySet[ComplaintCase]:
    """Search the case library by words in any text field, optionally by category."""
    rows = ComplaintCase.objects.all()
    if category:
        rows = rows.filter(category=category)
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(lesson__icontains=word)
            | Q(what_went_wrong__icontains=word)
        )
    return rows.order_by("-created_at")
