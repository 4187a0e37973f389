"""Complaint clocks: start, pause, resume, extend, meet, and the breach check."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.complaints import clocks as arithmetic
from xinfa.complaints.conf import clock_rules, decision_limit_days, near_breach_ratio
from xinfa.complaints.enums import AlertLevel, ClockKind
from xinfa.complaints.models import (
    ClockAlert,
    ClockExtension,
    ClockPause,
    Complaint,
    ComplaintClock,
    PublicHoliday,
)
from xinfa.complaints.services.common import (
    choice_label,
    lock_complaint,
    require_capability,
    require_text,
)
from xinfa.complaints.workflow import OPEN_STATUSES
from xinfa.core.exceptions import Conflict, NotFound, ValidationFailed
from xinfa.core.roles import Capability, Role


def holidays_all() -> set[dt.date]:
    """The configured public holidays (business-day clocks skip them)."""
    return set(PublicHoliday.objects.values_list("date", flat=True))


def clock_pauses(clock: ComplaintClock) -> list[arithmetic.Pause]:
    """A clock's pauses in the form the clock arithmetic takes."""
    return [arithmetic.Pause(p.started_at, p.ended_at) for p in clock.pauses.all()]


def clock_budget(clock: ComplaintClock) -> dt.timedelta:
    extra = sum(clock.extensions.values_list("extra_days", flat=True))
    return dt.timedelta(hours=clock.budget_hours) + dt.timedelta(days=extra)


def clock_refresh_due(clock: ComplaintClock, holidays: set[dt.date] | None = None) -> None:
    """Recompute and store a clock's deadline from its start, pauses and extensions."""
    clock.due_at = arithmetic.due_at(
        clock.started_at,
        clock_budget(clock),
        basis=clock.basis,
        holidays=holidays_all() if holidays is None else holidays,
        pauses=clock_pauses(clock),
    )
    clock.save(update_fields=["due_at"])


def clock_start(*, complaint: Complaint, kind: str, started_at: dt.datetime) -> ComplaintClock:
    """Start (or restart) a clock of a kind on a complaint, with the configured rule."""
    rule = clock_rules()[kind]
    clock, _ = ComplaintClock.objects.update_or_create(
        complaint=complaint,
        kind=kind,
        defaults={
            "basis": rule.basis,
            "started_at": started_at,
            "budget_hours": rule.hours,
            "met_at": None,
            "is_met_on_time": None,
            "near_breach_alerted": False,
            "breach_alerted": False,
        },
    )
    clock.pauses.all().delete()
    clock.extensions.all().delete()
    clock_refresh_due(clock)
    return clock


def clock_meet(*, complaint: Complaint, kind: str, at: dt.datetime) -> ComplaintClock | None:
    """Stop a running clock, recording whether it was met on time."""
    clock = complaint.clocks.filter(kind=kind, met_at__isnull=True).first()
    if clock is None:
        return None
    open_pause = clock.pauses.filter(ended_at__isnull=True).first()
    if open_pause is not None:
        open_pause.ended_at = at
        open_pause.save(update_fields=["ended_at"])
        clock_refresh_due(clock)
    clock.met_at = at
    clock.is_met_on_time = clock.due_at is None or at <= clock.due_at
    clock.save(update_fields=["met_at", "is_met_on_time"])
    return clock


def _running_clock(complaint: Complaint, kind: str) -> ComplaintClock:
    clock = complaint.clocks.filter(kind=kind, met_at__isnull=True).first()
    if clock is None:
        raise NotFound(
            _("该投诉没有正在计时的“%(kind)s”时限") % {"kind": choice_label(ClockKind, kind)},
            field="kind",
        )
    return clock


def complaint_clock_pause(
    *, actor: Any, complaint_id: int, kind: str, reason: str
) -> ComplaintClock:
    """Pause a running clock while the bank waits on the customer.

    Raises:
        Forbidden, NotFound, ValidationFailed, Conflict: already paused.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    reason = require_text(reason, field="reason", maximum=300)
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        clock = _running_clock(complaint, kind)
        if clock.pauses.filter(ended_at__isnull=True).exists():
            raise Conflict(_("该时限已暂停"), field="kind")
        ClockPause.objects.create(
            clock=clock, started_at=timezone.now(), reason=reason, actor=actor
        )
        clock_refresh_due(clock)
    return clock


def complaint_clock_resume(*, actor: Any, complaint_id: int, kind: str) -> ComplaintClock:
    """Resume a paused clock; the deadline moves by the time spent paused.

    Raises:
        Forbidden, NotFound, Conflict: the clock is not paused.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        clock = _running_clock(complaint, kind)
        pause = clock.pauses.filter(ended_at__isnull=True).first()
        if pause is None:
            raise Conflict(_("该时限未暂停"), field="kind")
        pause.ended_at = timezone.now()
        pause.save(update_fields=["ended_at"])
        clock_refresh_due(clock)
    return clock


