"""Customer 360 endpoints under /api/v1/ (and the compliance access log)."""

from django.urls import URLPattern, URLResolver, include, path

from xinfa.customers.api.views import (
    CustomerDetailApi,
    CustomerExportApi,
    CustomerHoldingCreateApi,
    CustomerImportApi,
    CustomerLifeEventCreateApi,
    CustomerListCreateApi,
    CustomerPreferenceListCreateApi,
    CustomerRevealPiiApi,
    CustomerSearchApi,
)

app_name = "customers-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("customers/", CustomerListCreateApi.as_view(), name="customer-list"),
    path("customers/search/", CustomerSearchApi.as_view(), name="customer-search"),
    path("customers/import/", CustomerImportApi.as_view(), name="customer-import"),
    path("customers/export/", CustomerExportApi.as_view(), name="customer-export"),
    path("customers/<id:customer_id>/", CustomerDetailApi.as_view(), name="customer-detail"),
    path(
        "customers/<id:customer_id>/reveal/",
        CustomerRevealPiiApi.as_view(),
        name="customer-reveal",
    ),
    path(
        "customers/<id:customer_id>/preferences/",
        CustomerPreferenceListCreateApi.as_view(),
        name="customer-preferences",
    ),
    path(
        "customers/<id:customer_id>/life-events/",
        CustomerLifeEventCreateApi.as_view(),
        name="customer-life-events",
    ),
    path(
        "customers/<id:customer_id>/holdings/",
        CustomerHoldingCreateApi.as_view(),
        name="customer-holdings",
    ),
    path("audit/", include("xinfa.compliance.api.urls")),
]
