"""Turning a closed complaint into an anonymised case for the library and training."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from xinfa.complaints.anonymise import anonymise_text
from xinfa.complaints.enums import ComplaintStatus
from xinfa.complaints.models import ComplaintCase
from xinfa.complaints.services.common import lock_complaint, require_capability, require_text
from xinfa.core.exceptions import Conflict, InvalidTransition
from xinfa.core.roles import Capability


def complaint_case_create(
    *,
    actor: Any,
    complaint_id: int,
    title: str,
    what_went_wrong: str,
    lesson: str,
    what_worked: str = "",
) -> ComplaintCase:
    """Create the anonymised case of a closed complaint.

    Raises:
        InvalidTransition: the complaint is not closed. Conflict: a case already exists.
        ValidationFailed: a text is missing.
    """
    require_capability(actor, Capability.COMPLAINT_HANDLE)
    title = require_text(title, field="title", maximum=200)
    what_went_wrong = require_text(what_went_wrong, field="what_went_wrong", maximum=5000)
    lesson = require_text(lesson, field="lesson", maximum=5000)
    with transaction.atomic():
        complaint = lock_complaint(complaint_id)
        if complaint.status != ComplaintStatus.CLOSED:
            raise InvalidTransition(_("只有已结案的投诉才能纳入案例库"), field="status")
        if ComplaintCase.objects.filter(complaint=complaint).exists():
            raise Conflict(_("该投诉已有案例"))
        names = {
            "customer_names": [complaint.customer.name],
            "staff_names": [
                name
                for user in complaint.staff_involved.all()
                for name in (user.display_name, user.get_full_name())
                if name
            ],
        }
        summary = "\n".join(
            part for part in (complaint.description, complaint.findings, complaint.decision) if part
        )
        return ComplaintCase.objects.create(
            complaint=complaint,
            title=anonymise_text(title, **names),
            category=complaint.category,
            root_cause=complaint.root_cause,
            summary=anonymise_text(summary, **names),
            what_went_wrong=anonymise_text(what_went_wrong, **names),
            what_worked=anonymise_text(what_worked, **names),
            lesson=anonymise_text(lesson, **names),
            created_by=actor,
        )
