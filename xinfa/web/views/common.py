"""Small helpers shared by the page modules (no business rules here)."""

from xinfa.core.client import client_ip

__all__ = ["client_ip"]
