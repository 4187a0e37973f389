from django.urls import path

from xinfa.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list_page, name="list"),
    path("new/", views.complaint_new_page, name="new"),
    path("report/", views.complaint_report_page, name="report"),
    path("cases/", views.case_library_page, name="cases"),
    path("<int:complaint_id>/", views.complaint_detail_page, name="detail"),
    path(
        "<int:complaint_id>/remedies/<int:remedy_id>/approve/",
        views.remedy_approve,
        name="remedy_approve",
    ),
    path("<int:complaint_id>/<slug:action>/", views.complaint_action, name="action"),
]
