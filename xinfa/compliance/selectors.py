"""Reads of the compliance app."""

import datetime as dt

from django.db.models import QuerySet

from xinfa.compliance.models import AccessLog


def access_log_list(
    *,
    customer_id: int | None = None,
    actor_id: int | None = None,
    action: str = "",
    customer_number: str = "",
    actor_username: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AccessLog]:
    """Return access-log rows, newest first, optionally for one customer, actor, action or
    range of days (both ends included, in the site's time zone)."""
    rows = AccessLog.objects.select_related("actor", "customer").order_by("-at", "-pk")
    exact = {
        "customer_id": customer_id,
        "actor_id": actor_id,
        "action": action or None,
        "customer__customer_number": customer_number or None,
        "actor__username": actor_username or None,
        "at__date__gte": since,
        "at__date__lte": until,
    }
    return rows.filter(**{key: value for key, value in exact.items() if value is not None})