def complaint_clock_extend(
    *, actor: Any, complaint_id: int, extra_days: int, reason: str
) -> ComplaintClock:
    """Extend the decision clock with a supervisor's recorded approval, never past the limit.

    Raises:
        Forbidden: not a supervisor. ValidationFailed: bad days, no reason, past the limit.
    """
    require_capability(actor, Capability.COMPLAINT_APPROVE)
    reason = require_text(reason, field="reason", minimum=4, maximum=500)
    if not isinstance(extra_days, int) or extra_days < 1:
        raise ValidationFailed(_("延长天数必须是不小于 1 的整数"), field="extra_days")
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        clock = _running_clock(complaint, ClockKind.DECISION)
        total_days = clock_budget(clock) / dt.timedelta(days=1) + extra_days
        limit = decision_limit_days()
        if total_days > limit:
            raise ValidationFailed(
                _("处理决定时限合计不能超过 %(limit)s 天（申请 %(requested)s 天）")
                % {"limit": limit, "requested": f"{total_days:g}"},
                field="extra_days",
            )
        ClockExtension.objects.create(
            clock=clock, extra_days=extra_days, reason=reason, approved_by=actor
        )
        clock_refresh_due(clock)
    return clock


def _alert_recipients(complaint: Complaint) -> list[Any]:
    user_model = get_user_model()
    recipients = [complaint.owner]
    team = getattr(complaint.owner, "team", None)
    if team is not None and team.supervisor_id:
        recipients.append(team.supervisor)
    else:
        recipients += list(
            user_model.objects.filter(
                role=Role.SUPERVISOR,
                is_active=True,
                # `branch=` rather than `branch_id=`: both may be None (then: IS NULL).
                branch=complaint.branch_id or complaint.owner.branch_id,
            )
        )
    return recipients


def complaint_clocks_check(*, now: dt.datetime | None = None) -> list[ClockAlert]:
    """Raise near-breach and breach alerts for running clocks; idempotent per level."""
    moment = now or timezone.now()
    holidays = holidays_all()
    created: list[ClockAlert] = []
    running = (
        ComplaintClock.objects.filter(met_at__isnull=True, complaint__status__in=OPEN_STATUSES)
        .select_related("complaint__owner__team__supervisor")
        .prefetch_related("pauses", "extensions")
    )
    for clock in running:
        ratio = arithmetic.used_ratio(
            clock.started_at,
            moment,
            clock_budget(clock),
            basis=clock.basis,
            holidays=holidays,
            pauses=clock_pauses(clock),
        )
        for level, threshold, flag in (
            (AlertLevel.BREACH, 1.0, "breach_alerted"),
            (AlertLevel.NEAR_BREACH, near_breach_ratio(), "near_breach_alerted"),
        ):
            if ratio >= threshold and not getattr(clock, flag):
                with transaction.atomic():
                    alert, was_created = ClockAlert.objects.get_or_create(clock=clock, level=level)
                    if was_created:
                        alert.recipients.set(_alert_recipients(clock.complaint))
                        created.append(alert)
                    setattr(clock, flag, True)
                    clock.save(update_fields=[flag])
    return created


def complaint_clock_change(
    *,
    actor: Any,
    complaint_id: int,
    action: str,
    kind: str,
    reason: str = "",
    extra_days: int | None = None,
) -> ComplaintClock:
    """Pause, resume or extend a clock: the one entry point of the API and the pages.

    Raises:
        ValidationFailed: an unknown action, or an extension without a number of days;
        and whatever the pause, resume and extend services raise.
    """
    if action == "pause":
        return complaint_clock_pause(
            actor=actor, complaint_id=complaint_id, kind=kind, reason=reason
        )
    if action == "resume":
        return complaint_clock_resume(actor=actor, complaint_id=complaint_id, kind=kind)
    if action != "extend":
        raise ValidationFailed(_("未知的时限操作"), field="action")
    if extra_days is None:
        raise ValidationFailed(_("延期时必须填写延长天数"), field="extra_days")
    return complaint_clock_extend(
        actor=actor, complaint_id=complaint_id, extra_days=extra_days, reason=reason
    )
