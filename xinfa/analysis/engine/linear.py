"""A linear text classifier with probabilities, stored safely (modelio `.npz`).

Used by the emotion and sentiment tasks. Training: hashed TF-IDF features
(`features.TextFeaturizer`), a class-weighted linear SVM (liblinear, deterministic),
then a softmax temperature fitted on a held-out tenth so that the scores become
calibrated probabilities. Prediction is one sparse matrix product, so it is fast.

With `nb_scale=True` the SVM is an NB-SVM (Wang & Manning 2012): each one-vs-rest
SVM sees the features multiplied by that class's naive-Bayes log-count ratio r. Its
weights on the unscaled features are w * r, so the saved model and prediction are the
same single matrix product.

With `expert_share > 0` and in-domain rows marked at `fit`, an in-domain expert and a
domain gate are trained beside it (`expert.DomainExpert`); prediction is still one
matrix product, over the three models' weights side by side.
"""

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from sklearn.svm import LinearSVC

from xinfa.analysis.engine.datasets import DatasetError, load_text_dataset
from xinfa.analysis.engine.evaluation import EvalReport, classification_metrics
from xinfa.analysis.engine.expert import DomainExpert, can_train_expert
from xinfa.analysis.engine.features import (
    FeatureConfig,
    TextFeaturizer,
    preprocess_texts,
    preprocessing_source,
)
from xinfa.analysis.engine.modelio import load_model, save_model

# Weights are stored as float16: halves the file, no measurable accuracy change.
STORE_DTYPE = np.float16


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, numerically stable."""
    shifted: np.ndarray = scores - scores.max(axis=1, keepdims=True)
    np.exp(shifted, out=shifted)
    shifted /= shifted.sum(axis=1, keepdims=True)
    return shifted


def per_class_weights(coef: np.ndarray, intercept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(coef, intercept) with one row per class: a two-class linear model's single row
    (the second class's side) is mirrored into one row for each class."""
    if coef.shape[0] == 1:
        return np.vstack([-coef, coef]), np.r_[-intercept, intercept]
    return coef, intercept


