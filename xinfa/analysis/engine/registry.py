"""The component registry: each component is registered under "name.vVERSION"."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    version: int
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Any

    @property
    def key(self) -> str:
        return f"{self.name}.v{self.version}"


_REGISTRY: dict[str, ComponentSpec] = {}


def component(
    name: str, *, version: int, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[T], T]:
    """Register a component class (or factory) under a versioned name."""

    def register(factory: T) -> T:
        spec = ComponentSpec(name, version, tuple(requires), tuple(assigns), factory)
        if spec.key in _REGISTRY and _REGISTRY[spec.key].factory is not factory:
            raise ValueError(f"component {spec.key} is registered twice")
        _REGISTRY[spec.key] = spec
        factory.component_spec = spec  # type: ignore[attr-defined]
        return factory

    return register


def registered_components() -> dict[str, ComponentSpec]:
    """Return every registered component by key, after importing the component list."""
    import xinfa.analysis.engine.components  # noqa: F401  (fills the registry)

    return dict(sorted(_REGISTRY.items()))


def component_spec(key: str) -> ComponentSpec:
    """Look up one component by its versioned key, e.g. "segment.jieba.v1".

    Raises:
        KeyError: no component is registered under that key.
    """
    specs = registered_components()
    if key not in specs:
        raise KeyError(f"unknown analysis component {key!r}; known: {', '.join(specs)}")
    return specs[key]
