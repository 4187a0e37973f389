"""`xinfa train customer-type` and `xinfa eval customer-type`.

Training reads `text,label` CSVs (labels requesting / confused / agitated / other, or the
Chinese names 要求型 / 困惑型 / 激动型 / 其他), runs normalisation, segmentation and, when it
is available, the emotion component over the texts, then measures the text-only model and
the text+emotion stack with stratified 5-fold cross-validation. The emotion stack is kept
only when its cross-validated macro-F1 is higher; the model is then fitted on all rows.
"""

import functools
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from xinfa.analysis.engine.cli import CliError
from xinfa.analysis.engine.components.customer_type import (
    EMOTION_WIDTH,
    LABELS,
    MODEL_FILE,
    CustomerTypeModel,
    LinearCustomerType,
    emotion_vector,
)
from xinfa.analysis.engine.datasets import TextDataset, load_text_dataset
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.evaluation import EvalReport, classification_metrics
from xinfa.analysis.engine.features import PREPROCESS_COMPONENTS, preprocess_texts
from xinfa.analysis.engine.modelio import ModelFileError
from xinfa.analysis.engine.pipeline import (
    DEFAULT_MODEL_DIR,
    Pipeline,
    PipelineError,
    build_pipeline,
)

TASK = "customer-type"
DEFAULT_MODEL = DEFAULT_MODEL_DIR / MODEL_FILE
EMOTION_COMPONENT = "emotion.linear.v1"
LABEL_MAP: dict[str, str | None] = {
    "要求型": "requesting",
    "困惑型": "confused",
    "激动型": "agitated",
    "其他": "other",
}
CV_FOLDS = 5


@dataclass
class Prepared:
    """Docs after the turn pipeline's preprocessing, with emotion rows when available."""

    docs: list[Doc]
    emotion: np.ndarray | None
    emotion_note: str
    # Time spent running the preprocessing (and emotion) steps, model loading excluded.
    seconds: float

    @property
    def norm_texts(self) -> list[str]:
        return [doc.norm_text for doc in self.docs]

    @property
    def tokens(self) -> list[list[str]]:
        return [doc.tokens for doc in self.docs]


def emotion_model_digest() -> str:
    """Short sha256 of the shipped emotion model ("" when there is none).

    Stored with a model trained on emotion features: its stacker weights only fit the
    emotion model it was trained with, so a changed emotion model means retraining.
    """
    try:
        from xinfa.analysis.engine.tasks.emotion import MODEL_FILE as EMOTION_MODEL_FILE
    except ImportError:
        return ""
    path = DEFAULT_MODEL_DIR / EMOTION_MODEL_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""


def load_data(paths: Sequence[Path]) -> TextDataset:
    """Read and concatenate labelled CSVs.

    Raises:
        DatasetError: a file is unreadable or holds an unknown label.
    """
    texts: list[str] = []
    labels: list[str] = []
    for path in paths:
        dataset = load_text_dataset(Path(path), label_map=LABEL_MAP, allowed_labels=LABELS)
        texts += dataset.texts
        labels += dataset.labels
    return TextDataset(texts, labels)


@functools.cache
def _emotion_pipeline() -> Pipeline:
    # Loading the emotion model takes a while; one process needs it once.
    return build_pipeline([*PREPROCESS_COMPONENTS, EMOTION_COMPONENT])


def prepare(texts: Sequence[str], *, with_emotion: bool = True) -> Prepared:
    """Normalise, segment and (if the emotion component and model exist) score emotion."""
    if with_emotion:
        try:
            pipeline = _emotion_pipeline()
        except (PipelineError, ModelFileError, FileNotFoundError) as exc:
            note = f"unavailable: {exc}"
        else:
            pipeline.pipe([Doc(text=text) for text in texts[:1]])  # warm up lazy loading
            started = time.perf_counter()
            docs = pipeline.pipe([Doc(text=text) for text in texts])
            seconds = time.perf_counter() - started
            rows = [emotion_vector(doc.annotations.get("emotion")) for doc in docs]
            emotion = np.array(
                [row if row is not None else np.zeros(EMOTION_WIDTH) for row in rows]
            ).reshape(len(docs), EMOTION_WIDTH)
            return Prepared(docs, emotion, EMOTION_COMPONENT, seconds)
    else:
        note = "not requested"
    preprocess_texts(texts[:1])  # load the segmenter outside the timed run
    started = time.perf_counter()
    docs = []
    for text, norm_text, tokens in zip(texts, *preprocess_texts(texts), strict=True):
        doc = Doc(text=text)
        doc.annotations |= {"norm_text": norm_text, "tokens": tokens}
        docs.append(doc)
    return Prepared(docs, None, note, time.perf_counter() - started)


