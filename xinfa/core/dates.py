"""The calendar range a date typed or sent to Xinfa may fall in.

Python dates run from year 1 to 9999, but a day's bounds, a 90-day window or a time-zone
shift near either end overflow (a 500), and no bank record is dated there anyway.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


def is_date_in_range(value: dt.date | dt.datetime) -> bool:
    """Whether a date or moment (its calendar day as written) lies in the range."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def validate_date_in_range(value: dt.date | dt.datetime | None) -> None:
    """Refuse a date or moment outside EARLIEST_DATE … LATEST_DATE (None passes)."""
    if value is not None and not is_date_in_range(value):
        raise ValidationError(date_range_message(), code="date_out_of_range")


def date_range_message() -> str:
    return _("日期须在 %(earliest)s 至 %(latest)s 之间") % {
        "earliest": EARLIEST_DATE.isoformat(),
        "latest": LATEST_DATE.isoformat(),
    }
