"""The four steps: first contact, investigation, response, follow-up; and their detours."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.complaints.conf import compensation_approval_limit, follow_up_delay_days
from xinfa.complaints.enums import ClockKind, ComplaintStatus, RemedyKind, RootCause
from xinfa.complaints.letters import decision_letter_render
from xinfa.complaints.models import Complaint, FollowUp
from xinfa.complaints.services.clocks import clock_meet, clock_start
from xinfa.complaints.services.common import (
    lock_complaint,
    require_capability,
    require_text,
    transition,
)
from xinfa.complaints.workflow import INVESTIGATION_STATUSES
from xinfa.core.exceptions import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.roles import Capability

SATISFIED_FROM = 3  # a follow-up score below this reopens the complaint


def complaint_first_contact_record(
    *, actor: Any, complaint_id: int, note: str, at: dt.datetime | None = None
) -> Complaint:
    """Record the first contact with the customer, stopping the 24-hour clock.

    Raises:
        Forbidden, NotFound, ValidationFailed, Conflict: already recorded.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    note = require_text(note, field="note")
    moment = at or timezone.now()
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        if complaint.first_contact_at is not None:
            raise Conflict(_("已记录过首次联系"), field="note")
        if moment < complaint.accepted_at or moment > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationFailed(_("联系时间必须晚于受理时间，且不能晚于当前时间"), field="at")
        complaint.first_contact_at = moment
        complaint.save(update_fields=["first_contact_at", "updated_at"])
        clock_meet(complaint=complaint, kind=ClockKind.FIRST_CONTACT, at=moment)
        complaint.transitions.create(
            from_status=complaint.status,
            to_status=complaint.status,
            actor=actor,
            at=moment,
            note=f"首次联系：{note}",
        )
    return complaint


def complaint_investigation_start(
    *, actor: Any, complaint_id: int, investigator_id: int, note: str = ""
) -> Complaint:
    """Assign an investigator (never one of the staff involved) and start investigating.

    Raises:
        Forbidden: actor lacks the right, or the investigator is involved (recusal).
        NotFound, InvalidTransition.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    investigator = get_user_model().objects.people().filter(pk=investigator_id).first()
    if investigator is None:
        raise NotFound(_("员工 %(id)s 不存在") % {"id": investigator_id}, field="investigator")
    if not investigator.has_capability(Capability.COMPLAINT_HANDLE):
        raise ValidationFailed(_("调查人的角色不能处理投诉"), field="investigator")
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        if complaint.staff_involved.filter(pk=investigator.pk).exists():
            raise Forbidden(
                _("涉及投诉的员工不能调查该投诉（回避）"),
                field="investigator",
            )
        complaint.investigator = investigator
        complaint.save(update_fields=["investigator", "updated_at"])
        transition(
            complaint,
            to=ComplaintStatus.INVESTIGATING,
            actor=actor,
            note=note or f"调查人：{investigator}",
        )
    return complaint


def _require_investigator(actor: Any, complaint: Complaint) -> None:
    if complaint.staff_involved.filter(pk=actor.pk).exists():
        raise Forbidden(_("涉及投诉的员工不能处理该投诉（回避）"))


def complaint_findings_record(
    *,
    actor: Any,
    complaint_id: int,
    root_cause: str,
    findings: str,
    responsible_department: str = "",
    responsible_person_id: int | None = None,
) -> Complaint:
    """Record the investigation's root cause, responsibility and findings.

    Raises:
        Forbidden (recusal), NotFound, ValidationFailed, InvalidTransition: not investigating.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    if root_cause not in RootCause.values:
        raise ValidationFailed(
            _("未知的根本原因“%(value)s”") % {"value": root_cause}, field="root_cause"
        )
    findings = require_text(findings, field="findings", minimum=4, maximum=5000)
    person = None
    if responsible_person_id is not None:
        person = get_user_model().objects.filter(pk=responsible_person_id).first()
        if person is None:
            raise NotFound(_("责任人不存在"), field="responsible_person")
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        _require_investigator(actor, complaint)
        if complaint.status not in INVESTIGATION_STATUSES:
            raise InvalidTransition(_("只能在调查期间记录调查结论"), field="status")
        complaint.root_cause = root_cause
        complaint.findings = findings
        complaint.responsible_department = responsible_department.strip()[:100]
        complaint.responsible_person = person
        complaint.save(
            update_fields=[
                "root_cause",
                "findings",
                "responsible_department",
                "responsible_person",
                "updated_at",
            ]
        )
    return complaint