def cross_validate(
    prepared: Prepared, labels: Sequence[str], *, use_emotion: bool, seed: int
) -> dict[str, Any]:
    """Stratified k-fold metrics of one model variant (out-of-fold predictions)."""
    y = np.asarray(labels)
    norm_texts, tokens = prepared.norm_texts, prepared.tokens
    smallest = int(min(np.unique(y, return_counts=True)[1]))
    folds = min(CV_FOLDS, smallest)
    if folds < 2:
        return {"skipped": "a class has fewer than 2 examples"}
    predicted = np.empty(len(y), dtype=object)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train_rows, test_rows in splitter.split(np.zeros(len(y)), y):
        model = CustomerTypeModel(use_emotion=use_emotion, seed=seed).fit(
            [norm_texts[i] for i in train_rows],
            [tokens[i] for i in train_rows],
            y[train_rows],
            None if prepared.emotion is None else prepared.emotion[train_rows],
        )
        probabilities = model.predict_proba(
            [norm_texts[i] for i in test_rows],
            [tokens[i] for i in test_rows],
            None if prepared.emotion is None else prepared.emotion[test_rows],
        )
        predicted[test_rows] = [LABELS[i] for i in probabilities.argmax(axis=1)]
    accuracy, macro_f1, per_class = classification_metrics(list(y), list(predicted))
    return {
        "folds": folds,
        "accuracy": round(accuracy, 4),
        "macro_f1": round(macro_f1, 4),
        "f1": {name: round(row["f1-score"], 4) for name, row in per_class.items()},
    }


def train(*, data: list[Path], dev: Path | None, out: Path, seed: int) -> dict[str, Any]:
    """Train the customer-type model, choose text-only or text+emotion by CV, save it.

    Raises:
        DatasetError: unreadable data or unknown labels.
        CliError: the data lacks a customer type.
    """
    dataset = load_data(data)
    missing = [name for name in LABELS if name not in set(dataset.labels)]
    if missing:
        raise CliError(f"training data has no example of: {', '.join(missing)}")
    started = time.perf_counter()
    prepared = prepare(dataset.texts)
    cv = {"text": cross_validate(prepared, dataset.labels, use_emotion=False, seed=seed)}
    use_emotion = False
    if prepared.emotion is not None:
        cv["text+emotion"] = cross_validate(prepared, dataset.labels, use_emotion=True, seed=seed)
        use_emotion = cv["text+emotion"].get("macro_f1", 0.0) > cv["text"].get("macro_f1", 0.0)
    model = CustomerTypeModel(use_emotion=use_emotion, seed=seed).fit(
        prepared.norm_texts, prepared.tokens, dataset.labels, prepared.emotion
    )
    summary: dict[str, Any] = {
        "task": TASK,
        "examples": len(dataset.labels),
        "per_label": {name: dataset.labels.count(name) for name in LABELS},
        "emotion_features": prepared.emotion_note,
        "uses_emotion": model.uses_emotion,
        "emotion_model_sha256": emotion_model_digest() if model.uses_emotion else "",
        "cross_validation": cv,
        "seed": seed,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    path = model.save(Path(out), summary=summary)
    summary["model"] = str(path)
    summary["model_bytes"] = path.stat().st_size
    if dev is not None:
        summary["dev"] = _report_dict(evaluate(data=dev, model=path))
    return summary


def _report_dict(report: EvalReport) -> dict[str, Any]:
    return {"accuracy": round(report.accuracy, 4), "macro_f1": round(report.macro_f1, 4)}


def load_component(model: Path | None) -> LinearCustomerType:
    """Load the customer-type component from a model file (default: the shipped one).

    Raises:
        CliError: the file is missing or not a customer-type model.
    """
    try:
        return LinearCustomerType(CustomerTypeModel.load(Path(model or DEFAULT_MODEL)))
    except ModelFileError as exc:
        raise CliError(str(exc)) from exc


def evaluate(*, data: Path, model: Path | None) -> EvalReport:
    """Score a labelled file with a customer-type model.

    texts/s is the customer-type step alone; the preprocessing and emotion steps it
    needs are timed separately under `extra`.

    Raises:
        DatasetError: unreadable data or unknown labels.
        CliError: bad model file, or the model needs emotion and it is unavailable.
    """
    dataset = load_data([data])
    component = load_component(model)
    prepared = prepare(dataset.texts, with_emotion=component.model.uses_emotion)
    if component.model.uses_emotion and prepared.emotion is None:
        raise CliError(f"this model needs {EMOTION_COMPONENT}: {prepared.emotion_note}")
    docs = prepared.docs
    started = time.perf_counter()
    component.pipe(docs)
    seconds = max(time.perf_counter() - started, 1e-9)
    predicted = [doc.annotations["customer_type"].label for doc in docs]
    accuracy, macro_f1, per_class = classification_metrics(dataset.labels, predicted)
    return EvalReport(
        task=TASK,
        data=str(data),
        model=str(model or DEFAULT_MODEL),
        examples=len(docs),
        accuracy=accuracy,
        macro_f1=macro_f1,
        per_class=per_class,
        texts_per_second=len(docs) / seconds,
        extra={
            "uses_emotion": component.model.uses_emotion,
            **_emotion_check(component.model),
            "preprocess+emotion texts/s": round(len(docs) / max(prepared.seconds, 1e-9)),
        },
    )


def _emotion_check(model: CustomerTypeModel) -> dict[str, Any]:
    if not model.uses_emotion:
        return {}
    trained_with = getattr(model, "meta_", {}).get("summary", {}).get("emotion_model_sha256")
    return {"emotion model as in training": trained_with == emotion_model_digest()}
