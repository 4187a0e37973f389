"""Opening a complaint from any channel."""

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfa.complaints.enums import ClockKind, ComplaintCategory, ComplaintStatus, Severity
from xinfa.complaints.models import Complaint, ComplaintTransition
from xinfa.complaints.services.clocks import clock_start
from xinfa.complaints.services.common import require_capability, require_text
from xinfa.complaints.triage import suggest_triage
from xinfa.core.exceptions import NotFound, ValidationFailed
from xinfa.core.roles import Capability
from xinfa.customers.models import Customer
from xinfa.service.enums import Channel
from xinfa.service.models import Interaction


def _number_for(complaint: Complaint) -> str:
    # Derived from the primary key so concurrent intakes never collide.
    return f"TS{timezone.localtime(complaint.accepted_at):%Y%m%d}{complaint.pk:06d}"


def _engine_hints(text: str) -> dict[str, Any]:
    """Read the complaint text with the analysis engine (emotion and intent)."""
    from xinfa.analysis.services import text_analyze

    annotations = text_analyze(text=text)["annotations"]
    emotion = annotations.get("emotion") or {}
    intent = annotations.get("intent") or {}
    return {
        "emotion": emotion.get("label", ""),
        "intensity": float(emotion.get("intensity", 0.0)),
        "intent": intent.get("label", ""),
    }


_CHOICE_LABELS = {"category": gettext_lazy("类别"), "severity": gettext_lazy("严重程度")}


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationFailed(_("争议金额必须是数字"), field="amount_in_dispute") from exc
    if amount < 0 or amount > Decimal("1e12"):
        raise ValidationFailed(_("争议金额超出范围"), field="amount_in_dispute")
    return amount


def _choice(value: str | None, choices: Any, field: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in choices.values:
        raise ValidationFailed(
            _("未知的%(label)s“%(value)s”")
            % {"label": _CHOICE_LABELS.get(field, field), "value": value},
            field=field,
        )
    return str(value)


def complaint_accept(
    *,
    actor: Any,
    customer_id: int,
    channel: str,
    description: str,
    customer_request: str = "",
    category: str | None = None,
    severity: str | None = None,
    occurred_at: dt.datetime | None = None,
    place: str = "",
    staff_involved_ids: list[int] | None = None,
    amount_in_dispute: Any = None,
    interaction_id: int | None = None,
    owner_id: int | None = None,
) -> Complaint:
    """Accept (受理) a complaint, pre-filling category and severity, and start its clocks.

    Raises:
        Forbidden: the actor cannot accept complaints.
        NotFound: customer, interaction, owner or involved staff unknown.
        ValidationFailed: a field is missing or malformed.
    """
    require_capability(actor, Capability.COMPLAINT_CREATE)
    description = require_text(description, field="description", minimum=4, maximum=5000)
    customer_request = (customer_request or "").strip()
    if len(customer_request) > 2000:
        raise ValidationFailed(_("客户诉求过长"), field="customer_request")
    if channel not in Channel.values:
        raise ValidationFailed(_("未知的渠道“%(value)s”") % {"value": channel}, field="channel")
    category = _choice(category, ComplaintCategory, "category")
    severity = _choice(severity, Severity, "severity")
    amount = _amount(amount_in_dispute)
    now = timezone.now()
    if occurred_at is not None and occurred_at > now + dt.timedelta(minutes=5):
        raise ValidationFailed(_("发生时间不能晚于当前时间"), field="occurred_at")
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise NotFound(_("客户 %(id)s 不存在") % {"id": customer_id}, field="customer")
    interaction = None
    if interaction_id is not None:
        interaction = Interaction.objects.filter(pk=interaction_id, customer=customer).first()
        if interaction is None:
            raise NotFound(_("该服务记录不属于此客户"), field="interaction")
    users = get_user_model().objects
    owner = users.people().filter(pk=owner_id).first() if owner_id else actor
    if owner is None:
        raise NotFound(_("员工 %(id)s 不存在") % {"id": owner_id}, field="owner")
    staff_ids = list(dict.fromkeys(staff_involved_ids or []))
    staff = list(users.filter(pk__in=staff_ids))
    if len(staff) != len(staff_ids):
        raise NotFound(_("部分涉及员工不存在"), field="staff_involved")

    evidence = description
    if interaction is not None:
        evidence += "\n" + "\n".join(
            interaction.messages.filter(speaker="customer").values_list("text", flat=True)[:50]
        )
    suggestion = suggest_triage(evidence, amount=amount, **_engine_hints(evidence))
    with transaction.atomic():
        complaint = Complaint(
            number=f"new-{uuid.uuid4().hex[:16]}",
            customer=customer,
            channel=channel,
            interaction=interaction,
            branch=owner.branch,
            occurred_at=occurred_at,
            place=place[:200],
            description=description,
            customer_request=customer_request,
            category=category or suggestion.category,
            severity=severity or suggestion.severity,
            suggested_category=suggestion.category,
            suggested_severity=suggestion.severity,
            amount_in_dispute=amount,
            owner=owner,
            accepted_at=now,
        )
        try:
            complaint.full_clean()
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise ValidationFailed(messages[0], field=field) from exc
        complaint.save()
        complaint.number = _number_for(complaint)
        complaint.save(update_fields=["number"])
        complaint.staff_involved.set(staff)
        ComplaintTransition.objects.create(
            complaint=complaint,
            from_status="",
            to_status=ComplaintStatus.ACCEPTED,
            actor=actor,
            at=now,
            note="; ".join(suggestion.reasons)[:2000],
        )
        clock_start(complaint=complaint, kind=ClockKind.FIRST_CONTACT, started_at=now)
        clock_start(complaint=complaint, kind=ClockKind.DECISION, started_at=now)
    return complaint
