"""Reads of the compliance app."""

from django.db.models import QuerySet

from xinfa.compliance.models import AccessLog


def access_log_list(*, customer_id: int | None = None, actor_id: int | None = None
                    ) -> QuerySet[AccessLog]:
    """Return access-log rows, newest first, optionally for one customer or one actor."""
    rows = AccessLog.objects.select_related("actor", "customer").order_by("-at")
    if customer_id is not None:
        rows = rows.filter(customer_id=customer_id)
    if actor_id is not None:
        rows = rows.filter(actor_id=actor_id)
    return rows
