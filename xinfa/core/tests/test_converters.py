"""Every id in a URL path is an <id:...>: too many digits is a 404, never a driver overflow."""

from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_no_url_takes_an_unbounded_int() -> None:
    routes = list(_patterns(get_resolver()))
    assert sum("<id:" in route for route in routes) > 50
    # Django's <int:> takes any number of digits; a foreign-key lookup then overflows.
    assert [route for route in routes if "<int:" in route] == []


@pytest.mark.django_db
def test_a_twenty_digit_id_is_a_404(api_client_for: Callable[[str], APIClient]) -> None:
    client = api_client_for("supervisor")
    too_long = client.post("/api/v1/quality/inspections/99999999999999999999/reviewed/")
    assert too_long.status_code == 404
    fits = client.post("/api/v1/quality/inspections/999999999999999999/reviewed/")
    assert (fits.status_code, fits.json()["errors"][0]["field"]) == (404, "inspection_id")
