"""Phrase lexicons (YAML under resources/phrases/) compiled into one Aho-Corasick automaton."""

import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from xinfa.analysis.engine.components.normalize import normalize_text

PHRASE_DIR = Path(__file__).resolve().parents[2] / "resources" / "phrases"
QUESTION_FILE = "questions.yaml"
# One phrase line may stand for its variants: "(们)" is optional, "[你|您]" picks one,
# "(说|讲)" picks one or none.
_VARIANT_RE = re.compile(r"\(([^()\[\]]+)\)|\[([^()\[\]]+)\]")
MAX_VARIANTS = 256


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
    """Every phrase entry, the categories they belong to and the built automaton.

    `patterns` are the few regular expressions a category lists for phrasing too varied
    for a word list (找…去, 你自己…查); they run after the automaton, once per text.
    """

    entries: list[Entry]
    categories: dict[str, Category]
    questions: QuestionCues
    patterns: list[tuple[re.Pattern[str], Entry]] = field(default_factory=list)
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


def expand_variants(spec: str) -> list[str]:
    """Every concrete phrase a lexicon line stands for, in a stable order.

    "不归我(们)管" gives 不归我管 and 不归我们管; "[你|您]自己去" gives 你自己去 and 您自己去;
    "跟我(说|讲)没用" gives 跟我没用, 跟我说没用 and 跟我讲没用.

    Raises:
        LexiconError: unbalanced brackets, an empty choice, or more than MAX_VARIANTS forms.
    """
    parts: list[tuple[str, ...]] = []
    position = 0
    for match in _VARIANT_RE.finditer(spec):
        parts.append((spec[position : match.start()],))
        optional, required = match.groups()
        choices = tuple((optional or required).split("|"))
        if not all(choices):
            raise LexiconError(f"empty choice in phrase {spec!r}")
        options = ("", *choices) if optional else choices
        parts.append(options)
        position = match.end()
    parts.append((spec[position:],))
    if any(mark in chunk for options in parts for chunk in options for mark in "()[]|"):
        raise LexiconError(f"unbalanced brackets in phrase {spec!r}")
    count = 1
    for options in parts:
        count *= len(options)
    if count > MAX_VARIANTS:
        raise LexiconError(f"phrase {spec!r} stands for {count} variants (max {MAX_VARIANTS})")
    forms = ["".join(chosen) for chosen in itertools.product(*parts)]
    return list(dict.fromkeys(form for form in forms if form))


def _entries(category: str, raw: object, path: Path) -> list[Entry]:
    if isinstance(raw, str):
        raw = {"phrase": raw}
    if not (isinstance(raw, dict) and isinstance(raw.get("phrase"), str)):
        raise LexiconError(f"{path.name}: bad entry {raw!r}")
    try:
        forms = expand_variants(raw["phrase"])
    except LexiconError as exc:
        raise LexiconError(f"{path.name}: {exc}") from exc
    return [
        Entry(
            category,
            normalize_text(form),
            subcategory=raw.get("sub"),
            rewrite=raw.get("rewrite"),
            explanation=raw.get("explanation"),
        )
        for form in forms
    ]


def _patterns(category: str, raw: object, path: Path) -> list[tuple[re.Pattern[str], Entry]]:
    if not isinstance(raw, list):
        raise LexiconError(f"{path.name}: 'patterns' must be a list")
    compiled = []
    for item in raw:
        if not (isinstance(item, dict) and isinstance(item.get("regex"), str)):
            raise LexiconError(f"{path.name}: bad pattern {item!r}")
        try:
            pattern = re.compile(item["regex"])
        except re.error as exc:
            raise LexiconError(f"{path.name}: bad regex {item['regex']!r} ({exc})") from exc
        entry = Entry(category, item["regex"], item.get("sub"), item.get("rewrite"))
        compiled.append((pattern, entry))
    return compiled


def _read_category(
    path: Path,
) -> tuple[Category, list[Entry], list[tuple[re.Pattern[str], Entry]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path.name}: not valid YAML ({exc})") from exc
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
    entries = [entry for raw in data["entries"] for entry in _entries(code, raw, path)]
    entries += [
        Entry(code, entry.phrase, is_exception=True)
        for text in data.get("except", [])
        for entry in _entries(code, str(text), path)
    ]
    return category, entries, _patterns(code, data.get("patterns", []), path)


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
    patterns: list[tuple[re.Pattern[str], Entry]] = []
    categories: dict[str, Category] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == QUESTION_FILE:
            continue
        category, category_entries, category_patterns = _read_category(path)
        categories[category.code] = category
        entries += category_entries
        patterns += category_patterns
    questions = _read_questions(directory / QUESTION_FILE)
    return Lexicon(entries, categories, questions, patterns).build()
