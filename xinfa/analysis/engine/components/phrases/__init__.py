"""Agent-side phrase checks for quality inspection and live coaching.

Known limits (kept cheap on purpose): negation is only looked for in the few characters
before a phrase and only for categories marked `negatable` (guaranteed-return promises);
exceptions are listed per category (您好像 is not 您好); questions are found per clause
from punctuation, particles and cue words, so an unpunctuated run-on sentence counts as one
clause; self-introduction uses three small patterns (工号 / 姓名 / 部门) and misses free forms.
Lists and the few per-category regexes catch about half of the taboo phrasing that agents
write in their own words (docs/engine.md, "Agent phrase checks"); the rest goes unflagged.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.components.phrases.lexicon import Entry, Lexicon, load_lexicon
from xinfa.analysis.engine.components.phrases.patterns import (
    Question,
    find_questions,
    find_restating,
    find_self_introductions,
)
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.registry import component

PATTERN_CATEGORIES = ("self_introduction", "open_question", "closed_question")
_NEGATORS = (
    "不", "非", "没", "无", "别", "未", "并非", "不是", "不能", "不会", "无法", "没有",
    "不可能", "不存在", "不承诺", "不保证", "绝不", "并不", "不得", "禁止", "谈不上",
)  # fmt: skip


@dataclass(frozen=True)
class PhraseHit:
    """One matched phrase; offsets index the normalised text."""

    category: str
    subcategory: str | None
    phrase: str
    start: int
    end: int
    rewrite: str | None = None
    explanation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "subcategory": self.subcategory,
            "phrase": self.phrase,
            "start": self.start,
            "end": self.end,
            "rewrite": self.rewrite,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class PhraseResult:
    hits: tuple[PhraseHit, ...]
    flags: dict[str, bool] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"hits": [hit.to_dict() for hit in self.hits], "flags": dict(self.flags)}


def _raw_matches(text: str, lexicon: Lexicon) -> dict[str, list[tuple[int, int, Entry]]]:
    by_category: dict[str, list[tuple[int, int, Entry]]] = defaultdict(list)
    for last, (length, indexes) in lexicon.automaton.iter(text):
        for index in indexes:
            entry = lexicon.entries[index]
            by_category[entry.category].append((last + 1 - length, last + 1, entry))
    for pattern, entry in lexicon.patterns:
        for match in pattern.finditer(text):
            by_category[entry.category].append((match.start(), match.end(), entry))
    return by_category


def _outermost(matches: list[tuple[int, int, Entry]]) -> list[tuple[int, int, Entry]]:
    """Drop matches inside a longer match (or an exception) of the same category."""
    matches.sort(key=lambda item: (item[0], -item[1], not item[2].is_exception))
    kept = []
    reach = -1
    for start, end, entry in matches:
        if end <= reach:
            continue
        reach = end
        if not entry.is_exception:
            kept.append((start, end, entry))
    return kept


def _is_negated(text: str, start: int) -> bool:
    return text[max(0, start - 4) : start].endswith(_NEGATORS)


def _in_question(start: int, end: int, questions: list[Question]) -> bool:
    return any(q.start <= start and end <= q.end for q in questions)


@functools.cache
def flag_codes() -> tuple[str, ...]:
    """Every category a `PhraseResult` flags, lexicon categories first."""
    return (*load_lexicon().categories, *PATTERN_CATEGORIES)


def check_phrases(norm_text: str) -> PhraseResult:
    """Run every phrase check over an already normalised text."""
    lexicon = load_lexicon()
    questions = find_questions(norm_text, lexicon.questions) if norm_text else []
    hits: list[PhraseHit] = []
    for code, matches in _raw_matches(norm_text, lexicon).items():
        category = lexicon.categories[code]
        for start, end, entry in _outermost(matches):
            if category.negatable and _is_negated(norm_text, start):
                continue
            if category.question_only and not _in_question(start, end, questions):
                continue
            # The matched text: a pattern entry's phrase is its regex.
            sub, phrase = entry.subcategory, norm_text[start:end]
            hits.append(PhraseHit(code, sub, phrase, start, end, entry.rewrite, entry.explanation))
    for subcategory, found, start, end in find_self_introductions(norm_text):
        hits.append(PhraseHit("self_introduction", subcategory, found, start, end))
    for found, start, end in find_restating(norm_text):
        hits.append(PhraseHit("restating", "confirm", found, start, end))
    hits += [PhraseHit(q.kind, None, q.cue, q.start, q.end) for q in questions]
    hits.sort(key=lambda hit: (hit.start, hit.end, hit.category))
    present = {hit.category for hit in hits}
    return PhraseResult(tuple(hits), {code: code in present for code in flag_codes()})


def suggest_rewrites(text: str) -> list[PhraseHit]:
    """Return the hits of one draft reply that carry a rewrite or a plain explanation.

    Used for live coaching: the text is normalised first and offsets index that form.
    """
    result = check_phrases(normalize_text(text))
    return [hit for hit in result.hits if hit.rewrite or hit.explanation]


@component("phrases.lexicon", version=1, requires=("norm_text",), assigns=("phrases",))
class LexiconPhrases:
    """Check agent phrasing (greeting, forbidden words, risk disclosure...) against lexicons."""

    def __init__(self) -> None:
        load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        """Write `phrases` (a PhraseResult over `doc.norm_text`).

        Raises:
            LexiconError: a shipped lexicon file is malformed (a broken install).
        """
        doc.annotations["phrases"] = check_phrases(doc.norm_text)
        return doc


__all__ = [
    "LexiconPhrases",
    "PhraseHit",
    "PhraseResult",
    "check_phrases",
    "flag_codes",
    "suggest_rewrites",
]
