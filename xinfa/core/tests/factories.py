"""The base of the project's factories: calling one is typed as returning its model."""

from typing import TYPE_CHECKING, Any, TypeVar

import factory

T = TypeVar("T")


class ModelFactory(factory.django.DjangoModelFactory[T]):
    """A Django model factory; subclass as `class XFactory(ModelFactory[X])`.

    factory_boy's metaclass makes `XFactory(**fields)` create and return an `X`, but its
    `__call__` is untyped, so mypy would take the result to be an `XFactory`.
    """

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # Only for mypy, which otherwise insists that `__new__` returns the factory class.
        def __new__(cls, **kwargs: Any) -> T: ...  # type: ignore[misc]