class LinearTextClassifier:
    """Class-weighted linear SVM on hashed n-grams, with temperature-scaled softmax."""

    def __init__(
        self,
        *,
        features: FeatureConfig | None = None,
        c: float = 0.3,
        class_weight: str | dict[str, float] | None = "balanced",
        seed: int = 42,
        nb_scale: bool = False,
        expert_share: float = 0.0,
    ) -> None:
        self.features = features or FeatureConfig()
        self.c = c
        self.class_weight = class_weight
        self.seed = seed
        self.nb_scale = nb_scale
        self.expert_share = expert_share
        self.expert_: DomainExpert | None = None

    def _svm(self) -> LinearSVC:
        return LinearSVC(C=self.c, class_weight=self.class_weight, random_state=self.seed)

    def _fit_linear(
        self, matrix: sp.csr_matrix, y: np.ndarray, weight: np.ndarray
    ) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Fit the SVM; return (classes, coef (classes x features), intercept)."""
        if not self.nb_scale:
            svm = self._svm().fit(matrix, y, sample_weight=weight)
            classes = [str(label) for label in svm.classes_]
            return classes, *per_class_weights(svm.coef_, svm.intercept_)
        classes = sorted({str(label) for label in y.tolist()})
        coefs, biases = [], []
        for label in classes if len(classes) > 2 else classes[1:]:
            member = y == label
            ratio = nb_log_ratio(matrix, member)
            svm = self._svm().fit(matrix @ sp.diags(ratio), member, sample_weight=weight)
            coefs.append(svm.coef_.ravel() * ratio)
            biases.append(float(svm.intercept_[0]))
        return classes, *per_class_weights(np.vstack(coefs), np.asarray(biases))

    def _fit_weights(
        self, matrix: sp.csr_matrix, y: np.ndarray, weight: np.ndarray, in_domain: np.ndarray
    ) -> tuple[list[str], np.ndarray, np.ndarray, DomainExpert | None]:
        """Fit the general model and, when asked and possible, the in-domain expert.

        Returns (classes, coef (features x classes), intercept, expert or None).
        """
        classes, coef, bias = self._fit_linear(matrix, y, weight)
        coef = np.ascontiguousarray(coef.T, dtype=np.float32)
        if self.expert_share <= 0 or not can_train_expert(y, in_domain):
            return classes, coef, np.asarray(bias, dtype=np.float32), None
        _, expert_coef, expert_bias = self._fit_linear(
            matrix[in_domain], y[in_domain], weight[in_domain]
        )
        expert = DomainExpert.fit_gate(
            matrix,
            in_domain,
            coef=expert_coef.T,
            intercept=expert_bias,
            share=self.expert_share,
            c=self.c,
            seed=self.seed,
        )
        return classes, expert.bind(coef), np.asarray(bias, dtype=np.float32), expert

    def fit(
        self,
        texts: Sequence[str],
        tokens: Sequence[Sequence[str]],
        labels: Sequence[str],
        sample_weight: np.ndarray | None = None,
        in_domain: np.ndarray | None = None,
    ) -> Self:
        """Fit features, weights and the probability temperature.

        `in_domain` marks the rows the expert learns from (used when `expert_share > 0`
        and those rows hold every class while some rows lie outside them).

        Raises:
            ValueError: fewer than two classes, or inputs of different lengths.
        """
        y = np.asarray(labels)
        if len(set(y.tolist())) < 2:
            raise ValueError("need at least two classes to train")
        self.featurizer_ = TextFeaturizer(self.features).fit(texts, tokens)
        matrix = self.featurizer_.transform(texts, tokens)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        domain = np.zeros(len(y), bool) if in_domain is None else np.asarray(in_domain, bool)
        if len(domain) != len(y):
            raise ValueError("in_domain must mark every training row")
        self.temperature_ = self._fit_temperature(matrix, y, weight, domain)
        self.classes_, self.coef_, self.intercept_, self.expert_ = self._fit_weights(
            matrix, y, weight, domain
        )
        return self

    def _fit_temperature(
        self, matrix: sp.csr_matrix, y: np.ndarray, weight: np.ndarray, in_domain: np.ndarray
    ) -> float:
        """Fit the softmax scale on a stratified held-out tenth (minimum NLL)."""
        rng = np.random.default_rng(self.seed)
        held = np.zeros(len(y), dtype=bool)
        for label in np.unique(y):
            members = np.flatnonzero(y == label)
            take = max(1, len(members) // 10) if len(members) > 1 else 0
            held[rng.choice(members, size=take, replace=False)] = True
        classes, coef, bias, expert = self._fit_weights(
            matrix[~held], y[~held], weight[~held], in_domain[~held]
        )
        scores = _linear_scores(matrix[held], coef, bias, expert)
        gold = np.searchsorted(classes, y[held])

        def loss(scale: float) -> float:
            probabilities = softmax(scores * scale)
            return float(-np.log(probabilities[np.arange(len(gold)), gold] + 1e-12).mean())

        return float(minimize_scalar(loss, bounds=(0.05, 50.0), method="bounded").x)

    def scores(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> np.ndarray:
        """Return raw decision scores, shape (rows, classes)."""
        matrix = self.featurizer_.transform(texts, tokens)
        return _linear_scores(matrix, self.coef_, self.intercept_, self.expert_)

    def predict_proba(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> np.ndarray:
        """Return class probabilities, shape (rows, classes), columns in `classes_` order."""
        return softmax(self.scores(texts, tokens) * self.temperature_)

    def predict(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> list[str]:
        """Return the most probable class of every text."""
        best = self.scores(texts, tokens).argmax(axis=1)
        return [self.classes_[index] for index in best]

    def save(self, path: Path, *, kind: str, extra: dict[str, Any] | None = None) -> Path:
        """Write the model with `modelio.save_model` (no pickle)."""
        meta, arrays = self.featurizer_.to_arrays()
        meta.update(
            kind=kind,
            classes=self.classes_,
            temperature=self.temperature_,
            params={
                "c": self.c,
                "class_weight": self.class_weight,
                "seed": self.seed,
                "nb_scale": self.nb_scale,
                "expert_share": self.expert_share,
            },
            has_expert=self.expert_ is not None,
            **(extra or {}),
        )
        arrays = {
            "features_idf": arrays["features_idf"].astype(STORE_DTYPE),
            "coef": self.coef_.astype(STORE_DTYPE),
            "intercept": self.intercept_,
        }
        if self.expert_ is not None:
            arrays |= self.expert_.to_arrays()
        return save_model(path, meta=meta, arrays=arrays)

    @classmethod
    def load(cls, path: Path, *, kind: str) -> tuple[Self, dict[str, Any]]:
        """Read a model written by `save`; returns (classifier, metadata).

        Raises:
            xinfa.analysis.engine.modelio.ModelFileError: missing, corrupt or wrong kind.
        """
        meta, arrays = load_model(path, kind=kind)
        params = meta.get("params", {})
        model = cls(
            features=FeatureConfig.from_dict(meta["features"]),
            c=params.get("c", 0.3),
            class_weight=params.get("class_weight"),
            seed=params.get("seed", 42),
            nb_scale=params.get("nb_scale", False),
            expert_share=params.get("expert_share", 0.0),
        )
        model.featurizer_ = TextFeaturizer.from_arrays(meta, arrays)
        model.classes_ = list(meta["classes"])
        model.temperature_ = float(meta["temperature"])
        model.intercept_ = np.asarray(arrays["intercept"], dtype=np.float32)
        model.expert_ = DomainExpert.from_arrays(arrays, share=model.expert_share)
        if model.expert_ is None:
            model.coef_ = np.ascontiguousarray(arrays["coef"], dtype=np.float32)
        else:
            model.coef_ = model.expert_.bind(arrays["coef"])
        return model, meta


def _linear_scores(
    matrix: sp.csr_matrix, coef: np.ndarray, bias: np.ndarray, expert: DomainExpert | None
) -> np.ndarray:
    """Decision scores (rows x classes) of the general model, blended with the expert's."""
    if expert is None:
        scores: np.ndarray = np.asarray(matrix @ coef) + bias
        return scores
    return expert.scores(matrix, bias)


