from django.urls import path

from xinfa.complaints.api import views

urlpatterns = [
    path("complaints/", views.ComplaintCreateApi.as_view(), name="complaint-list"),
    path("complaints/import/", views.ComplaintImportApi.as_view(), name="complaint-import"),
    path("complaints/report/", views.ComplaintReportApi.as_view(), name="complaint-report"),
    path("complaints/cases/", views.CaseListApi.as_view(), name="case-list"),
    path(
        "complaints/<id:complaint_id>/",
        views.ComplaintDetailApi.as_view(),
        name="complaint-detail",
    ),
    path(
        "complaints/<id:complaint_id>/first-contact/",
        views.ComplaintFirstContactApi.as_view(),
        name="complaint-first-contact",
    ),
    path(
        "complaints/<id:complaint_id>/investigate/",
        views.ComplaintInvestigateApi.as_view(),
        name="complaint-investigate",
    ),
    path(
        "complaints/<id:complaint_id>/findings/",
        views.ComplaintFindingsApi.as_view(),
        name="complaint-findings",
    ),
    path(
        "complaints/<id:complaint_id>/remedies/",
        views.ComplaintRemedyAddApi.as_view(),
        name="complaint-remedy-add",
    ),
    path(
        "complaints/remedies/<id:remedy_id>/approve/",
        views.RemedyApproveApi.as_view(),
        name="complaint-remedy-approve",
    ),
    path(
        "complaints/<id:complaint_id>/respond/",
        views.ComplaintRespondApi.as_view(),
        name="complaint-respond",
    ),
    path(
        "complaints/<id:complaint_id>/follow-up/",
        views.ComplaintFollowUpApi.as_view(),
        name="complaint-follow-up",
    ),
    path(
        "complaints/<id:complaint_id>/close/",
        views.ComplaintCloseApi.as_view(),
        name="complaint-close",
    ),
    path(
        "complaints/<id:complaint_id>/escalate/",
        views.ComplaintEscalateApi.as_view(),
        name="complaint-escalate",
    ),
    path(
        "complaints/<id:complaint_id>/reopen/",
        views.ComplaintReopenApi.as_view(),
        name="complaint-reopen",
    ),
    path(
        "complaints/<id:complaint_id>/review/",
        views.ComplaintReviewRequestApi.as_view(),
        name="complaint-review",
    ),
    path(
        "complaints/<id:complaint_id>/clock/",
        views.ComplaintClockApi.as_view(),
        name="complaint-clock",
    ),
    path(
        "complaints/<id:complaint_id>/case/",
        views.ComplaintCaseCreateApi.as_view(),
        name="complaint-case-create",
    ),
]
