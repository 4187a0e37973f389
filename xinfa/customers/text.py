"""Text normalisation for customer search: Traditional to Simplified, width, case."""

import unicodedata
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese characters to Simplified; other text is unchanged."""
    return _converter().convert(text) if text else ""


def search_form(text: str) -> str:
    """Return the form names are compared in: NFKC (full width → half), Simplified, case-folded."""
    return to_simplified(unicodedata.normalize("NFKC", text or "")).casefold().strip()


def name_grams(search_name: str) -> set[str]:
    """Return the two-character pieces of a search name (the name itself if shorter)."""
    text = search_name or ""
    if len(text) < 2:
        return {text} if text else set()
    return {text[index : index + 2] for index in range(len(text) - 1)}
