"""Remedies: apology, explanation, refund, compensation (approved above a limit), process fix."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xinfa.complaints.conf import compensation_approval_limit
from xinfa.complaints.enums import RemedyKind
from xinfa.complaints.models import Remedy
from xinfa.complaints.services.common import choice_label, lock_complaint, require_capability
from xinfa.complaints.workflow import INVESTIGATION_STATUSES
from xinfa.core.exceptions import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import Capability

MONEY_KINDS = frozenset({RemedyKind.FEE_REFUND, RemedyKind.COMPENSATION})


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed(_("金额必须是数字"), field="amount") from exc
    if not amount.is_finite() or amount <= 0 or amount > Decimal("10000000"):
        raise ValidationFailed(_("金额必须大于 0 且不超过 10,000,000"), field="amount")
    return amount.quantize(Decimal("0.01"))


def complaint_remedy_add(
    *, actor: Any, complaint_id: int, kind: str, amount: Any = None, note: str = ""
) -> Remedy:
    """Propose a remedy; compensation above the limit waits for a supervisor's approval.

    A supervisor proposing it approves it at once.

    Raises:
        ValidationFailed: unknown kind, missing or bad amount.
        InvalidTransition: the complaint is not under investigation.
        Forbidden: recusal.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    if kind not in RemedyKind.values:
        raise ValidationFailed(_("未知的补救措施“%(kind)s”") % {"kind": kind}, field="kind")
    money = _money(amount) if kind in MONEY_KINDS else None
    if kind not in MONEY_KINDS and amount not in (None, ""):
        raise ValidationFailed(
            _("“%(kind)s”类补救措施没有金额") % {"kind": choice_label(RemedyKind, kind)},
            field="amount",
        )
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        if complaint.staff_involved.filter(pk=actor.pk).exists():
            raise Forbidden(_("涉及投诉的员工不能处理该投诉（回避）"))
        if complaint.status not in INVESTIGATION_STATUSES:
            raise InvalidTransition(_("只能在调查期间提出补救措施"), field="status")
        needs_approval = (
            kind == RemedyKind.COMPENSATION
            and money is not None
            and money > compensation_approval_limit()
        )
        approver = (
            actor
            if needs_approval and user_has_capability(actor, Capability.COMPLAINT_APPROVE)
            else None
        )
        return Remedy.objects.create(
            complaint=complaint,
            kind=kind,
            amount=money,
            note=note.strip()[:500],
            proposed_by=actor,
            approved_by=approver,
        )


def complaint_remedy_approve(*, actor: Any, remedy_id: int) -> Remedy:
    """Approve a compensation above the limit (supervisor).

    Raises:
        Forbidden: not a supervisor. NotFound. Conflict: already approved or needs none.
    """
    require_capability(actor, Capability.COMPLAINT_APPROVE)
    with transaction.atomic():
        remedy = Remedy.objects.select_for_update().filter(pk=remedy_id).first()
        if remedy is None:
            raise NotFound(_("补救措施 %(id)s 不存在") % {"id": remedy_id})
        lock_complaint(remedy.complaint_id)
        if remedy.approved_by_id is not None:
            raise Conflict(_("该补救措施已审批"))
        if (
            remedy.kind != RemedyKind.COMPENSATION
            or remedy.amount is None
            or remedy.amount <= compensation_approval_limit()
        ):
            raise Conflict(_("该补救措施无需审批"))
        remedy.approved_by = actor
        remedy.save(update_fields=["approved_by"])
    return remedy
