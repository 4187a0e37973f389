from django.urls import path

from xinfa.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.inspection_list_page, name="list"),
    path("samples/", views.review_sample_action, name="sample"),
    path("rubrics/", views.rubric_page, name="rubrics"),
    path(
        "rubrics/versions/<id:version_id>/activate/",
        views.rubric_activate_action,
        name="rubric_activate",
    ),
    path("rubrics/versions/<id:version_id>/yaml/", views.rubric_export_page, name="rubric_export"),
    path("calibration/", views.calibration_page, name="calibration"),
    path("trend/", views.trend_page, name="trend"),
    path("wellbeing/", views.wellbeing_page, name="wellbeing"),
    path("appeals/<id:appeal_id>/decide/", views.appeal_decide_action, name="appeal_decide"),
    path("<id:inspection_id>/", views.inspection_detail_page, name="detail"),
    path("<id:inspection_id>/override/", views.inspection_override_action, name="override"),
    path("<id:inspection_id>/appeal/", views.appeal_open_action, name="appeal"),
]
