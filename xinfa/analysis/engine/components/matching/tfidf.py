"""Hashed TF-IDF over one kind of n-gram, with L2-normalised rows.

Hashing keeps the saved state to one idf array per vectorizer; no vocabulary file.
"""

from collections.abc import Callable, Sequence
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

MAX_UNITS = 2000  # characters or tokens; a 100 kB input is cut, turns are far shorter


def char_grams(text: str, size: int) -> list[str]:
    """Character n-grams of one size (texts shorter than `size` give themselves)."""
    text = text[:MAX_UNITS]
    if len(text) < size:
        return [text] if text else []
    return [text[i : i + size] for i in range(len(text) - size + 1)]


def word_grams(tokens: Sequence[str], size: int) -> list[str]:
    """Word n-grams (joined by a space) of one size."""
    words = list(tokens[:MAX_UNITS])
    if size == 1:
        return words
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


class HashedTfidf:
    """TF-IDF (sublinear tf, smoothed idf, L2 rows) over hashed n-grams of one kind.

    `kind` is "char" (input: strings) or "word" (input: token lists); `size` the n.
    """

    def __init__(self, *, kind: str, size: int, bits: int = 18) -> None:
        if kind not in ("char", "word"):
            raise ValueError(f"unknown n-gram kind {kind!r}")
        self.kind = kind
        self.size = size
        self.bits = bits
        analyzer: Callable[[Any], list[str]] = (
            (lambda text: char_grams(text, size))
            if kind == "char"
            else (lambda tokens: word_grams(tokens, size))
        )
        self._hasher = HashingVectorizer(
            analyzer=analyzer,
            n_features=2**bits,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        self.idf_: np.ndarray | None = None

    def counts(self, items: Sequence[Any]) -> sp.csr_matrix:
        """Raw n-gram counts, one row per item."""
        return self._hasher.transform(items)

    def fit(self, items: Sequence[Any]) -> Self:
        """Learn the idf weights (document frequency over `items`)."""
        matrix = self.counts(items)
        frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
        self.idf_ = (np.log((1 + matrix.shape[0]) / (1 + frequency)) + 1).astype(np.float32)
        return self

    def transform(self, items: Sequence[Any]) -> sp.csr_matrix:
        """TF-IDF rows (L2-normalised).

        Raises:
            RuntimeError: not fitted.
        """
        if self.idf_ is None:
            raise RuntimeError("HashedTfidf is not fitted")
        matrix = self.counts(items)
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1
        matrix.data *= self.idf_[matrix.indices]
        return normalize(matrix, copy=False)

    @property
    def name(self) -> str:
        return f"{self.kind}{self.size}"

    def to_meta(self) -> dict[str, Any]:
        return {"kind": self.kind, "size": self.size, "bits": self.bits}

    @classmethod
    def from_meta(cls, meta: dict[str, Any], idf: np.ndarray) -> Self:
        """Rebuild a fitted vectorizer from `to_meta()` and its idf array.

        Raises:
            ValueError: the idf length does not match the hashing size.
        """
        vectorizer = cls(kind=meta["kind"], size=int(meta["size"]), bits=int(meta["bits"]))
        if idf.shape != (2**vectorizer.bits,):
            raise ValueError(f"idf of {vectorizer.name} has shape {idf.shape}")
        vectorizer.idf_ = idf.astype(np.float32)
        return vectorizer
