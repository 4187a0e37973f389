from django.urls import URLPattern, URLResolver, path

from xinfa.analysis.api import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "interactions/<id:interaction_id>/analysis/",
        views.InteractionAnalysisApi.as_view(),
        name="interaction-analysis",
    ),
]
