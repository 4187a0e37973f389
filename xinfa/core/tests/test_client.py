from typing import Any

import pytest
from django.test import RequestFactory

from xinfa.core.client import client_ip


def request_from(remote: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_socket_address_counts_and_the_header_is_ignored(settings):
    settings.XINFA_PROXY_HOPS = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (1, "198.51.100.9", "198.51.100.9"),
        # a client-supplied entry on the left is never trusted
        (1, "1.2.3.4, 198.51.100.9", "198.51.100.9"),
        (2, "1.2.3.4, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_trusted_proxies_are_counted_from_the_right(settings, hops, forwarded, expected):
    settings.XINFA_PROXY_HOPS = hops
    assert client_ip(request_from("10.0.0.1", forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", "not-an-ip", "198.51.100.9"])
def test_missing_short_or_garbled_header_falls_back_to_the_socket(settings, forwarded):
    settings.XINFA_PROXY_HOPS = 2
    assert client_ip(request_from("10.0.0.1", forwarded)) == "10.0.0.1"


def test_an_unparsable_socket_address_gives_none(settings):
    settings.XINFA_PROXY_HOPS = 0
    assert client_ip(request_from("")) is None
