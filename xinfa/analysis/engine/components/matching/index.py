"""FaqIndex: find the knowledge-base questions that a customer's question matches.

Retrieval is a TF-IDF cosine (characters, character pairs and words) over every indexed
question; the pair model then re-ranks the best `shortlist` of them. Scores are the pair
model's paraphrase probabilities, so they are comparable across queries.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import scipy.sparse as sp

from xinfa.analysis.engine.components.matching.matcher import WORD_RE, QuestionMatcher
from xinfa.analysis.engine.components.matching.pairs import Side

RETRIEVAL_BLOCKS = ("char1", "char2", "word1")


@dataclass(frozen=True)
class FaqEntry:
    """One knowledge-base question and its answer."""

    id: str
    question: str
    answer: str = ""


@dataclass(frozen=True)
class FaqHit:
    """A matched knowledge-base entry with the pair-model score and the retrieval score."""

    id: str
    question: str
    answer: str
    score: float
    retrieval_score: float
    is_match: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "score": round(self.score, 4),
            "retrieval_score": round(self.retrieval_score, 4),
            "is_match": self.is_match,
        }


def _retrieval_matrix(side: Side) -> sp.csr_matrix:
    blocks = [side.vectors[name] for name in RETRIEVAL_BLOCKS]
    return (sp.hstack(blocks, format="csr") / np.sqrt(len(blocks))).tocsr()


class FaqIndex:
    """An in-memory index of FAQ entries; build once, search many times."""

    def __init__(self, matcher: QuestionMatcher, *, shortlist: int = 20) -> None:
        self.matcher = matcher
        self.shortlist = shortlist
        self.entries_: list[FaqEntry] = []

    def build(self, entries: Iterable[FaqEntry]) -> Self:
        """Index the entries (replacing any earlier ones).

        Raises:
            ValueError: two entries share an id.
        """
        items = list(entries)
        ids = [entry.id for entry in items]
        if len(ids) != len(set(ids)):
            raise ValueError("FAQ entry ids must be unique")
        self.entries_ = items
        self.side_ = self.matcher.prepare([entry.question for entry in items])
        self.matrix_ = _retrieval_matrix(self.side_).T.tocsr() if items else None
        return self

    def __len__(self) -> int:
        return len(self.entries_)

    def search(self, query: str, *, k: int = 5) -> list[FaqHit]:
        """Return up to `k` entries, best first; an empty query or index gives [].

        Raises:
            Nothing: any query text gets a defined (possibly empty) result.
        """
        if not self.entries_ or k <= 0 or not query or not query.strip():
            return []
        if not WORD_RE.search(query):
            return []  # emoji or punctuation only: nothing to match on
        query_side = self.matcher.prepare([query])
        retrieval = np.asarray((_retrieval_matrix(query_side) @ self.matrix_).todense()).ravel()
        size = min(self.shortlist, int(np.count_nonzero(retrieval)))
        if size == 0:
            return []
        shortlist = np.argpartition(-retrieval, size - 1)[:size]
        scores = self.matcher.predict_proba_sides(
            query_side.take([0] * size), self.side_.take(shortlist)
        )
        order = sorted(range(size), key=lambda i: (-scores[i], -retrieval[shortlist[i]]))[:k]
        hits = []
        for i in order:
            entry = self.entries_[int(shortlist[i])]
            score = float(scores[i])
            hits.append(
                FaqHit(
                    entry.id,
                    entry.question,
                    entry.answer,
                    score,
                    float(retrieval[shortlist[i]]),
                    score >= self.matcher.threshold_,
                )
            )
        return hits

    def search_many(self, queries: Sequence[str], *, k: int = 5) -> list[list[FaqHit]]:
        """Search several queries (one result list per query)."""
        return [self.search(query, k=k) for query in queries]
