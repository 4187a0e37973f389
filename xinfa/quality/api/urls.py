from django.urls import URLPattern, URLResolver, path

from xinfa.quality.api import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("quality/inspections/", views.InspectionListApi.as_view(), name="quality-inspections"),
    path(
        "quality/inspections/<id:inspection_id>/",
        views.InspectionDetailApi.as_view(),
        name="quality-inspection",
    ),
    path(
        "quality/inspections/<id:inspection_id>/overrides/",
        views.InspectionOverrideApi.as_view(),
        name="quality-inspection-override",
    ),
    path(
        "quality/inspections/<id:inspection_id>/reviewed/",
        views.InspectionReviewedApi.as_view(),
        name="quality-inspection-reviewed",
    ),
    path(
        "quality/inspections/<id:inspection_id>/appeals/",
        views.AppealOpenApi.as_view(),
        name="quality-appeal-open",
    ),
    path("quality/appeals/", views.AppealListApi.as_view(), name="quality-appeals"),
    path(
        "quality/appeals/<id:appeal_id>/decision/",
        views.AppealDecideApi.as_view(),
        name="quality-appeal-decide",
    ),
    path("quality/samples/", views.ReviewSampleDrawApi.as_view(), name="quality-samples"),
    path("quality/rubrics/", views.RubricListApi.as_view(), name="quality-rubrics"),
    path("quality/rubrics/test/", views.RubricTestApi.as_view(), name="quality-rubric-test"),
    path(
        "quality/rubric-versions/<id:version_id>/yaml/",
        views.RubricExportApi.as_view(),
        name="quality-rubric-export",
    ),
    path(
        "quality/rubric-versions/<id:version_id>/activate/",
        views.RubricActivateApi.as_view(),
        name="quality-rubric-activate",
    ),
    path("quality/calibration/", views.CalibrationApi.as_view(), name="quality-calibration"),
    path("quality/wellbeing/", views.WellbeingApi.as_view(), name="quality-wellbeing"),
    path("quality/trend/", views.QualityTrendApi.as_view(), name="quality-trend"),
    path(
        "interactions/<id:interaction_id>/coaching/",
        views.CoachingApi.as_view(),
        name="interaction-coaching",
    ),
    path(
        "interactions/<id:interaction_id>/draft-check/",
        views.DraftCheckApi.as_view(),
        name="interaction-draft-check",
    ),
]
