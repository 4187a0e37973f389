"""`xinfa train emotion` / `xinfa eval emotion`: six-class customer emotion."""

from pathlib import Path
from typing import Any

from xinfa.analysis.engine.evaluation import EvalReport
from xinfa.analysis.engine.features import FeatureConfig
from xinfa.analysis.engine.linear import (
    LinearTextClassifier,
    evaluate_task,
    path_names,
    path_weight,
    train_task,
)
from xinfa.analysis.engine.pipeline import DEFAULT_MODEL_DIR

KIND = "emotion"
LABELS = ("neutral", "happy", "angry", "fear", "sad", "surprise")
MODEL_FILE = "emotion.npz"
# Label names of the shared datasets (clue_emotion2020, empathetic_personas_zh).
LABEL_MAP: dict[str, str | None] = {
    "like": "happy",
    "happiness": "happy",
    "sadness": "sad",
    "anger": "angry",
    "disgust": "angry",
    "anxious": "fear",
}
FEATURES = FeatureConfig(char_bits=20, word_bits=19, min_df=2, strip_mentions=True, binary_tf=True)
C = 0.3
# Bank customer turns written for Xinfa are the in-domain set but 2 % of the rows: files
# whose path names it weigh this much more (chosen by 5-fold CV on that set, see docs/engine.md).
IN_DOMAIN = "emotion_bank"
IN_DOMAIN_WEIGHT = 3.0
# Those rows also train an in-domain expert, weighed in by a domain gate for texts that
# sound like them (engine/expert.py): a fixed half share, not tuned on dev.
EXPERT_SHARE = 0.5

file_weight = path_weight(IN_DOMAIN, IN_DOMAIN_WEIGHT)
in_domain = path_names(IN_DOMAIN)


def train(*, data: list[Path], dev: Path | None, out: Path, seed: int) -> dict[str, Any]:
    """Train the emotion model on `text,label` CSV files and save it to `out`.

    Raises:
        DatasetError: a data file is unreadable or holds an unknown label.
    """
    model = LinearTextClassifier(
        features=FEATURES, c=C, class_weight="balanced", seed=seed, expert_share=EXPERT_SHARE
    )
    return train_task(
        kind=KIND,
        data=data,
        dev=dev,
        out=out,
        seed=seed,
        model=model,
        label_map=LABEL_MAP,
        labels=LABELS,
        file_weight=file_weight,
        in_domain=in_domain,
    )


def evaluate(*, data: Path, model: Path | None) -> EvalReport:
    """Score an emotion model (default: the shipped one) on a labelled CSV.

    Raises:
        DatasetError: the data file is unusable.
        ModelFileError: the model file is missing or not an emotion model.
    """
    return evaluate_task(
        kind=KIND,
        data=data,
        model=model or DEFAULT_MODEL_DIR / MODEL_FILE,
        label_map=LABEL_MAP,
        labels=LABELS,
    )
