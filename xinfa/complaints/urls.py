from django.urls import path

from xinfa.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list_page, name="list"),
    path("new/", views.complaint_new_page, name="new"),
    path("report/", views.complaint_report_page, name="report"),
    path("cases/", views.case_library_page, name="cases"),
    path("<id:complaint_id>/", views.complaint_detail_page, name="detail"),
    path(
        "<id:complaint_id>/remedies/<id:remedy_id>/approve/",
        views.remedy_approve,
        name="remedy_approve",
    ),
    path("<id:complaint_id>/<slug:action>/", views.complaint_action, name="action"),
]
