"""Which training source does a pair look like? A feature that lets one threshold serve all.

Paraphrase rates differ by source (bank FAQ logs ≈ 50 % positive, Alipay logs ≈ 31 %).
A logistic regression over the pair's character and word TF-IDF (both sides summed, so
it is symmetric) predicts the source; its probabilities become booster features, so the
booster can shift its prior by domain without a per-dataset threshold.
"""

from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from xinfa.analysis.engine.components.matching.pairs import Side

BLOCKS = ("char1", "word1")


def _design(left: Side, right: Side) -> sp.csr_matrix:
    return sp.hstack(
        [left.vectors[name] + right.vectors[name] for name in BLOCKS], format="csr"
    ).astype(np.float32)


class SourceModel:
    """Predict P(source | pair); with one source it yields no features at all."""

    def __init__(self, *, c: float = 1.0, seed: int = 42) -> None:
        self.c = c
        self.seed = seed
        self.sources_ = 1
        self.coef_ = np.zeros((0, 0), np.float32)
        self.intercept_ = np.zeros(0, np.float32)

    @property
    def width(self) -> int:
        """Number of feature columns produced (0 for a single source)."""
        return 0 if self.sources_ < 2 else (1 if self.sources_ == 2 else self.sources_)

    def _regression(self) -> LogisticRegression:
        return LogisticRegression(C=self.c, solver="liblinear", random_state=self.seed)

    def fit_out_of_fold(
        self, left: Side, right: Side, sources: Sequence[int], folds: int
    ) -> np.ndarray:
        """Fit on every pair; return out-of-fold features for the training pairs."""
        labels = np.asarray(sources, dtype=np.int64)
        self.sources_ = int(labels.max()) + 1 if len(labels) else 1
        if self.width == 0:
            return np.zeros((len(labels), 0), np.float32)
        design = _design(left, right)
        features = np.zeros((len(labels), self.width), np.float32)
        splits = max(2, min(folds, int(np.bincount(labels).min())))
        splitter = StratifiedKFold(n_splits=splits, shuffle=True, random_state=self.seed)
        for train_rows, test_rows in splitter.split(np.zeros(len(labels)), labels):
            model = self._regression().fit(design[train_rows], labels[train_rows])
            features[test_rows] = self._columns(model.predict_proba(design[test_rows]))
        model = self._regression().fit(design, labels)
        self.coef_ = model.coef_.astype(np.float32)
        self.intercept_ = model.intercept_.astype(np.float32)
        return features

    def _columns(self, probabilities: np.ndarray) -> np.ndarray:
        return probabilities[:, 1:2] if self.sources_ == 2 else probabilities

    def transform(self, left: Side, right: Side) -> np.ndarray:
        """(pairs x width) source probabilities, the way liblinear's OvR computes them."""
        if self.width == 0:
            return np.zeros((len(left.texts), 0), np.float32)
        logits = np.asarray(_design(left, right) @ self.coef_.T) + self.intercept_
        positive: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        if self.sources_ == 2:
            return positive.astype(np.float32)
        shares: np.ndarray = positive / positive.sum(axis=1, keepdims=True)
        return shares.astype(np.float32)

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return (
            {"sources": self.sources_, "c": self.c},
            {"source_coef": self.coef_, "source_intercept": self.intercept_},
        )

    @classmethod
    def from_arrays(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Self:
        model = cls(c=float(meta.get("c", 1.0)))
        model.sources_ = int(meta.get("sources", 1))
        model.coef_ = arrays["source_coef"].astype(np.float32)
        model.intercept_ = arrays["source_intercept"].astype(np.float32)
        return model
