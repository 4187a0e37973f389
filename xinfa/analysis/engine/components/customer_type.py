"""Customer type (要求型 / 困惑型 / 激动型 / 其他) from the turn's text and its emotion.

Service doctrine sorts customers into requesting (wants information about products and
services: give enough of it), confused (unclear or has misunderstood: explain clearly and
patiently) and agitated (upset and demanding: acknowledge feelings first, then explain);
turns that are none of these (greetings, thanks, "好的", giving a number when asked) are
`other`.

Model: hashed char + word TF-IDF (`features.TextFeaturizer`) into a multinomial logistic
regression (the text model). A model trained with emotion features adds a small second
logistic regression (the stacker) over the text model's log-probabilities plus the
`emotion.linear.v1` probabilities and intensity; it is fitted on out-of-fold text
probabilities, so it learns how far to trust each source.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Self

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.features import FeatureConfig, TextFeaturizer
from xinfa.analysis.engine.modelio import ModelFileError, load_model, save_model
from xinfa.analysis.engine.registry import component

LABELS: tuple[str, ...] = ("requesting", "confused", "agitated", "other")
EMOTION_LABELS: tuple[str, ...] = ("neutral", "happy", "angry", "fear", "sad", "surprise")
# Emotion block fed to the stacker: the six probabilities, then intensity.
EMOTION_WIDTH = len(EMOTION_LABELS) + 1
MODEL_KIND = "customer_type"
MODEL_FILE = "customer_type.v1.npz"
# The emotion model's n-gram hashing settings: in the turn pipeline each batch is then hashed
# once and the counts reused (features._LAST_BLOCKS), as sentiment does.
SHARED_FEATURES = FeatureConfig(char_bits=20, word_bits=19, strip_mentions=True)
# Far beyond any real turn: such input is a pasted document, not something to coach on.
MAX_TURN_CHARS = 20_000
# Fixed answer for turns with nothing to read (empty, only emoji, punctuation or emoticons).
NO_TEXT_PROBABILITIES: Mapping[str, float] = MappingProxyType(
    {"requesting": 0.15, "confused": 0.15, "agitated": 0.15, "other": 0.55}
)
_EMOTICON_RE = re.compile(r"\[[^\[\]\s]{1,6}\]")
_CONTENT_RE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Coaching:
    """How the agent should serve one customer type (Chinese display name and hint)."""

    display: str
    hint: str


COACHING: Mapping[str, Coaching] = MappingProxyType(
    {
        "requesting": Coaching(
            "要求型",
            "提供完整、准确的信息与可选方案，说明费用、期限和风险，最后确认是否还有其他需要。",
        ),
        "confused": Coaching(
            "困惑型",
            "先复述确认客户的疑问，用通俗语言分步骤解释，少用术语，讲完确认客户已经理解。",
        ),
        "agitated": Coaching(
            "激动型",
            "先安抚情绪、表达理解，不打断不争辩，照顾客户自尊；情绪平稳后再解释并给出处理时限。",
        ),
        "other": Coaching("其他", "礼貌回应，保持倾听，适时询问还有什么可以帮到客户。"),
    }
)


@dataclass(frozen=True)
class CustomerTypeResult:
    """The customer type of one turn, with the coaching hint for the agent."""

    label: str
    probabilities: Mapping[str, float]
    confidence: float
    display: str
    hint: str
    # "" when the model read the text; "no_text" / "too_long" when the fixed answer was used.
    reason: str = ""

    @classmethod
    def from_probabilities(cls, probabilities: Mapping[str, float], reason: str = "") -> Self:
        label = max(LABELS, key=lambda name: probabilities[name])
        coaching = COACHING[label]
        return cls(
            label=label,
            probabilities=dict(probabilities),
            confidence=float(probabilities[label]),
            display=coaching.display,
            hint=coaching.hint,
            reason=reason,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "probabilities": {name: round(self.probabilities[name], 4) for name in LABELS},
            "confidence": round(self.confidence, 4),
            "display": self.display,
            "hint": self.hint,
            "reason": self.reason,
        }


def emotion_vector(value: Any) -> np.ndarray | None:
    """Turn an `emotion` annotation (dict or result object) into the stacker's input block.

    Returns None when the annotation is missing or has no probabilities.
    """
    data = value.to_dict() if hasattr(value, "to_dict") else value
    if not isinstance(data, Mapping):
        return None
    probabilities = data.get("probabilities")
    if not isinstance(probabilities, Mapping) or not probabilities:
        return None
    row = [float(probabilities.get(name, 0.0)) for name in EMOTION_LABELS]
    row.append(float(data.get("intensity", 0.0) or 0.0))
    return np.asarray(row, dtype=np.float64)


def unreadable_reason(norm_text: str) -> str:
    """Say why a turn gets the fixed answer ("" when the model should read it)."""
    if len(norm_text) > MAX_TURN_CHARS:
        return "too_long"
    if not _CONTENT_RE.search(_EMOTICON_RE.sub("", norm_text)):
        return "no_text"
    return ""


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted: np.ndarray = scores - scores.max(axis=1, keepdims=True)
    exp: np.ndarray = np.exp(shifted)
    probabilities: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return probabilities


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    shifted: np.ndarray = scores - scores.max(axis=1, keepdims=True)
    log_proba: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return log_proba


class CustomerTypeModel:
    """Text logistic regression, optionally stacked with the emotion probabilities."""

    meta_: dict[str, Any]  # set by `load`: the metadata the model file was saved with

    def __init__(
        self,
        *,
        c: float = 10.0,
        stack_c: float = 1.0,
        use_emotion: bool = True,
        folds: int = 5,
        seed: int = 42,
        feature_config: FeatureConfig | None = None,
    ) -> None:
        self.c = c
        self.stack_c = stack_c
        self.use_emotion = use_emotion
        self.folds = folds
        self.seed = seed
        self.feature_config = feature_config or SHARED_FEATURES

    @property
    def uses_emotion(self) -> bool:
        """True when the fitted model has a stacker over the emotion features."""
        return getattr(self, "stack_coef_", None) is not None

    def _fit_text(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]], labels: np.ndarray
    ) -> tuple[TextFeaturizer, np.ndarray, np.ndarray]:
        featurizer = TextFeaturizer(self.feature_config).fit(texts, tokens)
        matrix = featurizer.transform(texts, tokens)
        # Only hashed columns seen in training can get a non-zero weight under L2, so fit on
        # those: the same solution, tens of times faster than over the full hash space.
        columns = np.unique(matrix.indices)
        classifier = LogisticRegression(C=self.c, max_iter=3000, random_state=self.seed)
        # BLAS threads fight over a shared machine and slow lbfgs down by an order of magnitude.
        with threadpool_limits(limits=1):
            classifier.fit(matrix[:, columns], labels)
        order = [list(classifier.classes_).index(name) for name in LABELS]
        coef = np.zeros((featurizer.n_features, len(LABELS)), dtype=np.float32)
        coef[columns] = classifier.coef_[order].T
        return featurizer, coef, classifier.intercept_[order]

    def fit(
        self,
        texts: Sequence[str],
        tokens: Sequence[Sequence[str]],
        labels: Sequence[str],
        emotion: np.ndarray | None = None,
    ) -> Self:
        """Fit the text model and, given emotion rows and `use_emotion`, the stacker.

        Raises:
            ValueError: unknown labels, fewer than two classes, or mismatched lengths.
        """
        y = np.asarray(labels)
        unknown = sorted(set(y) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown customer type label(s): {', '.join(unknown)}")
        present = sorted(set(y))
        if len(present) != len(LABELS):
            missing = ", ".join(name for name in LABELS if name not in present)
            raise ValueError(f"training data needs every customer type; missing: {missing}")
        if len(texts) != len(y) or len(tokens) != len(y):
            raise ValueError("texts, tokens and labels must have the same length")
        self.featurizer_, self.coef_, self.intercept_ = self._fit_text(texts, tokens, y)
        self.stack_coef_: np.ndarray | None = None
        self.stack_intercept_: np.ndarray | None = None
        if self.use_emotion and emotion is not None:
            if emotion.shape != (len(y), EMOTION_WIDTH):
                raise ValueError(f"emotion rows must have shape ({len(y)}, {EMOTION_WIDTH})")
            stack_input = np.hstack([self._out_of_fold_log_proba(texts, tokens, y), emotion])
            stacker = LogisticRegression(C=self.stack_c, max_iter=3000, random_state=self.seed)
            with threadpool_limits(limits=1):
                stacker.fit(stack_input, y)
            order = [list(stacker.classes_).index(name) for name in LABELS]
            self.stack_coef_ = stacker.coef_[order].T
            self.stack_intercept_ = stacker.intercept_[order]
        return self

    def _out_of_fold_log_proba(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]], y: np.ndarray
    ) -> np.ndarray:
        smallest = int(min(np.unique(y, return_counts=True)[1]))
        splitter = StratifiedKFold(min(self.folds, smallest), shuffle=True, random_state=self.seed)
        result = np.zeros((len(y), len(LABELS)))
        for train_rows, test_rows in splitter.split(np.zeros(len(y)), y):
            featurizer, coef, intercept = self._fit_text(
                [texts[i] for i in train_rows], [tokens[i] for i in train_rows], y[train_rows]
            )
            matrix = featurizer.transform(
                [texts[i] for i in test_rows], [tokens[i] for i in test_rows]
            )
            result[test_rows] = _log_softmax(matrix @ coef + intercept)
        return result

    def text_log_proba(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> np.ndarray:
        """Log-probabilities of the text model alone, columns in `LABELS` order."""
        matrix = self.featurizer_.transform(texts, tokens)
        return _log_softmax(np.asarray(matrix @ self.coef_, dtype=np.float64) + self.intercept_)

    def predict_proba(
        self,
        texts: Sequence[str],
        tokens: Sequence[Sequence[str]],
        emotion: np.ndarray | None = None,
    ) -> np.ndarray:
        """Class probabilities (columns in `LABELS` order).

        Rows of `emotion` that are NaN (no emotion result) fall back to the text model.
        """
        log_proba = self.text_log_proba(texts, tokens)
        probabilities: np.ndarray = np.exp(log_proba)
        if self.stack_coef_ is None or emotion is None:
            return probabilities
        known = ~np.isnan(emotion).any(axis=1)
        if known.any():
            stack_input = np.hstack([log_proba[known], emotion[known]])
            probabilities[known] = _softmax(stack_input @ self.stack_coef_ + self.stack_intercept_)
        return probabilities

    def save(self, path: Path, *, summary: Mapping[str, Any] | None = None) -> Path:
        """Write the fitted model as one safe `.npz` file (no pickle)."""
        featurizer_meta, arrays = self.featurizer_.to_arrays()
        used = np.flatnonzero(np.any(self.coef_ != 0, axis=1)).astype(np.int32)
        arrays |= {
            "coef_rows": used,
            "coef_values": self.coef_[used],
            "intercept": self.intercept_,
        }
        if self.stack_coef_ is not None and self.stack_intercept_ is not None:
            arrays |= {"stack_coef": self.stack_coef_, "stack_intercept": self.stack_intercept_}
        meta = {
            "kind": MODEL_KIND,
            "labels": list(LABELS),
            "emotion_labels": list(EMOTION_LABELS),
            "params": {"c": self.c, "stack_c": self.stack_c, "folds": self.folds},
            "uses_emotion": self.uses_emotion,
            "summary": dict(summary or {}),
            **featurizer_meta,
        }
        return save_model(path, meta=meta, arrays=arrays)

    @classmethod
    def load(cls, path: Path) -> Self:
        """Read a model written by `save`.

        Raises:
            ModelFileError: missing, unreadable or not a customer-type model.
        """
        meta, arrays = load_model(path, kind=MODEL_KIND)
        if meta.get("labels") != list(LABELS):
            raise ModelFileError(f"{path}: labels {meta.get('labels')} differ from {LABELS}")
        try:
            params = meta["params"]
            model = cls(c=params["c"], stack_c=params["stack_c"], folds=params["folds"])
            model.featurizer_ = TextFeaturizer.from_arrays(meta, arrays)
            coef = np.zeros((model.featurizer_.n_features, len(LABELS)), dtype=np.float32)
            coef[arrays["coef_rows"]] = arrays["coef_values"]
            model.coef_ = coef
            model.intercept_ = arrays["intercept"].astype(np.float64)
            model.stack_coef_ = arrays.get("stack_coef")
            model.stack_intercept_ = arrays.get("stack_intercept")
        except (KeyError, ValueError, IndexError) as exc:
            raise ModelFileError(f"{path}: incomplete customer-type model ({exc})") from exc
        model.meta_ = meta
        return model


@component(
    "customer_type.linear",
    version=1,
    requires=("norm_text", "tokens", "emotion"),
    assigns=("customer_type",),
)
class LinearCustomerType:
    """Classify the customer type of a turn and attach the matching coaching hint."""

    def __init__(self, model: CustomerTypeModel) -> None:
        self.model = model

    @classmethod
    def create(cls, *, model_dir: Path) -> Self:
        """Load the shipped model from `model_dir`.

        Raises:
            ModelFileError: the model file is missing or invalid.
        """
        return cls(CustomerTypeModel.load(Path(model_dir) / MODEL_FILE))

    def __call__(self, doc: Doc) -> Doc:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Doc]) -> list[Doc]:
        """Classify a batch in one matrix product; unreadable turns get the fixed answer."""
        reasons = [unreadable_reason(doc.norm_text) for doc in docs]
        readable = [doc for doc, reason in zip(docs, reasons, strict=True) if not reason]
        rows = self._probabilities(readable) if readable else np.zeros((0, len(LABELS)))
        row_of = iter(rows)
        for doc, reason in zip(docs, reasons, strict=True):
            if reason:
                result = CustomerTypeResult.from_probabilities(NO_TEXT_PROBABILITIES, reason)
            else:
                row = next(row_of)
                result = CustomerTypeResult.from_probabilities(
                    {name: float(row[i]) for i, name in enumerate(LABELS)}
                )
            doc.annotations["customer_type"] = result
        return docs

    def _probabilities(self, docs: list[Doc]) -> np.ndarray:
        emotion = None
        if self.model.uses_emotion:
            emotion = np.full((len(docs), EMOTION_WIDTH), np.nan)
            for index, doc in enumerate(docs):
                vector = emotion_vector(doc.annotations.get("emotion"))
                if vector is not None:
                    emotion[index] = vector
        return self.model.predict_proba(
            [doc.norm_text for doc in docs], [doc.tokens for doc in docs], emotion
        )
