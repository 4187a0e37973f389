"""Let seeded rows keep historical timestamps instead of `auto_now` / `auto_now_add`."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models


@contextmanager
def historical_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Switch off auto_now/auto_now_add on the given models for the duration of the block.

    Every row created inside must set those fields itself. Only the seeding commands use
    this: history months old is the point of demo data.
    """
    fields = [
        field
        for model in model_classes
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]  # type: ignore[attr-defined]
    for field in fields:
        field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]
