"""QuestionMatcher: is question B a paraphrase of question A? (probability 0-1)

Two stages: a logistic regression over the sparse pair design (word / n-gram agreement
and cross pairs of differing words), then gradient boosting over dense similarities plus
that probability. The regression's training-time input to the booster is out-of-fold, so
the booster does not learn to trust an over-fitted score. One decision threshold, chosen
by cross-validation on the training pairs, is stored in the model file.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, overload

import numpy as np
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import ThreadpoolController

from xinfa.analysis.engine.components.matching.domain import SourceModel
from xinfa.analysis.engine.components.matching.pairs import (
    DENSE_NAMES,
    Side,
    default_vectorizers,
    dense_features,
    design_width,
    make_side,
    sparse_design,
)
from xinfa.analysis.engine.components.matching.regressions import PairRegressions
from xinfa.analysis.engine.components.matching.tfidf import MAX_UNITS, HashedTfidf
from xinfa.analysis.engine.features import preprocess_texts
from xinfa.analysis.engine.modelio import ModelFileError, load_model, save_model

if TYPE_CHECKING:  # index.py imports this module
    from xinfa.analysis.engine.components.matching.index import FaqHit, FaqIndex

MODEL_KIND = "match"
WORD_RE = re.compile(r"\w")
DEFAULT_MODEL_FILE = "match_zh.npz"
# The only types the stored booster may contain; anything else refuses to load.
TRUSTED_TYPES = [
    "sklearn._loss.link.Interval",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
]


@dataclass(frozen=True)
class RankedCandidate:
    """One candidate question with its paraphrase probability."""

    index: int
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "score": round(self.score, 4)}


_controller: ThreadpoolController | None = None


# Cross-validation needs two folds, so at least two pairs of each label (in each source).
MIN_PAIRS_PER_LABEL = 2


def training_shortfall(
    labels: Sequence[int], sources: Sequence[int] | None = None, names: Sequence[str] = ()
) -> str | None:
    """Why these pairs cannot train a model (too few of a label overall or in a source),
    or None when they can."""
    gold = np.asarray(labels, dtype=np.int64)
    source = np.zeros(len(gold), np.int64) if sources is None else np.asarray(sources, np.int64)
    groups = [("", np.ones(len(gold), bool))]
    if source.max(initial=0) > 0:
        for number in range(int(source.max()) + 1):
            name = names[number] if number < len(names) else str(number)
            groups.append((f"source {name}: ", source == number))
    for prefix, member in groups:
        counts = np.bincount(gold[member], minlength=2)
        if counts.min() < MIN_PAIRS_PER_LABEL:
            return (
                f"{prefix}pair training needs both labels 0 and 1, at least "
                f"{MIN_PAIRS_PER_LABEL} pairs of each "
                f"(found {counts[0]} labelled 0, {counts[1]} labelled 1)"
            )
    return None


def one_thread() -> Any:
    """Context manager limiting OpenMP to one thread (booster start-up costs more than it
    saves on a few dozen rows, and threads spin on a busy machine). The controller's
    library scan is done once per process."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="openmp")


def _booster(seed: int, iterations: int, learning_rate: float) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=iterations, learning_rate=learning_rate, max_leaf_nodes=31, random_state=seed
    )


