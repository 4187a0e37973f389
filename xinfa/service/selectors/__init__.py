"""Every read of the service desk, re-exported so callers import from one place."""

from xinfa.service.selectors.interactions import (
    CustomerSummary,
    InteractionDetail,
    customer_summary_for,
    interaction_detail,
    interaction_list,
    message_list,
)
from xinfa.service.selectors.overview import (
    AgentFigures,
    Average,
    ChannelFigures,
    ServiceTypeFigures,
    SupervisorOverview,
    supervisor_overview,
)
from xinfa.service.selectors.queue import (
    CounterServing,
    QueueBoard,
    ServiceTypeQueue,
    counter_list,
    queue_board,
    queue_ticket_list,
)
from xinfa.service.selectors.timeline import (
    TimelineEntry,
    interaction_count_for_customer,
    interaction_timeline_for_customer,
)

__all__ = [
    "AgentFigures",
    "Average",
    "ChannelFigures",
    "CounterServing",
    "CustomerSummary",
    "InteractionDetail",
    "QueueBoard",
    "ServiceTypeFigures",
    "ServiceTypeQueue",
    "SupervisorOverview",
    "TimelineEntry",
    "counter_list",
    "customer_summary_for",
    "interaction_count_for_customer",
    "interaction_detail",
    "interaction_list",
    "interaction_timeline_for_customer",
    "message_list",
    "queue_board",
    "queue_ticket_list",
    "supervisor_overview",
]