def path_names(marker: str) -> Callable[[Path], bool]:
    """Return a test for `train_task`'s `in_domain`: does a file's path name `marker`?"""

    def names(path: Path) -> bool:
        return marker.lower() in str(path).lower()

    return names


def path_weight(marker: str, weight: float) -> Callable[[Path], float]:
    """Return a `file_weight` for `train_task`: files whose path names `marker` weigh `weight`."""
    names = path_names(marker)

    def file_weight(path: Path) -> float:
        return weight if names(path) else 1.0

    return file_weight


def nb_log_ratio(matrix: sp.csr_matrix, member: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Naive-Bayes log-count ratio of every feature: members vs the rest (smoothed)."""
    inside = np.asarray(matrix[member].sum(axis=0)).ravel() + alpha
    outside = np.asarray(matrix[~member].sum(axis=0)).ravel() + alpha
    ratio: np.ndarray = np.log((inside / inside.sum()) / (outside / outside.sum()))
    return ratio.astype(np.float32)


def load_labelled(
    paths: Sequence[Path], *, label_map: Mapping[str, str | None], labels: Sequence[str]
) -> tuple[list[str], list[str], dict[str, int]]:
    """Read and concatenate `text,label` files, mapping dataset label names.

    Raises:
        DatasetError: a file is unreadable or holds a label that is neither mapped nor allowed.
    """
    texts: list[str] = []
    gold: list[str] = []
    counts: dict[str, int] = {}
    for path in paths:
        dataset = load_text_dataset(Path(path), label_map=label_map, allowed_labels=labels)
        texts += dataset.texts
        gold += dataset.labels
        key = str(path)
        while key in counts:  # the same file given twice keeps both entries
            key += "+"
        counts[key] = len(dataset.texts)
    return texts, gold, counts


def train_task(
    *,
    kind: str,
    data: Sequence[Path],
    dev: Path | None,
    out: Path,
    seed: int,
    model: LinearTextClassifier,
    label_map: Mapping[str, str | None],
    labels: Sequence[str],
    source_balance: float = 0.0,
    file_weight: Callable[[Path], float] | None = None,
    in_domain: Callable[[Path], bool] | None = None,
) -> dict[str, Any]:
    """Train `model` on the data files, score it on `dev`, save it; return a summary.

    With `source_balance` p > 0 each row of a file with n rows weighs (mean n / n) ** p,
    so a small in-domain file is not drowned by a large general one. `file_weight`
    multiplies the weight of every row of a file (e.g. up-weights in-domain data).
    `in_domain` picks the files whose rows train the model's in-domain expert.

    Raises:
        DatasetError: a data file is unusable, or fewer than two labels remain.
    """
    started = time.perf_counter()
    texts, gold, counts = load_labelled(data, label_map=label_map, labels=labels)
    sizes = list(counts.values())
    factors = [file_weight(Path(path)) if file_weight else 1.0 for path in data]
    weight = np.concatenate(
        [
            np.full(n, factor * (np.mean(sizes) / n) ** source_balance)
            for n, factor in zip(sizes, factors, strict=True)
        ]
    )
    inside = [bool(in_domain and in_domain(Path(path))) for path in data]
    domain = np.concatenate([np.full(n, i) for n, i in zip(sizes, inside, strict=True)])
    domain_files = [str(path) for path, i in zip(data, inside, strict=True) if i]
    dropped = 0
    if dev is not None:
        # A dev text seen in training would inflate the dev score: drop exact copies.
        held = set(load_labelled([dev], label_map=label_map, labels=labels)[0])
        keep = np.array([text not in held for text in texts], dtype=bool)
        dropped = int((~keep).sum())
        texts = [text for text, kept in zip(texts, keep, strict=True) if kept]
        gold = [label for label, kept in zip(gold, keep, strict=True) if kept]
        weight = weight[keep]
        domain = domain[keep]
    if len(set(gold)) < 2:
        raise DatasetError(f"need at least two labels to train; found {sorted(set(gold))}")
    norm, tokens = preprocess_texts(texts)
    model.fit(norm, tokens, gold, sample_weight=weight, in_domain=domain)
    summary: dict[str, Any] = {
        "task": kind,
        "examples": len(texts),
        "files": counts,
        "label_counts": dict(sorted(Counter(gold).items())),
        "dropped_dev_duplicates": dropped,
        "preprocessing": preprocessing_source(),
        "seed": seed,
        "source_balance": source_balance,
        "file_weights": dict(zip(counts, factors, strict=True)),
        "in_domain_files": domain_files,
        "expert": model.expert_ is not None,
    }
    path = model.save(out, kind=kind, extra={"training": summary})
    summary["out"] = str(path)
    summary["model_bytes"] = path.stat().st_size
    summary["train_seconds"] = round(time.perf_counter() - started, 1)
    if dev is not None:
        report = evaluate_task(kind=kind, data=dev, model=path, label_map=label_map, labels=labels)
        summary["dev"] = {"accuracy": report.accuracy, "macro_f1": report.macro_f1}
    return summary


def evaluate_task(
    *,
    kind: str,
    data: Path,
    model: Path,
    label_map: Mapping[str, str | None],
    labels: Sequence[str],
) -> EvalReport:
    """Score a saved model on a labelled file (preprocessing included in the speed).

    Raises:
        DatasetError: the data file is unusable.
        ModelFileError: the model file is missing or of another kind.
    """
    classifier, _meta = LinearTextClassifier.load(model, kind=kind)
    texts, gold, _counts = load_labelled([data], label_map=label_map, labels=labels)
    preprocess_texts(texts[:1])  # load the segmenter's dictionary outside the timing
    started = time.perf_counter()
    norm, tokens = preprocess_texts(texts)
    predicted = classifier.predict(norm, tokens)
    elapsed = max(time.perf_counter() - started, 1e-9)
    accuracy, macro_f1, per_class = classification_metrics(gold, predicted)
    return EvalReport(
        task=kind,
        data=str(data),
        model=str(model),
        examples=len(gold),
        accuracy=accuracy,
        macro_f1=macro_f1,
        per_class=per_class,
        texts_per_second=len(gold) / elapsed,
    )
