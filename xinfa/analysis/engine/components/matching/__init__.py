"""FAQ (question-pair) matching: a pair model and an index over knowledge-base questions."""

from xinfa.analysis.engine.components.matching.index import FaqEntry, FaqHit, FaqIndex
from xinfa.analysis.engine.components.matching.matcher import (
    DEFAULT_MODEL_FILE,
    QuestionMatcher,
    RankedCandidate,
    resolve_model_path,
    training_shortfall,
)

__all__ = [
    "DEFAULT_MODEL_FILE",
    "FaqEntry",
    "FaqHit",
    "FaqIndex",
    "QuestionMatcher",
    "RankedCandidate",
    "resolve_model_path",
    "training_shortfall",
]
