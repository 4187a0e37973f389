"""Language negotiation for the JSON API and the chat sockets, which live outside the i18n
URL patterns."""

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation

API_PREFIX = "/api/"


class ApiLocaleMiddleware:
    """Let API clients choose the language of error reasons (cookie, then Accept-Language).

    LocaleMiddleware pins every path outside ``i18n_patterns`` to LANGUAGE_CODE because the
    pages use ``prefix_default_language=False``; the API has no language prefix, so without
    this an English client would always get Chinese reasons. Place it after LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def socket_language(scope: Mapping[str, Any]) -> str:
    """The language of a WebSocket's error reasons, negotiated as for the API (language
    cookie, then Accept-Language, else LANGUAGE_CODE): sockets have no path prefix."""
    request = HttpRequest()
    request.COOKIES = dict(scope.get("cookies") or {})
    headers = dict(scope.get("headers") or [])
    request.META["HTTP_ACCEPT_LANGUAGE"] = headers.get(b"accept-language", b"").decode("latin-1")
    return translation.get_language_from_request(request, check_path=False)
