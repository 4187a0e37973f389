"""Who is calling: the client's IP address, aware of trusted reverse proxies."""

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# The address of the request being served, for the audit trail written deep in services.
_current_address: ContextVar[str | None] = ContextVar("xinfa_client_address", default=None)


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


def current_client_ip() -> str | None:
    """The address of the HTTP request being served (None outside a request)."""
    return _current_address.get()


class ClientAddressMiddleware:
    """Remember each request's client address, so every access-log row records it without
    the selectors and services having to be handed the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current_address.reset(token)
