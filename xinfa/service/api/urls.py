"""Service-desk API routes under /api/v1/."""

from django.urls import URLPattern, URLResolver, path, register_converter

from xinfa.service.api import views


class RowIdConverter:
    """A primary key that fits a 64-bit column: longer digit strings are a 404, not a 500."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "service_row_id")

app_name = "service-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("interactions/", views.InteractionListCreateApi.as_view(), name="interactions"),
    path("interactions/import/", views.TranscriptImportApi.as_view(), name="import"),
    path(
        "interactions/<service_row_id:interaction_id>/",
        views.InteractionDetailApi.as_view(),
        name="interaction",
    ),
    path(
        "interactions/<service_row_id:interaction_id>/messages/",
        views.InteractionMessagesApi.as_view(),
        name="messages",
    ),
    path(
        "interactions/<service_row_id:interaction_id>/service-log/",
        views.InteractionServiceLogApi.as_view(),
        name="service-log",
    ),
    path(
        "interactions/<service_row_id:interaction_id>/close/",
        views.InteractionCloseApi.as_view(),
        name="close",
    ),
    path(
        "interactions/<service_row_id:interaction_id>/transfer/",
        views.InteractionTransferApi.as_view(),
        name="transfer",
    ),
    path(
        "interactions/<service_row_id:interaction_id>/escalate/",
        views.InteractionEscalateApi.as_view(),
        name="escalate",
    ),
    path("queue/tickets/", views.QueueTicketListCreateApi.as_view(), name="tickets"),
    path("queue/call-next/", views.QueueCallNextApi.as_view(), name="call-next"),
    path(
        "queue/tickets/<service_row_id:ticket_id>/complete/",
        views.QueueTicketCompleteApi.as_view(),
        name="ticket-complete",
    ),
    path(
        "queue/tickets/<service_row_id:ticket_id>/no-show/",
        views.QueueTicketNoShowApi.as_view(),
        name="ticket-no-show",
    ),
    path(
        "queue/tickets/<service_row_id:ticket_id>/triage/",
        views.QueueTicketTriageApi.as_view(),
        name="ticket-triage",
    ),
    path("queue/board/", views.QueueBoardApi.as_view(), name="board"),
    path("queue/counters/", views.QueueCounterListApi.as_view(), name="counters"),
    path("supervisor/overview/", views.SupervisorOverviewApi.as_view(), name="overview"),
]
