import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from xinfa.core.dates import validate_date_in_range


def test_dates_inside_the_range_pass() -> None:
    validate_date_in_range(dt.date(1900, 1, 1))
    validate_date_in_range(dt.datetime(2199, 12, 31, 23, 59))  # noqa: DTZ001 - naive on purpose
    validate_date_in_range(None)


@pytest.mark.parametrize("value", [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(9999, 12, 31)])
def test_dates_outside_the_range_are_refused(value: dt.date) -> None:
    with pytest.raises(ValidationError, match="1900-01-01 至 2199-12-31"):
        validate_date_in_range(value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "field", "value"),
    [
        ("/api/v1/interactions/", "since", "0001-01-01T00:00:00"),  # overflowed in DRF itself
        ("/api/v1/interactions/", "until", "9999-12-31"),
        ("/api/v1/supervisor/overview/", "day", "9999-12-31"),  # overflowed computing the day
        ("/api/v1/complaints/report/", "until", "0001-01-01"),  # and the 90-day window
        ("/api/v1/queue/tickets/", "date", "0001-01-01"),
    ],
)
def test_an_out_of_range_date_filter_is_a_400(
    api_client_for: Callable[[str], APIClient], url: str, field: str, value: str
) -> None:
    response = api_client_for("supervisor").get(url, {field: value})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": field,
            "reason": "日期须在 1900-01-01 至 2199-12-31 之间",
            "code": "date_out_of_range",
        }
    ]
