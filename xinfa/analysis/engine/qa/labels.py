"""Label names a rubric may use, and the labels one analysed turn carries.

Label names are `<annotation>.<value>` (e.g. `emotion.angry`, `intent.wealth_products`,
`pii.bank_card`, `phrases.empathy`, `phrases.needs_mining.why`). The list of known names is
built from the components' own label tuples and the shipped phrase lexicon, so a new
phrase category or intent shows up here without a second list to keep in step.

Probability labels (emotion, sentiment, intent, customer_type) carry the probability the
component gave; the argmax label is "present". Span labels (phrases, pii) carry their
offsets: phrase offsets index the turn's normalised text, PII offsets the raw text (as the
PII component reports them); a PII span's evidence text is always the masked form.
"""

import csv
import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xinfa.analysis.engine.components.customer_type import EMOTION_LABELS
from xinfa.analysis.engine.components.customer_type import LABELS as CUSTOMER_TYPE_LABELS
from xinfa.analysis.engine.components.phrases import PATTERN_CATEGORIES
from xinfa.analysis.engine.components.phrases.lexicon import PHRASE_DIR, load_lexicon
from xinfa.analysis.engine.components.phrases.patterns import SELF_INTRODUCTION_NAMES
from xinfa.analysis.engine.components.pii import PII_TYPES

INTENT_FILE = PHRASE_DIR.parent / "intents" / "zh_banking_intents.csv"
SENTIMENT_LABELS = ("positive", "negative")  # the engine contract's names, until the task exists
PROBABILITY_ANNOTATIONS = ("emotion", "sentiment", "intent", "customer_type")
# A span: (start, end, evidence text, suggestion).
Span = tuple[int, int, str, str]


@functools.cache
def intent_labels() -> tuple[str, ...]:
    """Intent names of the shipped Chinese banking intent set."""
    with INTENT_FILE.open(encoding="utf-8") as handle:
        return tuple(sorted({row["label"] for row in csv.DictReader(handle)}))


def _task_labels(task: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
    """The label tuple of a trainable task module, or the contract's list before it exists."""
    try:
        module = importlib.import_module(f"xinfa.analysis.engine.tasks.{task}")
    except ImportError:
        return fallback
    return tuple(getattr(module, "LABELS", fallback))


@functools.cache
def known_labels() -> frozenset[str]:
    """Every label name the engine's components can produce."""
    names = {f"emotion.{name}" for name in _task_labels("emotion", EMOTION_LABELS)}
    names |= {f"customer_type.{name}" for name in CUSTOMER_TYPE_LABELS}
    names |= {f"sentiment.{name}" for name in _task_labels("sentiment", SENTIMENT_LABELS)}
    names |= {f"intent.{name}" for name in intent_labels()}
    names |= {f"pii.{name}" for name in PII_TYPES}
    lexicon = load_lexicon()
    for code, category in lexicon.categories.items():
        names.add(f"phrases.{code}")
        names |= {f"phrases.{code}.{sub}" for sub in category.subcategories}
    names |= {f"phrases.{code}" for code in PATTERN_CATEGORIES}
    names |= {f"phrases.self_introduction.{sub}" for sub in SELF_INTRODUCTION_NAMES}
    names |= {"phrases.restating", "phrases.restating.confirm"}
    return frozenset(names)


@dataclass
class TurnLabels:
    """The labels of one turn: present names, probabilities and spans."""

    present: set[str] = field(default_factory=set)
    probabilities: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[Span]] = field(default_factory=dict)


def _field(value: Any, name: str, default: Any = None) -> Any:
    # Plain dicts (stored annotations) and result objects; no ABC check, this runs per hit.
    if type(value) is dict:
        return value.get(name, default)
    if hasattr(value, name):
        return getattr(value, name)
    return value.get(name, default) if isinstance(value, Mapping) else default


def _add_probabilities(labels: TurnLabels, prefix: str, value: Any) -> None:
    label = _field(value, "label")
    if not isinstance(label, str):
        return
    labels.present.add(f"{prefix}.{label}")
    probabilities = _field(value, "probabilities")
    if isinstance(probabilities, Mapping):
        for name, probability in probabilities.items():
            labels.probabilities[f"{prefix}.{name}"] = float(probability)
    top = _field(value, "top")
    if isinstance(top, list | tuple):  # intent: ((label, p), ...) or [{label, probability}]
        for item in top:
            name, probability = (
                (item["label"], item["probability"]) if isinstance(item, dict) else item
            )
            labels.probabilities[f"{prefix}.{name}"] = float(probability)
    for key in ("probability", "confidence"):
        if isinstance(_field(value, key), int | float):
            labels.probabilities.setdefault(f"{prefix}.{label}", float(_field(value, key)))


def _add_span(labels: TurnLabels, name: str, span: Span) -> None:
    labels.present.add(name)
    labels.spans.setdefault(name, []).append(span)


def _add_phrases(labels: TurnLabels, value: Any, norm_text: str) -> None:
    hits = _field(value, "hits", ()) or ()
    for hit in hits:
        category, sub = _field(hit, "category"), _field(hit, "subcategory")
        start, end = int(_field(hit, "start", 0)), int(_field(hit, "end", 0))
        suggestion = _field(hit, "rewrite") or _field(hit, "explanation") or ""
        span = (start, end, norm_text[start:end], str(suggestion))
        _add_span(labels, f"phrases.{category}", span)
        if sub:
            _add_span(labels, f"phrases.{category}.{sub}", span)


def _add_pii(labels: TurnLabels, value: Any) -> None:
    for item in value or ():
        kind = _field(item, "type")
        start, end = int(_field(item, "start", 0)), int(_field(item, "end", 0))
        masked = str(_field(item, "masked", ""))
        _add_span(labels, f"pii.{kind}", (start, end, masked, masked))


def turn_labels(annotations: Mapping[str, Any], norm_text: str) -> TurnLabels:
    """Collect every label of one turn from its pipeline annotations (objects or dicts)."""
    labels = TurnLabels()
    for prefix in PROBABILITY_ANNOTATIONS:
        if annotations.get(prefix) is not None:
            _add_probabilities(labels, prefix, annotations[prefix])
    if annotations.get("phrases") is not None:
        _add_phrases(labels, annotations["phrases"], norm_text)
    if annotations.get("pii") is not None:
        _add_pii(labels, annotations["pii"])
    return labels
