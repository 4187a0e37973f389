"""Logistic regressions over the sparse pair design: one on every pair, one per source.

A regression fitted on one source learns that source's notion of "same question"
(bank FAQ logs and Alipay logs disagree on which word differences matter); the booster
weighs them with the source probabilities. Training-time outputs are out-of-fold: a
pair's score never comes from a model that saw that pair.
"""

from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold


class PairRegressions:
    """r = 1 (single source) or 1 + sources logistic regressions sharing one design."""

    def __init__(self, *, c: float = 1.0, folds: int = 3, seed: int = 42) -> None:
        self.c = c
        self.folds = folds
        self.seed = seed

    def _model(self) -> LogisticRegression:
        return LogisticRegression(C=self.c, solver="liblinear", max_iter=1000)

    def _out_of_fold(
        self, design: sp.csr_matrix, gold: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, LogisticRegression]:
        """Out-of-fold scores for `rows`, and the model fitted on all of them."""
        scores = np.zeros(len(rows))
        splits = max(2, min(self.folds, int(np.bincount(gold[rows], minlength=2).min())))
        splitter = StratifiedKFold(n_splits=splits, shuffle=True, random_state=self.seed)
        for train, test in splitter.split(np.zeros(len(rows)), gold[rows]):
            model = self._model().fit(design[rows[train]], gold[rows[train]])
            scores[test] = model.predict_proba(design[rows[test]])[:, 1]
        return scores, self._model().fit(design[rows], gold[rows])

    def fit_out_of_fold(
        self, design: sp.csr_matrix, gold: np.ndarray, sources: Sequence[int]
    ) -> np.ndarray:
        """Fit every regression; return (pairs x r) out-of-fold training scores."""
        source = np.asarray(sources, dtype=np.int64)
        groups = [np.arange(len(gold))]
        if source.max(initial=0) > 0:
            groups += [np.flatnonzero(source == s) for s in range(int(source.max()) + 1)]
        features = np.zeros((len(gold), len(groups)), np.float32)
        weights, intercepts = [], []
        for column, rows in enumerate(groups):
            if len(set(gold[rows].tolist())) < 2:
                raise ValueError(f"source {column - 1} has pairs of one label only")
            scores, model = self._out_of_fold(design, gold, rows)
            features[rows, column] = scores
            others = np.setdiff1d(np.arange(len(gold)), rows, assume_unique=True)
            if len(others):
                features[others, column] = model.predict_proba(design[others])[:, 1]
            weights.append(model.coef_.ravel().astype(np.float32))
            intercepts.append(float(model.intercept_[0]))
        self.weights_ = np.column_stack(weights)
        self.intercepts_ = np.asarray(intercepts, np.float32)
        return features

    @property
    def width(self) -> int:
        """Number of design columns the weights expect."""
        return int(self.weights_.shape[0])

    def transform(self, design: sp.csr_matrix) -> np.ndarray:
        """(pairs x r) probabilities."""
        logits = np.asarray(design @ self.weights_) + self.intercepts_
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Sparse storage: only non-zero weights are written."""
        rows, columns = np.nonzero(self.weights_)
        return (
            {"c": self.c, "folds": self.folds, "width": self.width, "count": len(self.intercepts_)},
            {
                "lr_feature": rows.astype(np.int32),
                "lr_model": columns.astype(np.int8),
                "lr_value": self.weights_[rows, columns],
                "lr_intercept": self.intercepts_,
            },
        )

    @classmethod
    def from_arrays(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Self:
        regressions = cls(c=float(meta["c"]), folds=int(meta["folds"]))
        weights = np.zeros((int(meta["width"]), int(meta["count"])), np.float32)
        weights[arrays["lr_feature"], arrays["lr_model"].astype(np.int64)] = arrays["lr_value"]
        regressions.weights_ = weights
        regressions.intercepts_ = arrays["lr_intercept"].astype(np.float32)
        return regressions
