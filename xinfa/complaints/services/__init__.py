"""Every write of the complaints app, re-exported by sub-domain."""

from xinfa.complaints.services.cases import complaint_case_create
from xinfa.complaints.services.clocks import (
    complaint_clock_change,
    complaint_clock_extend,
    complaint_clock_pause,
    complaint_clock_resume,
    complaint_clocks_check,
)
from xinfa.complaints.services.intake import complaint_accept
from xinfa.complaints.services.remedies import complaint_remedy_add, complaint_remedy_approve
from xinfa.complaints.services.workflow import (
    complaint_close,
    complaint_escalate,
    complaint_findings_record,
    complaint_first_contact_record,
    complaint_follow_up_record,
    complaint_investigation_start,
    complaint_reopen,
    complaint_respond,
    complaint_review_request,
)

__all__ = [
    "complaint_accept",
    "complaint_case_create",
    "complaint_clock_change",
    "complaint_clock_extend",
    "complaint_clock_pause",
    "complaint_clock_resume",
    "complaint_clocks_check",
    "complaint_close",
    "complaint_escalate",
    "complaint_findings_record",
    "complaint_first_contact_record",
    "complaint_follow_up_record",
    "complaint_investigation_start",
    "complaint_remedy_add",
    "complaint_remedy_approve",
    "complaint_reopen",
    "complaint_respond",
    "complaint_review_request",
]
