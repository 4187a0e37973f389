"""Customer emotion per turn (`emotion.linear.v1`) and the trend over a conversation."""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import numpy as np

from xinfa.analysis.engine.components.normalize import without_placeholders
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.linear import LinearTextClassifier
from xinfa.analysis.engine.registry import component
from xinfa.analysis.engine.tasks.emotion import KIND, LABELS, MODEL_FILE

NEGATIVE = ("angry", "fear", "sad")
# Weibo-style emoticons that signal strong feeling, positive or negative.
STRONG_EMOTICONS = frozenset(
    [
        "[怒]",
        "[抓狂]",
        "[哼]",
        "[鄙视]",
        "[怒骂]",
        "[泪]",
        "[悲伤]",
        "[吃惊]",
        "[衰]",
        "[生病]",
        "[委屈]",
        "[哈哈]",
        "[心]",
    ]
)
EMPTY_CONFIDENCE = 1 / len(LABELS)


@dataclass(frozen=True)
class EmotionResult:
    """Emotion of one turn: label, all six probabilities, intensity 0-1, confidence."""

    label: str
    probabilities: dict[str, float]
    intensity: float
    confidence: float

    @property
    def negativity(self) -> float:
        """Probability mass of the negative emotions (angry, fear, sad)."""
        return sum(self.probabilities.get(name, 0.0) for name in NEGATIVE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "probabilities": dict(self.probabilities),
            "intensity": self.intensity,
            "confidence": self.confidence,
        }


EMPTY_RESULT = EmotionResult(
    label="neutral",
    probabilities={name: round(1 / len(LABELS), 4) for name in LABELS},
    intensity=0.0,
    confidence=round(EMPTY_CONFIDENCE, 4),
)


def has_content(text: str) -> bool:
    """True if the text holds a letter or digit (not only emoji, punctuation, spaces or an
    attachment placeholder such as [图片], which the models never saw in training)."""
    return any(unicodedata.category(char)[0] in "LN" for char in without_placeholders(text[:4000]))


def signal_strength(text: str) -> float:
    """Score 0-0.5 from exclamation marks, repeated ?/!, and strong emoticons."""
    score = 0.0
    exclaims = text.count("!") + text.count("！")
    score += min(exclaims, 3) * 0.1
    if "?!" in text or "!?" in text or "？！" in text or "！？" in text:
        score += 0.1
    if "??" in text or "？？" in text:
        score += 0.05
    emoticons = sum(text.count(code) for code in STRONG_EMOTICONS) if "[" in text else 0
    score += min(emoticons, 2) * 0.1
    return min(score, 0.5)


def build_result(probabilities: np.ndarray, classes: Sequence[str], doc: Doc) -> EmotionResult:
    """Turn one row of class probabilities into an `EmotionResult` for `doc`."""
    by_label = {name: 0.0 for name in LABELS}
    for name, value in zip(classes, probabilities, strict=True):
        by_label[name] = float(value)
    label = max(by_label, key=by_label.__getitem__)
    emotional = 1.0 - by_label["neutral"]
    boost = signal_strength(doc.norm_text)
    intensity = 0.0 if label == "neutral" else min(1.0, emotional * (1.0 + boost))
    return EmotionResult(
        label=label,
        probabilities={name: round(value, 4) for name, value in by_label.items()},
        intensity=round(intensity, 4),
        confidence=round(by_label[label], 4),
    )


@component("emotion.linear", version=1, requires=("norm_text", "tokens"), assigns=("emotion",))
class LinearEmotion:
    """Classify the customer's emotion of a turn with a linear n-gram model."""

    def __init__(self, *, model: LinearTextClassifier) -> None:
        self.model = model

    @classmethod
    def create(cls, *, model_dir: Path) -> Self:
        """Load the shipped model from `model_dir`.

        Raises:
            ModelFileError: the model file is missing or corrupt.
        """
        model, _meta = LinearTextClassifier.load(model_dir / MODEL_FILE, kind=KIND)
        return cls(model=model)

    def __call__(self, doc: Doc) -> Doc:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Doc]) -> list[Doc]:
        """Annotate a batch; texts without letters or digits get a low-confidence neutral."""
        todo = [doc for doc in docs if has_content(doc.norm_text)]
        for doc in docs:
            doc.annotations["emotion"] = EMPTY_RESULT
        if todo:
            rows = self.model.predict_proba([d.norm_text for d in todo], [d.tokens for d in todo])
            for doc, row in zip(todo, rows, strict=True):
                doc.annotations["emotion"] = build_result(row, self.model.classes_, doc)
        return docs


@dataclass(frozen=True)
class TrendResult:
    """How a conversation's emotion moves: rising, easing or steady."""

    direction: str
    negativity: tuple[float, ...]
    change: float
    peak_turn: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "negativity": list(self.negativity),
            "change": self.change,
            "peak_turn": self.peak_turn,
        }


TREND_THRESHOLD = 0.15


def emotion_trend(results: Sequence[EmotionResult], window: int = 3) -> TrendResult:
    """Compare the mean negativity of the last `window` turns with the turns before.

    Negativity of a turn is P(angry) + P(fear) + P(sad). A change above +0.15 is
    "rising", below -0.15 "easing", otherwise "steady" (also with fewer than 2 turns).

    Raises:
        ValueError: window < 1.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    scores = tuple(round(result.negativity, 4) for result in results)
    if len(scores) < 2:
        return TrendResult("steady", scores, 0.0, 0 if scores else None)
    recent_size = min(window, len(scores) - 1)
    recent = scores[-recent_size:]
    earlier = scores[:-recent_size][-window:]
    change = round(sum(recent) / len(recent) - sum(earlier) / len(earlier), 4)
    direction = "steady"
    if change > TREND_THRESHOLD:
        direction = "rising"
    elif change < -TREND_THRESHOLD:
        direction = "easing"
    peak = max(range(len(scores)), key=scores.__getitem__)
    return TrendResult(direction, scores, change, peak)
