"""Compliance endpoints, included under /api/v1/audit/."""

from django.urls import URLPattern, URLResolver, path

from xinfa.compliance.api.views import AccessLogListApi

urlpatterns: list[URLPattern | URLResolver] = [
    path("access-log/", AccessLogListApi.as_view(), name="access-log"),
]
