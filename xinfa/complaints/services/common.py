"""Helpers shared by the complaint services: locking, transitions, permissions."""

import datetime as dt
from typing import Any

from django.utils import timezone

from xinfa.complaints.models import Complaint, ComplaintTransition
from xinfa.complaints.workflow import can_transition
from xinfa.core.exceptions import Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.permissions import user_has_capability


def lock_complaint(complaint_id: int) -> Complaint:
    """Fetch a complaint FOR UPDATE so two staff acting at once are serialised.

    Raises:
        NotFound: no such complaint.
    """
    try:
        return Complaint.objects.select_for_update().get(pk=complaint_id)
    except Complaint.DoesNotExist as exc:
        raise NotFound(f"complaint {complaint_id} does not exist") from exc


def require_capability(actor: Any, capability: str) -> None:
    """Raises: Forbidden: the actor's role lacks the capability."""
    if not user_has_capability(actor, capability):
        raise Forbidden(f"your role lacks the '{capability}' permission")


def require_text(value: str, *, field: str, minimum: int = 2, maximum: int = 2000) -> str:
    """Strip and check a free-text input. Raises: ValidationFailed."""
    text = (value or "").strip()
    if len(text) < minimum:
        raise ValidationFailed(f"{field} must have at least {minimum} characters", field=field)
    if len(text) > maximum:
        raise ValidationFailed(f"{field} must have at most {maximum} characters", field=field)
    if any(ord(char) < 32 and char not in "\t\n\r" for char in text):
        raise ValidationFailed(f"{field} contains control characters", field=field)
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
            f"a complaint in status '{complaint.status}' cannot move to '{to}'", field="status"
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
