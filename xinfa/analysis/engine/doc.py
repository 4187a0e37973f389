"""The document that flows through the pipeline."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Doc:
    """One turn (or one free text) and everything the components found in it.

    `text` is the raw input and never changes; components write their results
    into `annotations` under the names they declare in `assigns`.
    """

    text: str
    speaker: str = "customer"
    channel: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)
    # name -> "component.name.vN" that produced it, so stored results can be re-run.
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def norm_text(self) -> str:
        """The normalised text, or the raw text before normalisation ran."""
        return str(self.annotations.get("norm_text", self.text))

    @property
    def tokens(self) -> list[str]:
        return list(self.annotations.get("tokens", ()))

    def has(self, name: str) -> bool:
        return name in self.annotations

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form of the results."""
        return {
            "text": self.text,
            "speaker": self.speaker,
            "channel": self.channel,
            "annotations": {key: _plain(value) for key, value in self.annotations.items()},
            "provenance": dict(self.provenance),
        }


def _plain(value: Any) -> Any:
    """Convert result objects (dataclasses with to_dict) into JSON-ready values."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
