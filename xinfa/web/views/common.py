"""Small helpers shared by the page modules (no business rules here)."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Return the caller's address as the web server saw it, for the access log."""
    return request.META.get("REMOTE_ADDR") or None
