from django.urls import path

from xinfa.complaints.api import views

urlpatterns = [
    path("complaints/", views.ComplaintCreateApi.as_view(), name="complaint-list"),
    path("complaints/import/", views.ComplaintImportApi.as_view(), name="complaint-import"),
    path("complaints/report/", views.ComplaintReportApi.as_view(), name="complaint-report"),
    path("complaints/cases/", views.CaseListApi.as_view(), name="case-list"),
    path(
        "complaints/<int:complaint_id>/",
        views.ComplaintDetailApi.as_view(),
        name="complaint-detail",
    ),
    path(
        "complaints/<int:complaint_id>/first-contact/",
        views.ComplaintFirstContactApi.as_view(),
        name="complaint-first-contact",
    ),
    path(
        "complaints/<int:complaint_id>/investigate/",
        views.ComplaintInvestigateApi.as_view(),
        name="complaint-investigate",
    ),
    path(
        "complaints/<int:complaint_id>/findings/",
        views.ComplaintFindingsApi.as_view(),
        name="complaint-findings",
    ),
    path(
        "complaints/<int:complaint_id>/remedies/",
        views.ComplaintRemedyAddApi.as_view(),
        name="complaint-remedy-add",
    ),
    path(
        "complaints/remedies/<int:remedy_id>/approve/",
        views.RemedyApproveApi.as_view(),
        name="complaint-remedy-approve",
    ),
    path(
        "complaints/<int:complaint_id>/respond/",
        views.ComplaintRespondApi.as_view(),
        name="complaint-respond",
    ),
    path(
        "complaints/<int:complaint_id>/follow-up/",
        views.ComplaintFollowUpApi.as_view(),
        name="complaint-follow-up",
    ),
    path(
        "complaints/<int:complaint_id>/close/",
        views.ComplaintCloseApi.as_view(),
        name="complaint-close",
    ),
    path(
        "complaints/<int:complaint_id>/escalate/",
        views.ComplaintEscalateApi.as_view(),
        name="complaint-escalate",
    ),
    path(
        "complaints/<int:complaint_id>/reopen/",
        views.ComplaintReopenApi.as_view(),
        name="complaint-reopen",
    ),
    path(
        "complaints/<int:complaint_id>/review/",
        views.ComplaintReviewRequestApi.as_view(),
        name="complaint-review",
    ),
    path(
        "complaints/<int:complaint_id>/clock/",
        views.ComplaintClockApi.as_view(),
        name="complaint-clock",
    ),
    path(
        "complaints/<int:complaint_id>/case/",
        views.ComplaintCaseCreateApi.as_view(),
        name="complaint-case-create",
    ),
]
