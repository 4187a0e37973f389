"""Write many rows fast: SQLite executemany or PostgreSQL COPY, columns taken from the model.

The ORM's bulk_create spends most of its time preparing each value; here every column
gets one cheap converter chosen from its field type, and fields a row does not name take
the model default, so a field added to a model later does not break the benchmark.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.db.backends.base.base import BaseDatabaseWrapper

_NO_DEFAULT = object()


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    # Django keeps SQLite datetimes as naive UTC text.
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def _converter(field: models.Field, vendor: str) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        return json.dumps
    if vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime
    if isinstance(field, models.DateField):
        return lambda value: value.isoformat() if value is not None else None
    if isinstance(field, models.DecimalField):
        return lambda value: str(value) if value is not None else None
    return None


def _default(field: models.Field) -> Any:
    if field.has_default() or field.null:
        return field.get_default()
    if isinstance(field, models.CharField | models.TextField):
        return ""
    return _NO_DEFAULT


class BulkWriter:
    """Insert dictionaries keyed by field attname into a model's table."""

    def __init__(self, db: BaseDatabaseWrapper = connection) -> None:
        self.db = db

    def write(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
        """Insert the rows (ids included) and return how many were written.

        Raises:
            django.db.DatabaseError: a row breaks a constraint; nothing of this call is kept.
        """
        fields = list(model._meta.concrete_fields)
        names = [field.attname for field in fields]
        defaults = [_default(field) for field in fields]
        converters = [_converter(field, self.db.vendor) for field in fields]

        def as_tuple(row: dict[str, Any]) -> tuple[Any, ...]:
            values = []
            for name, default, convert in zip(names, defaults, converters, strict=True):
                value = row.get(name, default)
                if value is _NO_DEFAULT:
                    raise ValueError(f"{model.__name__}.{name} has no default: give it a value")
                values.append(convert(value) if convert is not None else value)
            return tuple(values)

        table = self.db.ops.quote_name(model._meta.db_table)
        # Concrete fields are the ones with a column (`column` is None only for the others).
        columns = ", ".join(
            self.db.ops.quote_name(field.column) for field in fields if field.column is not None
        )
        count = 0
        self.db.ensure_connection()
        raw = self.db.connection
        if self.db.vendor == "postgresql":
            statement = f"COPY {table} ({columns}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(as_tuple(row))
                    count += 1
            return count
        placeholders = ", ".join("?" for _ in fields)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from _meta
        batch: list[tuple[Any, ...]] = []
        cursor = raw.cursor()
        for row in rows:
            batch.append(as_tuple(row))
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        return count
