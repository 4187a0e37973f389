"""Small pieces every app's API views share."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from xinfa.core.exceptions import ValidationFailed

# Row ids are 64-bit columns: a larger number would overflow the database driver (a 500).
MAX_ID = 2**63 - 1


def id_field(**kwargs: object) -> serializers.IntegerField:
    """An integer primary key as input: positive and within a 64-bit column."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)  # type: ignore[arg-type]


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
