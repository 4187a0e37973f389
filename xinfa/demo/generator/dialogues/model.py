"""Dialogue templates: a topic is a sequence of steps, each with variants and slots."""

from dataclasses import dataclass

Variants = tuple[str, ...] | dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Step:
    """One turn: who speaks and the ways it can be said ("counter"/"remote" keys or any)."""

    speaker: str  # "customer" or "agent"
    variants: Variants

    def pick(self, path: int, place: str) -> str:
        """Return variant number `path` (modulo): equal indexes across steps tell one story."""
        options = (
            self.variants
            if isinstance(self.variants, tuple)
            else self.variants.get(place, next(iter(self.variants.values())))
        )
        return options[path % len(options)]


def customer(*variants: str, **by_place: tuple[str, ...]) -> Step:
    return Step("customer", variants or by_place)


def agent(*variants: str, **by_place: tuple[str, ...]) -> Step:
    return Step("agent", variants or by_place)


@dataclass(frozen=True)
class Topic:
    """A reason for contact with its conversation, service log and likely outcomes."""

    key: str
    subjects: tuple[str, ...]
    service_type: str
    audience: frozenset[str]  # "individual", "elderly", "young", "corporate", "wealthy"
    channels: tuple[str, ...]
    mood: str  # calm, anxious, angry, confused
    steps: tuple[Step, ...]
    needs: tuple[str, ...]
    processes: tuple[str, ...]
    results: tuple[str, ...]
    outcomes: tuple[tuple[str, int], ...]
    handle_minutes: tuple[int, int] = (4, 12)
    weight: int = 10
    # What a careful agent restates to confirm the need ("…，是这样吗？").
    restate: str = ""
