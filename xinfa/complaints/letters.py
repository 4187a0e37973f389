"""The decision letter sent to the customer, rendered from a template."""

from django.template.loader import render_to_string
from django.utils import timezone

from xinfa.complaints.models import Complaint
from xinfa.core.masking import mask_name


def decision_letter_render(complaint: Complaint) -> str:
    """Render the decision letter (plain text) for a complaint with a decision."""
    return render_to_string(
        "complaints/decision_letter.txt",
        {
            "complaint": complaint,
            "customer_name": mask_name(complaint.customer.name),
            "remedies": list(complaint.remedies.all()),
            "today": timezone.localdate(),
        },
    ).strip()
