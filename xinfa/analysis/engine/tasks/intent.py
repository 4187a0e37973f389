"""`xinfa train intent` / `xinfa eval intent`: a bank's own intent classifier."""

import time
from pathlib import Path
from typing import Any

import numpy as np

from xinfa.analysis.engine.components.intent import (
    DEFAULT_MODEL_FILE,
    LinearIntent,
    resolve_model_path,
)
from xinfa.analysis.engine.datasets import DatasetError, TextDataset, load_text_dataset
from xinfa.analysis.engine.evaluation import EvalReport, classification_metrics
from xinfa.analysis.engine.features import preprocess_texts, preprocessing_source
from xinfa.analysis.engine.modelio import ModelFileError
from xinfa.analysis.engine.pipeline import DEFAULT_MODEL_DIR


def _load_training_data(paths: list[Path]) -> TextDataset:
    texts: list[str] = []
    labels: list[str] = []
    for path in paths:
        dataset = load_text_dataset(path)
        texts += dataset.texts
        labels += [label.strip() for label in dataset.labels]
    return TextDataset(texts, labels)


def train(*, data: list[Path], dev: Path | None, out: Path, seed: int) -> dict[str, Any]:
    """Train an intent model on `text,label` CSV files and write it to `out`.

    Raises:
        DatasetError: a file is unreadable, or it holds fewer than two intents.
    """
    dataset = _load_training_data(list(data))
    if len(set(dataset.labels)) < 2:
        raise DatasetError(f"{data[0]}: intent training needs at least two different labels")
    started = time.perf_counter()
    norm, tokens = preprocess_texts(dataset.texts)
    model = LinearIntent(seed=seed).fit(norm, tokens, dataset.labels)
    summary: dict[str, Any] = {
        "task": "intent",
        "examples": len(dataset.texts),
        "intents": len(model.classes_),
        "script": model.script_,
        "preprocessing": preprocessing_source(),
        "cv_accuracy": round(model.cv_accuracy_, 4),
        "fallback_threshold": model.threshold_,
        "softmax_scale": round(model.scale_, 3),
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    path = model.save(out, summary=summary)
    summary["model"] = str(path)
    summary["model_bytes"] = path.stat().st_size
    if dev is not None:
        report = evaluate(data=dev, model=path)
        summary["dev_accuracy"] = round(report.accuracy, 4)
        summary["dev_macro_f1"] = round(report.macro_f1, 4)
    return summary


def evaluate(*, data: Path, model: Path | None) -> EvalReport:
    """Score an intent model on a `text,label` CSV (labels must be the model's intents).

    Raises:
        DatasetError: bad file or a label the model does not know.
        FileNotFoundError: the model file does not exist.
    """
    model_path = resolve_model_path(model or DEFAULT_MODEL_DIR / DEFAULT_MODEL_FILE)
    if not model_path.is_file():
        raise FileNotFoundError(f"intent model not found: {model_path}")
    try:
        classifier = LinearIntent.load(model_path)
    except ModelFileError as exc:
        raise DatasetError(str(exc)) from exc
    allowed = sorted({*classifier.classes_, classifier.fallback_label_})
    dataset = load_text_dataset(data, allowed_labels=allowed)
    preprocess_texts(["预热 warm-up"])  # build the pipeline before the clock starts
    started = time.perf_counter()
    norm, tokens = preprocess_texts(dataset.texts)
    prepared = time.perf_counter()
    results = classifier.predict(norm, tokens)
    finished = time.perf_counter()
    predicted = [result.label for result in results]
    top1 = [result.top[0][0] for result in results]
    top3 = [
        any(name == gold for name, _ in result.top)
        for result, gold in zip(results, dataset.labels, strict=True)
    ]
    accuracy, macro_f1, per_class = classification_metrics(dataset.labels, predicted)
    top1_accuracy, top1_macro_f1, _ = classification_metrics(dataset.labels, top1)
    return EvalReport(
        task="intent",
        data=str(data),
        model=str(model_path),
        examples=len(dataset.texts),
        accuracy=accuracy,
        macro_f1=macro_f1,
        per_class=per_class,
        texts_per_second=len(norm) / max(finished - started, 1e-9),
        extra={
            "top1_accuracy_without_fallback": round(top1_accuracy, 4),
            "top1_macro_f1_without_fallback": round(top1_macro_f1, 4),
            "top3_accuracy": round(float(np.mean(top3)), 4),
            "fallback_rate": round(float(np.mean([r.is_fallback for r in results])), 4),
            "fallback_threshold": classifier.threshold_,
            "model_texts_per_second": round(len(norm) / max(finished - prepared, 1e-9)),
        },
    )
