"""Helpers shared by the complaint services: locking, transitions, permissions."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfa.complaints.enums import ComplaintStatus
from xinfa.complaints.models import Complaint, ComplaintTransition
from xinfa.complaints.workflow import can_transition
from xinfa.core.exceptions import Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.permissions import capability_denied_message, user_has_capability
from xinfa.core.validators import has_control_characters

# Human names of the free-text inputs, so a refusal reads "调查结论至少需要 4 个字符".
_TEXT_FIELD_LABELS = {
    "description": gettext_lazy("事件经过"),
    "note": gettext_lazy("备注"),
    "findings": gettext_lazy("调查结论"),
    "decision": gettext_lazy("处理决定"),
    "reason": gettext_lazy("原因"),
    "title": gettext_lazy("标题"),
    "what_went_wrong": gettext_lazy("问题所在"),
    "lesson": gettext_lazy("经验教训"),
}


def choice_label(choices: Any, value: str) -> str:
    """Return the human label of a TextChoices value, or the value itself if unknown."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def lock_complaint(complaint_id: int) -> Complaint:
    """Fetch a complaint FOR UPDATE so two staff acting at once are serialised.

    Raises:
        NotFound: no such complaint.
    """
    try:
        return Complaint.objects.select_for_update().get(pk=complaint_id)
    except Complaint.DoesNotExist as exc:
        raise NotFound(_("投诉 %(id)s 不存在") % {"id": complaint_id}) from exc


def require_capability(actor: Any, capability: str) -> None:
    """Raises: Forbidden: the actor's role lacks the capability."""
    if not user_has_capability(actor, capability):
        raise Forbidden(capability_denied_message(capability))


def require_text(value: str, *, field: str, minimum: int = 2, maximum: int = 2000) -> str:
    """Strip and check a free-text input. Raises: ValidationFailed."""
    text = (value or "").strip()
    label = _TEXT_FIELD_LABELS.get(field, field)
    if len(text) < minimum:
        raise ValidationFailed(
            _("%(label)s至少需要 %(minimum)s 个字符") % {"label": label, "minimum": minimum},
            field=field,
        )
    if len(text) > maximum:
        raise ValidationFailed(
            _("%(label)s最多 %(maximum)s 个字符") % {"label": label, "maximum": maximum},
            field=field,
        )
    if has_control_characters(text):
        raise ValidationFailed(_("%(label)s包含控制字符") % {"label": label}, field=field)
    return text


def transition(
    complaint: Complaint, *, to: str, actor: Any, note: str = "", at: dt.datetime | None = None
) -> ComplaintTransition:
    """Move a locked complaint to a new status and record the step.

    Raises:
        InvalidTransition: the workflow does not allow the move.
    """
    if not can_transition(complaint.status, to):
        raise InvalidTransition(
            _("状态为“%(status)s”的投诉不能转为“%(target)s”")
            % {
                "status": choice_label(ComplaintStatus, complaint.status),
                "target": choice_label(ComplaintStatus, to),
            },
            field="status",
        )
    previous = complaint.status
    complaint.status = to
    complaint.save(update_fields=["status", "updated_at"])
    return ComplaintTransition.objects.create(
        complaint=complaint,
        from_status=previous,
        to_status=to,
        actor=actor,
        at=at or timezone.now(),
        note=note[:2000],
    )
