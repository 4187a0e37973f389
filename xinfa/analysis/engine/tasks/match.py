"""`xinfa train match` / `xinfa eval match`: the FAQ question-pair model."""

import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

from xinfa.analysis.engine.components.matching import (
    DEFAULT_MODEL_FILE,
    QuestionMatcher,
    resolve_model_path,
    training_shortfall,
)
from xinfa.analysis.engine.datasets import DatasetError, PairDataset, load_pair_dataset
from xinfa.analysis.engine.evaluation import EvalReport, classification_metrics
from xinfa.analysis.engine.features import preprocess_texts, preprocessing_source
from xinfa.analysis.engine.modelio import ModelFileError
from xinfa.analysis.engine.pipeline import DEFAULT_MODEL_DIR

SPLIT_NAMES = frozenset({"train", "dev", "valid", "validation", "test"})


def source_name(path: Path) -> str:
    """The data set a file belongs to: `bq_corpus/train.csv` and `bq_corpus/dev.csv` are
    one source (`bq_corpus`); any other file is its own source (its name)."""
    return path.parent.name if path.stem.lower() in SPLIT_NAMES and path.parent.name else path.stem


def _load_pairs(paths: list[Path]) -> tuple[PairDataset, list[int], list[str]]:
    """Concatenate the files; also return each pair's source number and the source names."""
    texts_a: list[str] = []
    texts_b: list[str] = []
    labels: list[int] = []
    sources: list[int] = []
    names: list[str] = []
    for path in paths:
        dataset = load_pair_dataset(path)
        name = source_name(path)
        if name not in names:
            names.append(name)
        texts_a += dataset.texts_a
        texts_b += dataset.texts_b
        labels += dataset.labels
        sources += [names.index(name)] * len(dataset.labels)
    return PairDataset(texts_a, texts_b, labels), sources, names


def train(*, data: list[Path], dev: Path | None, out: Path, seed: int) -> dict[str, Any]:
    """Train the pair model on `text_a,text_b,label` CSV files and write it to `out`.

    Raises:
        DatasetError: a file is unreadable or a label has too few pairs.
    """
    pairs, sources, source_names = _load_pairs(list(data))
    shortfall = training_shortfall(pairs.labels, sources, source_names)
    if shortfall:
        raise DatasetError(f"{', '.join(str(path) for path in data)}: {shortfall}")
    started = time.perf_counter()
    matcher = QuestionMatcher(seed=seed).fit(
        pairs.texts_a, pairs.texts_b, pairs.labels, sources=sources
    )
    summary: dict[str, Any] = {
        "task": "match",
        "pairs": len(pairs.labels),
        "positive_share": round(float(np.mean(pairs.labels)), 4),
        "preprocessing": preprocessing_source(),
        "threshold": matcher.threshold_,
        "cv_accuracy": round(matcher.cv_accuracy_, 4),
        "train_seconds": round(time.perf_counter() - started, 1),
        "data": [str(path) for path in data],
        "sources": source_names,
    }
    path = matcher.save(out, summary=summary)
    summary["model"] = str(path)
    summary["model_bytes"] = path.stat().st_size
    if dev is not None:
        report = evaluate(data=dev, model=path)
        summary["dev_accuracy"] = round(report.accuracy, 4)
        summary["dev_macro_f1"] = round(report.macro_f1, 4)
    return summary


def evaluate(*, data: Path, model: Path | None) -> EvalReport:
    """Score the pair model on a `text_a,text_b,label` CSV.

    Raises:
        DatasetError: bad file or unreadable model.
        FileNotFoundError: the model file does not exist.
    """
    pairs = load_pair_dataset(data)
    model_path = resolve_model_path(model or DEFAULT_MODEL_DIR / DEFAULT_MODEL_FILE)
    if not model_path.is_file():
        raise FileNotFoundError(f"match model not found: {model_path}")
    try:
        matcher = QuestionMatcher.load(model_path)
    except ModelFileError as exc:
        raise DatasetError(str(exc)) from exc
    preprocess_texts(["预热"])  # build the pipeline before the clock starts
    started = time.perf_counter()
    scores = matcher.predict_proba(pairs.texts_a, pairs.texts_b)
    seconds = time.perf_counter() - started
    predicted = (scores >= matcher.threshold_).astype(int)
    gold = np.asarray(pairs.labels)
    accuracy, macro_f1, per_class = classification_metrics(gold.tolist(), predicted.tolist())
    majority = max(float(np.mean(gold)), 1 - float(np.mean(gold)))
    extra: dict[str, Any] = {
        "threshold": matcher.threshold_,
        "positive_f1": round(float(f1_score(gold, predicted, zero_division=0)), 4),
        "majority_baseline_accuracy": round(majority, 4),
        "pairs_per_second": round(len(gold) / max(seconds, 1e-9)),
    }
    if len(set(gold.tolist())) == 2:
        extra["roc_auc"] = round(float(roc_auc_score(gold, scores)), 4)
    return EvalReport(
        task="match",
        data=str(data),
        model=str(model_path),
        examples=len(gold),
        accuracy=accuracy,
        macro_f1=macro_f1,
        per_class=per_class,
        texts_per_second=len(gold) / max(seconds, 1e-9),
        extra=extra,
    )