class QuestionMatcher:
    """Score question pairs and rank candidate questions for a query."""

    def __init__(
        self,
        *,
        c: float = 0.5,
        iterations: int = 300,
        learning_rate: float = 0.06,
        folds: int = 3,
        seed: int = 42,
    ) -> None:
        self.c = c
        self.iterations = iterations
        self.learning_rate = learning_rate
        self.folds = folds
        self.seed = seed

    # -- preparation ---------------------------------------------------------------
    def prepare(self, texts: Sequence[str]) -> Side:
        """Normalise, segment and vectorise raw questions (one side of some pairs)."""
        # Questions are short; cutting first keeps a 100 kB paste from costing seconds.
        norm, tokens = preprocess_texts([text[:MAX_UNITS] for text in texts])
        return self.prepare_normalised(norm, tokens)

    def prepare_normalised(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> Side:
        """Vectorise already normalised texts and their tokens."""
        return make_side(texts, tokens, self.vectorizers_)

    # -- training ------------------------------------------------------------------
    def fit(
        self,
        texts_a: Sequence[str],
        texts_b: Sequence[str],
        labels: Sequence[int],
        *,
        sources: Sequence[int] | None = None,
    ) -> Self:
        """Learn from raw question pairs labelled 1 (same meaning) or 0.

        Args:
            texts_a: first questions.
            texts_b: second questions.
            labels: 1 = same meaning, 0 = not.
            sources: optional 0-based source (data file) of each pair; with several
                sources the booster also sees which source a pair resembles.

        Raises:
            ValueError: lengths differ or a label has too few pairs (`training_shortfall`).
        """
        gold = np.asarray(labels, dtype=np.int64)
        if not (len(texts_a) == len(texts_b) == len(gold)):
            raise ValueError("texts_a, texts_b and labels must have the same length")
        shortfall = training_shortfall(labels, sources)
        if shortfall:
            raise ValueError(shortfall)
        left, right = self._fit_vectorizers(texts_a, texts_b)
        folds = max(2, min(self.folds, int(np.bincount(gold).min())))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.seed)
        source_list = [0] * len(gold) if sources is None else list(sources)
        self.regressions_ = PairRegressions(c=self.c, folds=folds, seed=self.seed)
        scores = self.regressions_.fit_out_of_fold(sparse_design(left, right), gold, source_list)
        self.source_model_ = SourceModel(seed=self.seed)
        source_features = self.source_model_.fit_out_of_fold(left, right, source_list, folds)
        features = np.column_stack([dense_features(left, right), scores, source_features])
        with one_thread():
            self.threshold_, self.cv_accuracy_ = self._cv_threshold(features, gold, splitter)
            booster = _booster(self.seed, self.iterations, self.learning_rate)
            self.booster_ = booster.fit(features, gold)
        return self

    def _fit_vectorizers(self, texts_a: Sequence[str], texts_b: Sequence[str]) -> tuple[Side, Side]:
        """Fit the TF-IDF vectorizers on every distinct question; return both sides."""
        unique = sorted(set(texts_a) | set(texts_b))
        norm, tokens = preprocess_texts(unique)
        position = {text: i for i, text in enumerate(unique)}
        lowered = [text.lower() for text in norm]
        words = [[token.lower() for token in items if token.strip()] for items in tokens]
        self.vectorizers_ = [
            vec.fit(lowered if vec.kind == "char" else words) for vec in default_vectorizers()
        ]
        every = self.prepare_normalised(norm, tokens)
        left = every.take([position[text] for text in texts_a])
        right = every.take([position[text] for text in texts_b])
        return left, right

    def _cv_threshold(
        self, features: np.ndarray, gold: np.ndarray, splitter: StratifiedKFold
    ) -> tuple[float, float]:
        """The threshold that maximises out-of-fold accuracy, and that accuracy."""
        scores = np.zeros(len(gold))
        for train_rows, test_rows in splitter.split(features, gold):
            booster = _booster(self.seed, self.iterations, self.learning_rate)
            booster.fit(features[train_rows], gold[train_rows])
            scores[test_rows] = booster.predict_proba(features[test_rows])[:, 1]
        grid = np.round(np.arange(0.2, 0.81, 0.01), 2)
        accuracies = [float(np.mean((scores >= t) == gold)) for t in grid]
        best = int(np.argmax(accuracies))
        return float(grid[best]), accuracies[best]

    # -- scoring -------------------------------------------------------------------
    def predict_proba_sides(self, left: Side, right: Side) -> np.ndarray:
        """Paraphrase probability of each (left[i], right[i]) pair."""
        if not left.texts:
            return np.zeros(0)
        regression = self.regressions_.transform(sparse_design(left, right))
        sources = self.source_model_.transform(left, right)
        features = np.column_stack([dense_features(left, right), regression, sources])
        with one_thread():
            probabilities: np.ndarray = self.booster_.predict_proba(features)[:, 1]
        return probabilities

    def predict_proba(self, texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
        """Paraphrase probability of raw question pairs.

        Raises:
            ValueError: the two lists differ in length.
        """
        if len(texts_a) != len(texts_b):
            raise ValueError("texts_a and texts_b must have the same length")
        return self.predict_proba_sides(self.prepare(texts_a), self.prepare(texts_b))

    def predict(self, texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
        """1 where the pair is judged the same question (probability ≥ stored threshold)."""
        return (self.predict_proba(texts_a, texts_b) >= self.threshold_).astype(np.int64)

    @overload
    def rank(self, query: str, candidates: "FaqIndex", k: int = 5) -> "list[FaqHit]": ...
    @overload
    def rank(self, query: str, candidates: Sequence[str], k: int = 5) -> list[RankedCandidate]: ...
    def rank(
        self, query: str, candidates: "Sequence[str] | FaqIndex", k: int = 5
    ) -> "list[RankedCandidate] | list[FaqHit]":
        """Rank candidate questions (a list of strings, or a FaqIndex) for one query.

        Returns at most `k` results, best first; an empty query or list gives [].
        """
        from xinfa.analysis.engine.components.matching.index import FaqIndex  # circular at top

        if isinstance(candidates, FaqIndex):
            return candidates.search(query, k=k)
        items = list(candidates)
        if not items or k <= 0 or not WORD_RE.search(query or ""):
            return []  # nothing to compare: empty, emoji or punctuation only
        right = self.prepare(items)
        left = self.prepare([query]).take([0] * len(items))
        scores = self.predict_proba_sides(left, right)
        order = sorted(range(len(items)), key=lambda i: (-scores[i], i))[:k]
        return [RankedCandidate(i, items[i], float(scores[i])) for i in order]

    # -- persistence ---------------------------------------------------------------
    def save(self, path: Path, *, summary: dict[str, Any] | None = None) -> Path:
        """Write the model to one safe `.npz` file (the booster as skops bytes inside)."""
        arrays: dict[str, np.ndarray] = {
            "booster_skops": np.frombuffer(sio.dumps(self.booster_), dtype=np.uint8),
        }
        for vec in self.vectorizers_:
            idf = vec.idf_ if vec.idf_ is not None else np.zeros(0, np.float32)
            default = float(idf.max()) if idf.size else 1.0
            seen = np.flatnonzero(idf != default).astype(np.int32)
            arrays[f"idf_{vec.name}_index"] = seen
            arrays[f"idf_{vec.name}_value"] = idf[seen].astype(np.float32)
        source_meta, source_arrays = self.source_model_.to_arrays()
        regression_meta, regression_arrays = self.regressions_.to_arrays()
        arrays.update(source_arrays)
        arrays.update(regression_arrays)
        meta = {
            "kind": MODEL_KIND,
            "source_model": source_meta,
            "threshold": self.threshold_,
            "cv_accuracy": self.cv_accuracy_,
            "regressions": regression_meta,
            "dense_features": [*DENSE_NAMES, "regression_probabilities", "source_probabilities"],
            "vectorizers": [
                {**vec.to_meta(), "default_idf": float(vec.idf_.max())}  # type: ignore[union-attr]
                for vec in self.vectorizers_
            ],
            "params": {
                "c": self.c,
                "iterations": self.iterations,
                "learning_rate": self.learning_rate,
                "folds": self.folds,
                "seed": self.seed,
            },
            "summary": summary or {},
        }
        return save_model(path, meta=meta, arrays=arrays)

    @classmethod
    def load(cls, path: Path) -> Self:
        """Read a model written by `save`; only the listed booster types are trusted.

        Raises:
            ModelFileError: missing, unreadable, not a match model, or untrusted content.
        """
        path = resolve_model_path(path)
        meta, arrays = load_model(path, kind=MODEL_KIND)
        matcher = cls(**meta.get("params", {}))
        matcher.threshold_ = float(meta["threshold"])
        matcher.cv_accuracy_ = float(meta.get("cv_accuracy", 0.0))
        vectorizers = []
        for item in meta["vectorizers"]:
            vec = HashedTfidf(kind=item["kind"], size=int(item["size"]), bits=int(item["bits"]))
            idf = np.full(2**vec.bits, item["default_idf"], dtype=np.float32)
            idf[arrays[f"idf_{vec.name}_index"]] = arrays[f"idf_{vec.name}_value"]
            vectorizers.append(HashedTfidf.from_meta(item, idf))
        matcher.vectorizers_ = vectorizers
        matcher.regressions_ = PairRegressions.from_arrays(meta["regressions"], arrays)
        expected = design_width(vectorizers)
        if matcher.regressions_.width != expected:
            raise ModelFileError(f"{path}: weights for {matcher.regressions_.width} columns")
        payload = arrays["booster_skops"].tobytes()
        untrusted = [
            name for name in sio.get_untrusted_types(data=payload) if name not in TRUSTED_TYPES
        ]
        if untrusted:
            raise ModelFileError(f"{path}: untrusted types in the booster: {', '.join(untrusted)}")
        booster = sio.loads(payload, trusted=TRUSTED_TYPES)
        if not isinstance(booster, HistGradientBoostingClassifier):
            raise ModelFileError(f"{path}: the booster is a {type(booster).__name__}")
        matcher.booster_ = booster
        matcher.source_model_ = SourceModel.from_arrays(meta["source_model"], arrays)
        return matcher

    @classmethod
    def create(cls, *, model_dir: Path) -> Self:
        """Load the shipped Chinese bank/finance matcher from `model_dir`.

        Raises:
            ModelFileError: the model file is missing or unreadable.
        """
        return cls.load(model_dir / DEFAULT_MODEL_FILE)


def resolve_model_path(path: Path) -> Path:
    """Accept `MODEL`, `MODEL.npz` or a folder holding the default match file."""
    path = Path(path)
    if path.is_dir():
        return path / DEFAULT_MODEL_FILE
    if not path.exists() and path.suffix != ".npz":
        return path.with_name(path.name + ".npz")
    return path
