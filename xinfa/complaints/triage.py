"""Pre-fill a complaint's category and severity from its text and the engine's reading."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from xinfa.complaints.enums import ComplaintCategory, Severity

_SEVERITY_ORDER: list[str] = [Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


@dataclass(frozen=True)
class TriageSuggestion:
    category: str
    severity: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Rules:
    intent_categories: dict[str, str]
    category_automaton: Any
    severity_automaton: Any
    amount_thresholds: list[tuple[Decimal, str]]


def _automaton(groups: dict[str, list[str]]) -> Any:
    automaton = ahocorasick.Automaton()
    for label, phrases in groups.items():
        for phrase in phrases:
            automaton.add_word(str(phrase), (label, str(phrase)))
    automaton.make_automaton()
    return automaton


@cache
def _rules() -> _Rules:
    data = yaml.safe_load((Path(__file__).parent / "triage.yaml").read_text(encoding="utf-8"))
    return _Rules(
        intent_categories=data["intent_categories"],
        category_automaton=_automaton(data["category_phrases"]),
        severity_automaton=_automaton(data["severity_phrases"]),
        amount_thresholds=[
            (Decimal(str(t["amount"])), t["severity"]) for t in data["amount_thresholds"]
        ],
    )


def _raise_to(current: str, candidate: str) -> str:
    return max(current, candidate, key=_SEVERITY_ORDER.index)


def suggest_triage(
    text: str,
    *,
    intent: str = "",
    emotion: str = "",
    intensity: float = 0.0,
    amount: Decimal | None = None,
) -> TriageSuggestion:
    """Suggest a category and a severity; engine results are passed in by the caller."""
    rules = _rules()
    reasons: list[str] = []
    votes: dict[str, int] = {}
    for _, (label, phrase) in rules.category_automaton.iter(text or ""):
        votes[label] = votes.get(label, 0) + 1
        reasons.append(f"类别关键词「{phrase}」")
    category = max(votes, key=lambda label: votes[label]) if votes else ""
    if not category and intent in rules.intent_categories:
        category = rules.intent_categories[intent]
        reasons.append(f"意图 {intent}")
    severity: str = Severity.LOW
    if emotion == "angry":
        severity = _raise_to(severity, Severity.HIGH if intensity >= 0.7 else Severity.MEDIUM)
        reasons.append(f"客户愤怒（强度 {intensity:.2f}）")
    for _, (level, phrase) in rules.severity_automaton.iter(text or ""):
        severity = _raise_to(severity, level)
        reasons.append(f"严重程度关键词「{phrase}」")
    if amount is not None:
        for threshold, level in rules.amount_thresholds:
            if amount >= threshold:
                severity = _raise_to(severity, level)
                reasons.append(f"争议金额 ≥ {threshold} 元")
                break
    return TriageSuggestion(category or ComplaintCategory.OTHER, severity, tuple(reasons))
