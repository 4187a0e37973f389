"""An in-domain expert beside a general linear model, weighed in by a domain gate.

A general model trained on every row serves any text; a small in-domain set (say a
bank's own feedback, or the review set a benchmark scores) is drowned in it. The expert
is the same kind of linear model trained on the in-domain rows alone, and the gate a
linear in-domain-vs-rest classifier. For each text

    a = share * sigmoid(GATE_SHARPNESS * gate score)
    scores = (1 - a) * general scores + a * expert scores

so in-domain texts lean on the expert and other texts keep the general model's answer.
All three are linear over the same features, so prediction stays one matrix product.
"""

from dataclasses import dataclass, field
from typing import Self

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.svm import LinearSVC

# How sharply the gate's margin becomes a weight: a margin of 1 gives 0.95 of `share`.
GATE_SHARPNESS = 3.0
STORE_DTYPE = np.float16


@dataclass
class DomainExpert:
    """The expert's weights, the gate's weights and the expert's largest share."""

    coef: np.ndarray  # (features, classes), float32
    intercept: np.ndarray  # (classes,)
    gate_coef: np.ndarray  # (features,), float32
    gate_intercept: float
    share: float
    # All weights side by side, set by `bind`: one matrix product scores all three models.
    stacked: np.ndarray | None = field(default=None, repr=False, compare=False)
    stacked_bias: np.ndarray | None = field(default=None, repr=False, compare=False)

    @classmethod
    def fit_gate(
        cls,
        matrix: sp.csr_matrix,
        in_domain: np.ndarray,
        *,
        coef: np.ndarray,
        intercept: np.ndarray,
        share: float,
        c: float,
        seed: int,
    ) -> Self:
        """Fit the gate (in-domain rows vs the rest) beside an expert already fitted."""
        gate = LinearSVC(C=c, class_weight="balanced", random_state=seed)
        gate.fit(matrix, in_domain)
        return cls(
            coef=np.ascontiguousarray(coef, dtype=np.float32),
            intercept=np.asarray(intercept, dtype=np.float32),
            gate_coef=gate.coef_.ravel().astype(np.float32),
            gate_intercept=float(gate.intercept_[0]),
            share=share,
        )

    def expert_weight(self, gate_scores: np.ndarray) -> np.ndarray:
        """The expert's weight per row, 0 to `share`."""
        weight: np.ndarray = self.share * expit(GATE_SHARPNESS * gate_scores)
        return weight

    def combine(
        self, general: np.ndarray, expert: np.ndarray, gate_scores: np.ndarray
    ) -> np.ndarray:
        """Blend general and expert scores (rows x classes) by the gate."""
        weight = self.expert_weight(gate_scores)[:, None]
        blended: np.ndarray = (1.0 - weight) * general + weight * expert
        return blended

    def bind(self, general: np.ndarray) -> np.ndarray:
        """Lay the general, expert and gate weights side by side in one float32 array and
        return the general weights as a view of it, so every weight is held once."""
        classes = general.shape[1]
        stacked = np.empty((general.shape[0], 2 * classes + 1), dtype=np.float32)
        stacked[:, :classes] = general
        stacked[:, classes : 2 * classes] = self.coef
        stacked[:, 2 * classes] = self.gate_coef
        self.coef, self.gate_coef = stacked[:, classes : 2 * classes], stacked[:, 2 * classes]
        self.stacked = stacked
        self.stacked_bias = np.r_[np.zeros(classes), self.intercept, self.gate_intercept].astype(
            np.float32
        )
        return stacked[:, :classes]

    def scores(self, matrix: sp.csr_matrix, general_bias: np.ndarray) -> np.ndarray:
        """Blended decision scores (rows x classes); needs `bind` first."""
        if self.stacked is None or self.stacked_bias is None:
            raise RuntimeError("DomainExpert.bind must be called before scoring")
        classes = len(general_bias)
        raw = np.asarray(matrix @ self.stacked) + self.stacked_bias
        general = raw[:, :classes] + general_bias
        return self.combine(general, raw[:, classes : 2 * classes], raw[:, 2 * classes])

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "expert_coef": self.coef.astype(STORE_DTYPE),
            "expert_intercept": self.intercept,
            "gate_coef": self.gate_coef.astype(STORE_DTYPE),
            "gate_intercept": np.asarray([self.gate_intercept], dtype=np.float32),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], *, share: float) -> Self | None:
        """Rebuild the expert stored by `to_arrays`; None when the file has none."""
        if "expert_coef" not in arrays:
            return None
        return cls(
            coef=arrays["expert_coef"],  # converted to float32 once, by `bind`
            intercept=np.asarray(arrays["expert_intercept"], dtype=np.float32),
            gate_coef=arrays["gate_coef"],
            gate_intercept=float(arrays["gate_intercept"][0]),
            share=share,
        )


def can_train_expert(labels: np.ndarray, in_domain: np.ndarray) -> bool:
    """An expert needs in-domain rows of every class and some rows outside the domain."""
    inside = set(labels[in_domain].tolist())
    return bool(in_domain.any() and (~in_domain).any() and inside == set(labels.tolist()))
