"""Domain errors and the one DRF handler that turns them into JSON 4xx answers."""

import math
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.functional import Promise
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from xinfa.core.validators import LONE_SURROGATE_RE


class DomainError(Exception):
    """A business rule refused the operation; `field` names the input at fault, if any.

    `message` may be a lazy translation; it is rendered in the active language when read.
    """

    status_code: int = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(message)
        self._message = message
        self.field = field

    @property
    def message(self) -> str:
        """The reason, as a plain str in the active language."""
        return str(self._message)

    def __str__(self) -> str:
        return self.message


class ValidationFailed(DomainError):
    code = "invalid"


class NotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"


class Forbidden(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "forbidden"


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"


def _error_body(errors: list[dict[str, str]]) -> dict[str, Any]:
    # A refused value is often echoed in its reason ('"x" is not a valid choice'); half a
    # surrogate pair from a JSON escape cannot be rendered as UTF-8, so it is shown as U+FFFD.
    return {
        "errors": [
            {
                key: LONE_SURROGATE_RE.sub("\ufffd", value) if isinstance(value, str) else value
                for key, value in error.items()
            }
            for error in errors
        ]
    }


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, str]]:
    """Turn DRF's nested error detail into a flat list of {field, reason, code}."""
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            name = key if field is None else f"{field}.{key}"
            if key == "non_field_errors":
                name = field or "non_field_errors"
            out.extend(_flatten(value, name))
        return out
    if isinstance(detail, list):
        out = []
        for index, item in enumerate(detail):
            if isinstance(item, dict):
                out.extend(_flatten(item, f"{field}[{index}]" if field else str(index)))
            else:
                out.extend(_flatten(item, field))
        return out
    code = getattr(detail, "code", "invalid")
    return [{"field": field or "non_field_errors", "reason": str(detail), "code": str(code)}]


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer every API error as JSON: {"errors": [{"field", "reason", "code"}]}."""
    if isinstance(exc, DomainError):
        refused = Response(
            _error_body(
                [
                    {
                        "field": exc.field or "non_field_errors",
                        "reason": exc.message,
                        "code": exc.code,
                    }
                ]
            ),
            status=exc.status_code,
        )
        retry_after = getattr(exc, "retry_after", None)
        if isinstance(retry_after, int | float):  # rate limits say when to come back
            refused["Retry-After"] = str(max(1, math.ceil(retry_after)))
        return refused
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _error_body(_flatten(exc.detail))
    elif isinstance(exc, exceptions.APIException):
        api_detail = exc.detail
        response.data = _error_body(
            [
                {
                    "field": "non_field_errors",
                    "reason": str(api_detail),
                    "code": str(getattr(api_detail, "code", exc.default_code)),
                }
            ]
        )
    return response
