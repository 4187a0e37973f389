"""Service-desk API routes under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from xinfa.service.api import views

app_name = "service-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("interactions/", views.InteractionListCreateApi.as_view(), name="interactions"),
    path("interactions/import/", views.TranscriptImportApi.as_view(), name="import"),
    path(
        "interactions/<id:interaction_id>/",
        views.InteractionDetailApi.as_view(),
        name="interaction",
    ),
    path(
        "interactions/<id:interaction_id>/messages/",
        views.InteractionMessagesApi.as_view(),
        name="messages",
    ),
    path(
        "interactions/<id:interaction_id>/service-log/",
        views.InteractionServiceLogApi.as_view(),
        name="service-log",
    ),
    path(
        "interactions/<id:interaction_id>/close/",
        views.InteractionCloseApi.as_view(),
        name="close",
    ),
    path(
        "interactions/<id:interaction_id>/transfer/",
        views.InteractionTransferApi.as_view(),
        name="transfer",
    ),
    path(
        "interactions/<id:interaction_id>/escalate/",
        views.InteractionEscalateApi.as_view(),
        name="escalate",
    ),
    path("queue/tickets/", views.QueueTicketListCreateApi.as_view(), name="tickets"),
    path("queue/call-next/", views.QueueCallNextApi.as_view(), name="call-next"),
    path(
        "queue/tickets/<id:ticket_id>/complete/",
        views.QueueTicketCompleteApi.as_view(),
        name="ticket-complete",
    ),
    path(
        "queue/tickets/<id:ticket_id>/no-show/",
        views.QueueTicketNoShowApi.as_view(),
        name="ticket-no-show",
    ),
    path(
        "queue/tickets/<id:ticket_id>/triage/",
        views.QueueTicketTriageApi.as_view(),
        name="ticket-triage",
    ),
    path("queue/board/", views.QueueBoardApi.as_view(), name="board"),
    path("queue/counters/", views.QueueCounterListApi.as_view(), name="counters"),
    path("supervisor/overview/", views.SupervisorOverviewApi.as_view(), name="overview"),
]
