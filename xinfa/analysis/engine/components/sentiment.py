"""Positive / negative sentiment of a turn (`sentiment.linear.v1`)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from xinfa.analysis.engine.components.emotion import has_content
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.linear import LinearTextClassifier
from xinfa.analysis.engine.registry import component
from xinfa.analysis.engine.tasks.sentiment import KIND, MODEL_FILE


@dataclass(frozen=True)
class SentimentResult:
    """Sentiment of one turn: label, probability of that label, and P(positive)."""

    label: str
    probability: float
    positive: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "probability": self.probability, "positive": self.positive}


# No words to judge: undecided, reported as positive at exactly 0.5.
EMPTY_RESULT = SentimentResult(label="positive", probability=0.5, positive=0.5)


@component("sentiment.linear", version=1, requires=("norm_text", "tokens"), assigns=("sentiment",))
class LinearSentiment:
    """Classify a turn as positive or negative with a linear n-gram model."""

    def __init__(self, *, model: LinearTextClassifier) -> None:
        self.model = model
        self.positive_column = model.classes_.index("positive")

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
        """Annotate a batch; texts without letters or digits get an undecided 0.5."""
        todo = [doc for doc in docs if has_content(doc.norm_text)]
        for doc in docs:
            doc.annotations["sentiment"] = EMPTY_RESULT
        if todo:
            rows = self.model.predict_proba([d.norm_text for d in todo], [d.tokens for d in todo])
            for doc, row in zip(todo, rows, strict=True):
                positive = round(float(row[self.positive_column]), 4)
                label = "positive" if positive >= 0.5 else "negative"
                probability = positive if label == "positive" else round(1 - positive, 4)
                doc.annotations["sentiment"] = SentimentResult(label, probability, positive)
        return docs
