from django.urls import path

from xinfa.chat.api import views

app_name = "chat-api"

urlpatterns = [
    path("integration/app-tokens/", views.AppTokenIssueApi.as_view(), name="app-token"),
    path("phone/challenges/", views.PhoneChallengeStartApi.as_view(), name="phone-challenge"),
    path("sessions/", views.ChatSessionStartApi.as_view(), name="session-start"),
    path("sessions/<id:session_id>/", views.ChatSessionDetailApi.as_view(), name="session"),
    path("sessions/<id:session_id>/messages/", views.ChatMessageListApi.as_view(), name="messages"),
    path(
        "sessions/<id:session_id>/attachments/",
        views.ChatAttachmentUploadApi.as_view(),
        name="attachments",
    ),
    path("sessions/<id:session_id>/close/", views.ChatCloseApi.as_view(), name="close"),
    path("sessions/<id:session_id>/survey/", views.ChatSurveySubmitApi.as_view(), name="survey"),
    path(
        "attachments/<id:attachment_id>/",
        views.ChatAttachmentDownloadApi.as_view(),
        name="attachment",
    ),
    path("live/", views.ChatLiveListApi.as_view(), name="live"),
    path("queues/", views.ChatQueueListApi.as_view(), name="queues"),
    path("presence/", views.AgentPresenceApi.as_view(), name="presence"),
]
