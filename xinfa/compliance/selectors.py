"""Reads of the compliance app."""

from django.db.models import QuerySet

from xinfa.compliance.models import AccessLog


def access_log_list(
    *, customer_id: int | None = None, actor_id: int | None = None, action: str = ""
) -> QuerySet[AccessLog]:
    """Return access-log rows, newest first, optionally for one customer, actor or action."""
    rows = AccessLog.objects.select_related("actor", "customer").order_by("-at", "-pk")
    if customer_id is not None:
        rows = rows.filter(customer_id=customer_id)
    if actor_id is not None:
        rows = rows.filter(actor_id=actor_id)
    if action:
        rows = rows.filter(action=action)
    return rows
