from django.contrib.auth import views as auth_views
from django.urls import path

from xinfa.web.views import audit, auth, customers, interactions, queue, supervisor, workspace

app_name = "web"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", workspace.home, name="home"),
    path("customers/", customers.customer_search_page, name="customer_search"),
    path("customers/<id:customer_id>/", customers.customer_detail_page, name="customer_detail"),
    path(
        "customers/<id:customer_id>/reveal/",
        customers.customer_reveal_page,
        name="customer_reveal",
    ),
    path(
        "customers/<id:customer_id>/preferences/",
        customers.customer_preference_add_page,
        name="customer_preference_add",
    ),
    path(
        "customers/<id:customer_id>/interactions/",
        customers.customer_interaction_record_page,
        name="customer_interaction_record",
    ),
    path(
        "interactions/<id:interaction_id>/",
        interactions.interaction_detail_page,
        name="interaction_detail",
    ),
    path(
        "interactions/<id:interaction_id>/messages/",
        interactions.interaction_message_add_page,
        name="interaction_message_add",
    ),
    path(
        "interactions/<id:interaction_id>/log/",
        interactions.interaction_log_add_page,
        name="interaction_log_add",
    ),
    path(
        "interactions/<id:interaction_id>/close/",
        interactions.interaction_close_page,
        name="interaction_close",
    ),
    path(
        "interactions/<id:interaction_id>/transfer/",
        interactions.interaction_transfer_page,
        name="interaction_transfer",
    ),
    path(
        "interactions/<id:interaction_id>/escalate/",
        interactions.interaction_escalate_page,
        name="interaction_escalate",
    ),
    path("queue/", queue.queue_board_page, name="queue_board"),
    path("queue/display/", queue.queue_display_page, name="queue_display"),
    path("queue/issue/", queue.queue_issue_page, name="queue_issue"),
    path("queue/call/", queue.queue_call_next_page, name="queue_call_next"),
    path("queue/complete/", queue.queue_complete_page, name="queue_complete"),
    path("queue/triage/", queue.queue_triage_page, name="queue_triage"),
    path("supervisor/", supervisor.supervisor_overview_page, name="supervisor_overview"),
    path("access-log/", audit.access_log_page, name="access_log"),
]
