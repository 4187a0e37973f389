"""Writes of the compliance app: the audit trail."""

from typing import Any

from xinfa.compliance.models import AccessLog
from xinfa.core.client import current_client_ip


def audit_record(
    *,
    actor: Any,
    action: str,
    customer_id: int | None = None,
    interaction_id: int | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AccessLog:
    """Append one row to the access log; the address defaults to that of the HTTP request
    being served (`core.client.ClientAddressMiddleware`).

    Raises:
        AppendOnlyError: never for a new row; listed because the log refuses updates.
    """
    return AccessLog.objects.create(
        actor=actor,
        action=action,
        customer_id=customer_id,
        interaction_id=interaction_id,
        reason=reason[:300],
        detail=detail or {},
        ip_address=ip_address if ip_address is not None else current_client_ip(),
    )
