from django.urls import path

from xinfa.chat import views

app_name = "chat"

urlpatterns = [
    path("widget/", views.widget_page, name="widget"),
    path("workspace/", views.workspace_page, name="workspace"),
    path("supervise/", views.supervise_page, name="supervise"),
    path(
        "workspace/sessions/<id:session_id>/customer/",
        views.customer_panel,
        name="customer_panel",
    ),
    path(
        "workspace/sessions/<id:session_id>/service-log/",
        views.service_log_page,
        name="service_log",
    ),
]
