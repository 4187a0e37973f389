"""Service-desk API views, re-exported for urls.py."""

from xinfa.service.api.views.interactions import (
    InteractionCloseApi,
    InteractionDetailApi,
    InteractionEscalateApi,
    InteractionListCreateApi,
    InteractionMessagesApi,
    InteractionServiceLogApi,
    InteractionTransferApi,
    TranscriptImportApi,
)
from xinfa.service.api.views.queue import (
    QueueBoardApi,
    QueueCallNextApi,
    QueueCounterListApi,
    QueueTicketCompleteApi,
    QueueTicketListCreateApi,
    QueueTicketNoShowApi,
    QueueTicketTriageApi,
    SupervisorOverviewApi,
)

__all__ = [
    "InteractionCloseApi",
    "InteractionDetailApi",
    "InteractionEscalateApi",
    "InteractionListCreateApi",
    "InteractionMessagesApi",
    "InteractionServiceLogApi",
    "InteractionTransferApi",
    "QueueBoardApi",
    "QueueCallNextApi",
    "QueueCounterListApi",
    "QueueTicketCompleteApi",
    "QueueTicketListCreateApi",
    "QueueTicketNoShowApi",
    "QueueTicketTriageApi",
    "SupervisorOverviewApi",
    "TranscriptImportApi",
]
