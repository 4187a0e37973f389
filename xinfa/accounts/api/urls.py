"""Account endpoints under /api/v1/auth/."""

from django.urls import URLPattern, URLResolver, path

from xinfa.accounts.api.views import TokenObtainApi

urlpatterns: list[URLPattern | URLResolver] = [
    path("token/", TokenObtainApi.as_view(), name="api-token"),
]
