"""Who is calling: the client's IP address, aware of trusted reverse proxies."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Return the caller's IP address, or None when it cannot be told.

    With `XINFA_PROXY_HOPS` = n > 0 (n reverse proxies of the bank's own in front of the
    application), the address is the n-th entry from the right of X-Forwarded-For: the one
    the outermost trusted proxy saw. Entries further left are set by the client and
    could be forged, so they are never used. Anything unparsable falls back to
    REMOTE_ADDR.
    """
    remote = _parsed(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "XINFA_PROXY_HOPS", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [item for item in forwarded if item]
    if len(forwarded) < hops:
        return remote
    return _parsed(forwarded[-hops]) or remote


def _parsed(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
