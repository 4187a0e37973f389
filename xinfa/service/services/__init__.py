"""Every write of the service desk, re-exported so callers import from one place."""

from xinfa.service.services.interactions import (
    interaction_close,
    interaction_open,
    interaction_record,
    kind_for_channel,
    message_add,
    service_log_add,
)
from xinfa.service.services.queue import (
    customer_has_priority,
    queue_call_next,
    queue_ticket_complete,
    queue_ticket_issue,
    queue_ticket_no_show,
    queue_ticket_triage,
)
from xinfa.service.services.routing import interaction_escalate, interaction_transfer
from xinfa.service.services.transcripts import transcript_import

__all__ = [
    "customer_has_priority",
    "interaction_close",
    "interaction_escalate",
    "interaction_open",
    "interaction_record",
    "interaction_transfer",
    "kind_for_channel",
    "message_add",
    "queue_call_next",
    "queue_ticket_complete",
    "queue_ticket_issue",
    "queue_ticket_no_show",
    "queue_ticket_triage",
    "service_log_add",
    "transcript_import",
]
