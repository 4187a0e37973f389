"""Phrase lexicons (YAML under resources/phrases/) compiled into one Aho-Corasick automaton."""

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from xinfa.analysis.engine.components.normalize import normalize_text

PHRASE_DIR = Path(__file__).resolve().parents[2] / "resources" / "phrases"
QUESTION_FILE = "questions.yaml"


class LexiconError(ValueError):
    """A phrase lexicon file is malformed."""


@dataclass(frozen=True)
class Entry:
    category: str
    phrase: str
    subcategory: str | None = None
    rewrite: str | None = None
    explanation: str | None = None
    is_exception: bool = False


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    negatable: bool = False
    question_only: bool = False
    subcategories: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionCues:
    open_cues: tuple[str, ...]
    closed_cues: tuple[str, ...]
    particles: tuple[str, ...]
    names: dict[str, str]


@dataclass
class Lexicon:
    """Every phrase entry, the categories they belong to and the built automaton."""

    entries: list[Entry]
    categories: dict[str, Category]
    questions: QuestionCues
    automaton: Any = None

    def build(self) -> "Lexicon":
        automaton = ahocorasick.Automaton()
        by_phrase: dict[str, list[int]] = {}
        for index, entry in enumerate(self.entries):
            by_phrase.setdefault(entry.phrase, []).append(index)
        for phrase, indexes in by_phrase.items():
            automaton.add_word(phrase, (len(phrase), tuple(indexes)))
        automaton.make_automaton()
        self.automaton = automaton
        return self


def _entry(category: str, raw: object, path: Path) -> Entry:
    if isinstance(raw, str):
        return Entry(category, normalize_text(raw))
    if isinstance(raw, dict) and isinstance(raw.get("phrase"), str):
        return Entry(
            category,
            normalize_text(raw["phrase"]),
            subcategory=raw.get("sub"),
            rewrite=raw.get("rewrite"),
            explanation=raw.get("explanation"),
        )
    raise LexiconError(f"{path.name}: bad entry {raw!r}")


def _read_category(path: Path) -> tuple[Category, list[Entry]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "category" not in data or "entries" not in data:
        raise LexiconError(f"{path.name}: needs 'category' and 'entries'")
    code = str(data["category"])
    category = Category(
        code,
        str(data.get("name", code)),
        negatable=bool(data.get("negatable", False)),
        question_only=bool(data.get("question_only", False)),
        subcategories=dict(data.get("subcategories") or {}),
    )
    entries = [_entry(code, raw, path) for raw in data["entries"]]
    entries += [
        Entry(code, normalize_text(str(text)), is_exception=True) for text in data.get("except", [])
    ]
    return category, entries


def _read_questions(path: Path) -> QuestionCues:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return QuestionCues(
        open_cues=tuple(data["open_question"]["cues"]),
        closed_cues=tuple(data["closed_question"]["cues"]),
        particles=tuple(data["particles"]),
        names={
            "open_question": data["open_question"]["name"],
            "closed_question": data["closed_question"]["name"],
        },
    )


@functools.cache
def load_lexicon(directory: Path = PHRASE_DIR) -> Lexicon:
    """Read every category file once and build the automaton.

    Raises:
        LexiconError: a file lacks its category or has a malformed entry.
    """
    entries: list[Entry] = []
    categories: dict[str, Category] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == QUESTION_FILE:
            continue
        category, category_entries = _read_category(path)
        categories[category.code] = category
        entries += category_entries
    questions = _read_questions(directory / QUESTION_FILE)
    return Lexicon(entries, categories, questions).build()
