"""A fast, stateless-by-hashing text featurizer shared by the linear models.

Features are two hashed blocks, each TF-IDF weighted (sublinear or binary tf) and L2-normalised
on its own, then placed side by side:

* characters: n-grams of the normalised text (default 1-3), lower-cased;
* words: n-grams of the segmenter's tokens (default 1-2).

Hashing means no vocabulary to store: the saved state is the config plus one idf
array. Usage::

    featurizer = TextFeaturizer(FeatureConfig()).fit(texts, tokens)
    matrix = featurizer.transform(texts, tokens)          # scipy CSR, float32
    meta, arrays = featurizer.to_arrays()                 # for modelio.save_model
    featurizer = TextFeaturizer.from_arrays(meta, arrays)

`preprocess_texts` turns raw training texts into (norm_text, tokens) exactly as the
turn pipeline will at inference time (normalize.zh.v1 + segment.jieba.v1).
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

# Longer texts are cut: keeps one huge input from costing seconds; turns are far shorter.
MAX_CHARS = 4000
PREPROCESS_COMPONENTS = ("normalize.zh.v1", "segment.jieba.v1")
# The last batch's raw counts per block setting (batches up to this many rows): models
# whose char (or word) settings match hash each batch once (emotion, sentiment, customer
# type, and the Chinese intent model's char block).
CACHE_MAX_ROWS = 4096
_LAST_BLOCKS: dict[tuple[Any, ...], tuple[tuple[Any, ...], sp.csr_matrix]] = {}


@dataclass(frozen=True)
class FeatureConfig:
    """Hyper-parameters of the featurizer (saved with every model)."""

    char_min: int = 1
    char_max: int = 3
    word_min: int = 1
    word_max: int = 2
    char_bits: int = 19
    word_bits: int = 18
    sublinear_tf: bool = True
    # Presence, not count (overrides sublinear_tf): short posts repeat a word for emphasis
    # or by pasting, and counts over-weigh that (emotion, chosen on dev: docs/engine.md).
    binary_tf: bool = False
    # Features seen in fewer training texts get weight 0 (smaller, less noisy models).
    min_df: int = 1
    # Drop @mentions, repost chains (//@name:) and URLs before char n-grams.
    strip_mentions: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FeatureConfig":
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


MENTIONS = re.compile(r"//@[^:：\s]{1,30}\s*[:：]?|@[^:：\s@]{1,30}\s*[:：]?|https?://\S+")


def char_ngrams(text: str, low: int, high: int, *, strip_mentions: bool = False) -> list[str]:
    """Return every character n-gram of `text` with low <= n <= high."""
    text = text[:MAX_CHARS].lower()
    if strip_mentions and ("@" in text or "http" in text):
        text = MENTIONS.sub(" ", text)
    grams: list[str] = []
    length = len(text)
    for size in range(low, high + 1):
        grams.extend(text[i : i + size] for i in range(length - size + 1))
    return grams


def word_ngrams(tokens: Sequence[str], low: int, high: int) -> list[str]:
    """Return word n-grams (joined by a space) of the non-blank tokens."""
    words = [token.lower() for token in tokens[:MAX_CHARS] if token.strip()]
    grams: list[str] = []
    for size in range(low, high + 1):
        if size == 1:
            grams.extend(words)
        else:
            grams.extend(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return grams


class TextFeaturizer:
    """Hashed char + word n-gram TF-IDF features; `fit` only learns the idf weights."""

    def __init__(self, config: FeatureConfig | None = None) -> None:
        self.config = config or FeatureConfig()
        cfg = self.config
        common = {"alternate_sign": False, "norm": None, "dtype": np.float32}
        self._chars = HashingVectorizer(
            analyzer=lambda text: char_ngrams(
                text, cfg.char_min, cfg.char_max, strip_mentions=cfg.strip_mentions
            ),
            n_features=2**cfg.char_bits,
            **common,
        )
        self._words = HashingVectorizer(
            analyzer=lambda tokens: word_ngrams(tokens, cfg.word_min, cfg.word_max),
            n_features=2**cfg.word_bits,
            **common,
        )
        self.idf_: np.ndarray | None = None
        # Cache keys: everything that shapes a block's raw counts (min_df only zeroes idf).
        char = ("chars", cfg.char_min, cfg.char_max, cfg.char_bits, cfg.strip_mentions)
        self._char_settings: tuple[Any, ...] = char
        self._word_settings: tuple[Any, ...] = ("words", cfg.word_min, cfg.word_max, cfg.word_bits)

    @property
    def n_features(self) -> int:
        return (1 << self.config.char_bits) + (1 << self.config.word_bits)

    def _counts(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> sp.csr_matrix:
        if len(texts) != len(tokens):
            raise ValueError("texts and tokens must have the same length")
        chars = _cached_block(
            self._char_settings,
            tuple(texts),
            lambda: self._chars.transform([text or "" for text in texts]),
        )
        words = _cached_block(
            self._word_settings,
            tuple(map(tuple, tokens)),
            lambda: self._words.transform([list(items) for items in tokens]),
        )
        # hstack copies, so callers may change the result without touching the cache.
        return sp.hstack([chars, words], format="csr", dtype=np.float32)

    def fit(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> Self:
        """Learn smoothed idf weights from the training texts."""
        counts = self._counts(texts, tokens)
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        rows = counts.shape[0]
        idf = np.log((1 + rows) / (1 + document_frequency)) + 1
        idf[document_frequency < self.config.min_df] = 0.0
        self.idf_ = idf.astype(np.float32)
        return self

    def transform(self, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Return the (rows x n_features) CSR feature matrix, float32.

        Raises:
            RuntimeError: the featurizer was not fitted or loaded.
        """
        if self.idf_ is None:
            raise RuntimeError("TextFeaturizer is not fitted")
        matrix = self._counts(texts, tokens)
        if self.config.binary_tf:
            matrix.data[:] = 1.0
        elif self.config.sublinear_tf:
            np.log(matrix.data, out=matrix.data)
            matrix.data += 1
        matrix.data *= self.idf_[matrix.indices]
        if self.config.min_df > 1:
            matrix.eliminate_zeros()
        _normalise_blocks(matrix, 2**self.config.char_bits)
        return matrix

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) to store with `modelio.save_model`.

        Raises:
            RuntimeError: the featurizer was not fitted.
        """
        if self.idf_ is None:
            raise RuntimeError("TextFeaturizer is not fitted")
        return {"features": self.config.to_dict()}, {"features_idf": self.idf_}

    @classmethod
    def from_arrays(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Self:
        """Rebuild a fitted featurizer from what `to_arrays` returned.

        Raises:
            ValueError: the idf array does not match the config.
        """
        featurizer = cls(FeatureConfig.from_dict(meta["features"]))
        idf = np.asarray(arrays["features_idf"], dtype=np.float32)
        if idf.shape != (featurizer.n_features,):
            raise ValueError(f"idf has shape {idf.shape}, expected ({featurizer.n_features},)")
        featurizer.idf_ = idf
        return featurizer


def clear_count_cache() -> None:
    """Forget the cached counts (tests; a process that wants its memory back)."""
    _LAST_BLOCKS.clear()


def _cached_block(
    settings: tuple[Any, ...], items: tuple[Any, ...], count: Callable[[], sp.csr_matrix]
) -> sp.csr_matrix:
    """Return the counts of one block, reusing the last batch's when settings and rows match."""
    cached = _LAST_BLOCKS.get(settings)
    if cached is not None and cached[0] == items:
        return cached[1]
    block = count()
    if len(items) <= CACHE_MAX_ROWS:
        _LAST_BLOCKS[settings] = (items, block)
    return block


