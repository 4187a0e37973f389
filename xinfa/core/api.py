"""Small pieces every app's API views share."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from xinfa.core.dates import date_range_message, validate_date_in_range
from xinfa.core.exceptions import ValidationFailed

# Row ids are 64-bit columns: a larger number would overflow the database driver (a 500).
MAX_ID = 2**63 - 1


def id_field(**kwargs: object) -> serializers.IntegerField:
    """An integer primary key as input: positive and within a 64-bit column."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)  # type: ignore[arg-type]


def date_field(**kwargs: Any) -> serializers.DateField:
    """A calendar date as input, within the range every date in Xinfa keeps to."""
    return serializers.DateField(validators=[validate_date_in_range], **kwargs)


class RelatedIdField(serializers.PrimaryKeyRelatedField):
    """A related row by id: a whole number of 1 … MAX_ID (or its digits as text). DRF's own
    field passes anything to the lookup, and a JSON 1e999 (infinity) overflowed there."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and data.strip().isdigit():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class _BoundedDateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value: Any) -> Any:
        try:
            return super().to_internal_value(value)
        except OverflowError as exc:  # the time-zone step, within a day of year 1 or 9999
            message = date_range_message()
            raise serializers.ValidationError(message, code="date_out_of_range") from exc


def datetime_field(**kwargs: Any) -> serializers.DateTimeField:
    """A moment as input, within the range every date in Xinfa keeps to."""
    return _BoundedDateTimeField(validators=[validate_date_in_range], **kwargs)


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
