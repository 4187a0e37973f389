"""Detection and masking of personal data (ID numbers, bank cards, phones, e-mail)."""

from dataclasses import dataclass
from typing import Any

from xinfa.analysis.engine.components.pii.masking import (
    mask_card_number,
    mask_email,
    mask_id_number,
    mask_phone,
)
from xinfa.analysis.engine.components.pii.rules import Candidate, find_candidates
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.registry import component

PII_TYPES = ("id_number", "bank_card", "mobile", "landline", "email")


@dataclass(frozen=True)
class PiiSpan:
    """One piece of personal data: its type, offsets into the raw text and masked form."""

    type: str
    start: int
    end: int
    masked: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "start": self.start, "end": self.end, "masked": self.masked}


def _mask(candidate: Candidate) -> str:
    if candidate.type == "id_number":
        return mask_id_number(candidate.value)
    if candidate.type == "bank_card":
        return mask_card_number(candidate.value)
    if candidate.type == "email":
        return mask_email(candidate.value)
    if candidate.type == "landline":
        number, _, extension = candidate.value.partition("-")
        return mask_phone(number) + (f"-{extension}" if extension else "")
    return mask_phone(candidate.value)


def find_pii(text: str) -> list[PiiSpan]:
    """Find personal data in raw text; offsets index the text as given.

    Raises:
        Nothing for any string input; non-strings raise TypeError.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_pii expects str, got {type(text).__name__}")
    return [
        PiiSpan(candidate.type, candidate.start, candidate.end, _mask(candidate))
        for candidate in find_candidates(text)
    ]


def mask_pii(text: str) -> str:
    """Return the text with every detected piece of personal data replaced by its mask."""
    spans = find_pii(text)
    if not spans:
        return text
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(text[cursor : span.start])
        parts.append(span.masked)
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)


@component("pii.regex", version=1, assigns=("pii",))
class RegexPii:
    """Find ID numbers (checksum), bank cards (Luhn), phones and e-mail in the raw text."""

    def __call__(self, doc: Doc) -> Doc:
        """Write `pii` (a list of PiiSpan over `doc.text`).

        Raises:
            TypeError: `doc.text` is not a string.
        """
        doc.annotations["pii"] = find_pii(doc.text or "")
        return doc


__all__ = ["PII_TYPES", "PiiSpan", "RegexPii", "find_pii", "mask_pii"]
