"""Language negotiation for the JSON API, which lives outside the i18n URL patterns."""

from collections.abc import Callable

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