def _normalise_blocks(matrix: sp.csr_matrix, split: int) -> None:
    """L2-normalise the char block and the word block of every row, in place."""
    data, indices, indptr = matrix.data, matrix.indices, matrix.indptr
    is_word = indices >= split
    squares = data * data
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(indptr))
    rows = matrix.shape[0]
    char_norm = np.sqrt(np.bincount(row_of, weights=squares * ~is_word, minlength=rows))
    word_norm = np.sqrt(np.bincount(row_of, weights=squares * is_word, minlength=rows))
    norms = np.where(is_word, word_norm[row_of], char_norm[row_of])
    norms[norms == 0] = 1.0
    data /= norms.astype(np.float32)


def preprocess_texts(texts: Iterable[str]) -> tuple[list[str], list[list[str]]]:
    """Normalise and segment raw texts the way the turn pipeline does.

    Uses the registered `normalize.zh.v1` and `segment.jieba.v1` components so that
    training sees exactly the features inference will see. Until both are registered
    it falls back to OpenCC t2s + plain jieba (see `preprocessing_source`).
    """
    from xinfa.analysis.engine.doc import Doc
    from xinfa.analysis.engine.pipeline import PipelineError, build_pipeline

    texts = list(texts)
    try:
        pipeline = build_pipeline(list(PREPROCESS_COMPONENTS))
    except PipelineError:
        return _fallback_preprocess(texts)
    docs = pipeline.pipe([Doc(text=text) for text in texts])
    return [doc.norm_text for doc in docs], [doc.tokens for doc in docs]


def preprocessing_source() -> str:
    """Say which preprocessing `preprocess_texts` uses now (stored in model metadata)."""
    from xinfa.analysis.engine.registry import registered_components

    known = registered_components()
    if all(key in known for key in PREPROCESS_COMPONENTS):
        return "+".join(PREPROCESS_COMPONENTS)
    return "fallback:opencc-t2s+jieba"


def _fallback_preprocess(texts: list[str]) -> tuple[list[str], list[list[str]]]:
    import jieba
    import opencc

    converter = opencc.OpenCC("t2s")
    norm = [" ".join(converter.convert(text).split()) for text in texts]
    return norm, [jieba.lcut(text) for text in norm]
