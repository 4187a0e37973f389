"""Small pieces every app's API views share."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from xinfa.core.exceptions import ValidationFailed


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validate request data or query parameters; a 400 names each bad field.

    Raises:
        ValidationFailed: the body is not a JSON object.
        rest_framework.exceptions.ValidationError: a field is missing or malformed.
    """
    if not hasattr(data, "get"):
        raise ValidationFailed(_("应为 JSON 对象"), field="non_field_errors")
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
