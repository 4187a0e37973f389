from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_v1: list[URLPattern | URLResolver] = [
    path("", include("xinfa.customers.api.urls")),
    path("auth/", include("xinfa.accounts.api.urls")),
    path("", include("xinfa.service.api.urls")),
    path("", include("xinfa.analysis.api.urls")),
    path("", include("xinfa.complaints.api.urls")),
    path("", include("xinfa.quality.api.urls")),
    path("chat/", include("xinfa.chat.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    *i18n_patterns(
        # The chat pages' JavaScript strings, in the page's language (/en/jsi18n/ for English).
        path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
        path("complaints/", include("xinfa.complaints.urls")),
        path("quality/", include("xinfa.quality.urls")),
        path("chat/", include("xinfa.chat.urls")),
        path("", include("xinfa.web.urls")),
        prefix_default_language=False,
    ),
]