def complaint_respond(*, actor: Any, complaint_id: int, decision: str) -> Complaint:
    """Give the decision (处理答复): letter from the template, decision clock met, 回访 scheduled.

    Raises:
        Forbidden (recusal), ValidationFailed: no findings yet,
        Conflict: compensation above the limit not approved, InvalidTransition.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    decision = require_text(decision, field="decision", minimum=4, maximum=5000)
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        _require_investigator(actor, complaint)
        if not complaint.root_cause:
            raise ValidationFailed(_("答复前请先记录调查的根本原因"), field="root_cause")
        unapproved = complaint.remedies.filter(
            kind=RemedyKind.COMPENSATION,
            amount__gt=compensation_approval_limit(),
            approved_by__isnull=True,
        )
        if unapproved.exists():
            raise Conflict(_("超过限额的经济补偿须先经主管审批"), field="remedies")
        now = timezone.now()
        transition(
            complaint, to=ComplaintStatus.RESPONDED, actor=actor, note=decision[:200], at=now
        )
        complaint.decision = decision
        complaint.responded_at = now
        if complaint.first_contact_at is None:
            complaint.first_contact_at = now
            clock_meet(complaint=complaint, kind=ClockKind.FIRST_CONTACT, at=now)
        complaint.decision_letter = decision_letter_render(complaint)
        complaint.save(
            update_fields=[
                "decision",
                "responded_at",
                "first_contact_at",
                "decision_letter",
                "updated_at",
            ]
        )
        clock_meet(complaint=complaint, kind=ClockKind.DECISION, at=now)
        clock_meet(complaint=complaint, kind=ClockKind.REVIEW, at=now)
        FollowUp.objects.create(
            complaint=complaint, scheduled_for=now + dt.timedelta(days=follow_up_delay_days())
        )
    return complaint


def complaint_follow_up_record(
    *, actor: Any, complaint_id: int, satisfaction: int, will_stay: bool, note: str = ""
) -> Complaint:
    """Record the follow-up visit (回访); a dissatisfied customer reopens the complaint.

    Raises:
        ValidationFailed: satisfaction not 1–5.
        InvalidTransition: no response has been given yet.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    if (
        not isinstance(satisfaction, int)
        or isinstance(satisfaction, bool)
        or not 1 <= satisfaction <= 5
    ):
        raise ValidationFailed(_("满意度必须是 1 到 5 的整数"), field="satisfaction")
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        if complaint.status != ComplaintStatus.RESPONDED:
            raise InvalidTransition(_("只能在答复之后记录回访"), field="status")
        now = timezone.now()
        visit = complaint.follow_ups.filter(done_at__isnull=True).first() or FollowUp(
            complaint=complaint, scheduled_for=now
        )
        visit.done_at, visit.done_by = now, actor
        visit.satisfaction, visit.will_stay, visit.note = satisfaction, will_stay, note[:1000]
        visit.save()
        transition(
            complaint,
            to=ComplaintStatus.FOLLOWED_UP,
            actor=actor,
            note=f"满意度 {satisfaction}/5，{'愿意继续使用' if will_stay else '可能流失'}",
            at=now,
        )
        if satisfaction < SATISFIED_FROM:
            transition(
                complaint,
                to=ComplaintStatus.REOPENED,
                actor=actor,
                note="回访不满意，重新处理",
                at=now,
            )
    return complaint


def complaint_close(*, actor: Any, complaint_id: int, note: str = "") -> Complaint:
    """Close a followed-up complaint. Raises: InvalidTransition."""
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        transition(complaint, to=ComplaintStatus.CLOSED, actor=actor, note=note)
        complaint.closed_at = timezone.now()
        complaint.save(update_fields=["closed_at", "updated_at"])
    return complaint


def complaint_escalate(*, actor: Any, complaint_id: int, reason: str) -> Complaint:
    """Raise the complaint one escalation level. Raises: InvalidTransition, ValidationFailed."""
    require_capability(actor, Capability.COMPLAINT_CREATE)
    reason = require_text(reason, field="reason")
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        transition(complaint, to=ComplaintStatus.ESCALATED, actor=actor, note=reason)
        complaint.escalation_level += 1
        complaint.save(update_fields=["escalation_level", "updated_at"])
    return complaint


def complaint_reopen(*, actor: Any, complaint_id: int, reason: str) -> Complaint:
    """Reopen a responded, followed-up or closed complaint. Raises: InvalidTransition."""
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    reason = require_text(reason, field="reason")
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        transition(complaint, to=ComplaintStatus.REOPENED, actor=actor, note=reason)
        complaint.closed_at = None
        complaint.save(update_fields=["closed_at", "updated_at"])
    return complaint


def complaint_review_request(*, actor: Any, complaint_id: int, reason: str) -> Complaint:
    """Record the customer's request for review and start the 30-day review clock.

    Raises:
        InvalidTransition: only after a response or closure.
    """
    require_capability(actor, Capability.COMPLAINT_CREATE)
    reason = require_text(reason, field="reason")
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        now = timezone.now()
        transition(complaint, to=ComplaintStatus.REVIEW_REQUESTED, actor=actor, note=reason, at=now)
        complaint.closed_at = None
        complaint.save(update_fields=["closed_at", "updated_at"])
        clock_start(complaint=complaint, kind=ClockKind.REVIEW, started_at=now)
    return complaint
