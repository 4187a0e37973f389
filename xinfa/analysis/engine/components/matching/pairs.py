"""Symmetric features of a question pair: dense similarities and a sparse design matrix.

Dense features (cosines for several n-gram kinds, set overlaps, edit-distance ratios,
lengths, number / negation / question-word agreement) feed the gradient-boosted model.
The sparse matrix (shared-term products, absolute differences, and hashed cross pairs of
the words only one side has) feeds a logistic regression whose probability becomes one
more dense feature: it learns which word differences change the meaning (花呗 vs 借呗).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq, Levenshtein
from sklearn.feature_extraction.text import HashingVectorizer

from xinfa.analysis.engine.components.matching.tfidf import MAX_UNITS, HashedTfidf

CROSS_BITS = 20
CHAR_CROSS_BITS = 19
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_NEGATIONS = ("不", "没", "未", "无", "别", "非", "否")
_QUESTION_WORDS = (
    "怎么",
    "为什么",
    "为啥",
    "多少",
    "多久",
    "哪",
    "什么",
    "能不能",
    "可以",
    "是否",
    "吗",
)

DENSE_NAMES = (
    "cos_char1", "cos_char2", "cos_char3", "cos_word1", "cos_word2",
    "jaccard_char", "jaccard_word", "jaccard_bigram",
    "levenshtein", "lcs_over_min", "lcs_over_max", "partial_ratio", "indel",
    "len_min", "len_max", "len_diff", "len_ratio", "words_only_one_side", "chars_only_one_side",
    "numbers_agree", "negation_diff", "question_word_diff",
)  # fmt: skip


@dataclass
class Side:
    """One side of a batch of pairs: texts, tokens and their TF-IDF rows by vectorizer."""

    texts: list[str]
    tokens: list[list[str]]
    vectors: dict[str, sp.csr_matrix]

    def take(self, rows: Sequence[int] | np.ndarray) -> "Side":
        """The sub-batch of the given rows (rows may repeat)."""
        index = np.asarray(rows, dtype=np.int64)
        return Side(
            [self.texts[i] for i in index],
            [self.tokens[i] for i in index],
            {name: matrix[index] for name, matrix in self.vectors.items()},
        )


def default_vectorizers() -> list[HashedTfidf]:
    return [
        HashedTfidf(kind="char", size=1, bits=16),
        HashedTfidf(kind="char", size=2, bits=18),
        HashedTfidf(kind="char", size=3, bits=18),
        HashedTfidf(kind="word", size=1, bits=18),
        HashedTfidf(kind="word", size=2, bits=18),
    ]


def make_side(
    texts: Sequence[str], tokens: Sequence[Sequence[str]], vectorizers: Sequence[HashedTfidf]
) -> Side:
    """Cut, lower-case and vectorise prepared texts (norm_text + tokens)."""
    cut_texts = [text[:MAX_UNITS].lower() for text in texts]
    cut_tokens = [
        [token.lower() for token in items[:MAX_UNITS] if token.strip()] for items in tokens
    ]
    if not cut_texts:  # the hashers refuse an empty batch
        empty = {vec.name: sp.csr_matrix((0, 2**vec.bits), dtype=np.float32) for vec in vectorizers}
        return Side([], [], empty)
    vectors = {
        vec.name: vec.transform(cut_texts if vec.kind == "char" else cut_tokens)
        for vec in vectorizers
    }
    return Side(cut_texts, cut_tokens, vectors)


def _row_cosines(left: sp.csr_matrix, right: sp.csr_matrix) -> np.ndarray:
    return np.asarray(left.multiply(right).sum(axis=1)).ravel()


def _ratio(shared: int, total: int) -> float:
    return shared / total if total else 0.0


def _pair_row(a: str, b: str, words_a: set[str], words_b: set[str]) -> list[float]:
    chars_a, chars_b = set(a), set(b)
    bigrams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    bigrams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    len_a, len_b = len(a), len(b)
    short, long_ = min(len_a, len_b), max(len_a, len_b)
    lcs = LCSseq.similarity(a, b)
    numbers_a, numbers_b = set(_NUMBER_RE.findall(a)), set(_NUMBER_RE.findall(b))
    numbers = -1.0 if not (numbers_a or numbers_b) else float(numbers_a == numbers_b)
    negation = sum(abs(a.count(word) - b.count(word)) for word in _NEGATIONS)
    questions = sum((word in a) != (word in b) for word in _QUESTION_WORDS)
    return [
        _ratio(len(chars_a & chars_b), len(chars_a | chars_b)),
        _ratio(len(words_a & words_b), len(words_a | words_b)),
        _ratio(len(bigrams_a & bigrams_b), len(bigrams_a | bigrams_b)),
        Levenshtein.normalized_similarity(a, b),
        _ratio(lcs, short),
        _ratio(lcs, long_),
        fuzz.partial_ratio(a, b) / 100.0,
        Indel.normalized_similarity(a, b),
        float(short),
        float(long_),
        float(long_ - short),
        _ratio(short, long_),
        float(len(words_a ^ words_b)),
        float(len(chars_a ^ chars_b)),
        numbers,
        float(negation),
        float(questions),
    ]


def dense_features(left: Side, right: Side) -> np.ndarray:
    """(pairs x len(DENSE_NAMES)) float32 features; symmetric in left/right."""
    cosines = [_row_cosines(left.vectors[name], right.vectors[name]) for name in left.vectors]
    rows = [
        _pair_row(a, b, set(wa), set(wb))
        for a, b, wa, wb in zip(left.texts, right.texts, left.tokens, right.tokens, strict=True)
    ]
    table = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(DENSE_NAMES) - len(cosines))
    return np.column_stack([*cosines, table]).astype(np.float32)


_CROSS = HashingVectorizer(
    analyzer=lambda items: items,
    n_features=2**CROSS_BITS,
    alternate_sign=False,
    norm="l2",
    dtype=np.float32,
)
_CHAR_CROSS = HashingVectorizer(
    analyzer=lambda items: items,
    n_features=2**CHAR_CROSS_BITS,
    alternate_sign=False,
    norm="l2",
    dtype=np.float32,
)


def _cross_terms(words_a: list[str], words_b: list[str]) -> list[str]:
    set_a, set_b = set(words_a[:64]), set(words_b[:64])
    only_a, only_b = sorted(set_a - set_b), sorted(set_b - set_a)
    terms = ["s:" + word for word in set_a & set_b]
    terms += ["d:" + word for word in only_a + only_b]
    terms += ["x:" + "|".join(sorted((p, q))) for p in only_a[:12] for q in only_b[:12]]
    if not only_a and not only_b:
        terms.append("same-words")
    return terms


def _char_terms(text_a: str, text_b: str) -> list[str]:
    """Characters and character pairs only one side has (robust to segmentation slips)."""
    chars_a, chars_b = set(text_a[:200]), set(text_b[:200])
    only_a, only_b = sorted(chars_a - chars_b), sorted(chars_b - chars_a)
    bigrams_a = {text_a[i : i + 2] for i in range(min(len(text_a), 200) - 1)}
    bigrams_b = {text_b[i : i + 2] for i in range(min(len(text_b), 200) - 1)}
    terms = ["cd:" + char for char in only_a + only_b]
    terms += ["cx:" + "|".join(sorted((p, q))) for p in only_a[:10] for q in only_b[:10]]
    terms += ["bd:" + pair for pair in sorted(bigrams_a ^ bigrams_b)]
    terms.append(f"nd:{min(len(only_a) + len(only_b), 10)}")
    return terms


SPARSE_BLOCKS = ("char1", "char2", "word1")


def design_width(vectorizers: Sequence[HashedTfidf]) -> int:
    """Number of columns `sparse_design` produces for these vectorizers."""
    sizes = {vec.name: 2**vec.bits for vec in vectorizers}
    blocks = sum(2 * sizes[name] for name in SPARSE_BLOCKS)
    return int(blocks + 2**CROSS_BITS + 2**CHAR_CROSS_BITS)


def sparse_design(left: Side, right: Side) -> sp.csr_matrix:
    """The logistic-regression design matrix of a batch of pairs (symmetric)."""
    blocks = []
    for name in SPARSE_BLOCKS:
        a, b = left.vectors[name], right.vectors[name]
        blocks += [a.multiply(b), abs(a - b)]
    cross = _CROSS.transform(
        [_cross_terms(wa, wb) for wa, wb in zip(left.tokens, right.tokens, strict=True)]
    )
    char_cross = _CHAR_CROSS.transform(
        [_char_terms(a, b) for a, b in zip(left.texts, right.texts, strict=True)]
    )
    return sp.hstack([*blocks, cross, char_cross], format="csr", dtype=np.float32)
