"""What the bot reads from a customer turn: the engine's labels and FAQ matches.

Both sources are other teams' code that may be missing or still loading models, so the
bot degrades (no labels, no FAQ) instead of failing the customer's message.
"""

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

HUMAN_WORDS = ("人工", "真人", "客服人员", "转坐席")


@dataclass(frozen=True)
class TurnReading:
    """The engine's view of one customer turn (empty labels when it could not run)."""

    intent: str = ""
    intent_confidence: float = 0.0
    emotion: str = ""
    emotion_intensity: float = 0.0
    customer_type: str = ""
    customer_type_confidence: float = 0.0
    asks_for_person: bool = False


@dataclass(frozen=True)
class FaqAnswer:
    question: str
    answer: str
    score: float


@cache
def _fallback_pipeline() -> Any:
    from xinfa.analysis.engine import build_pipeline
    from xinfa.analysis.engine.defaults import available_turn_pipeline

    return build_pipeline(available_turn_pipeline(), model_dir=settings.ANALYSIS_MODEL_DIR)


def _annotations(text: str) -> dict[str, Any]:
    from xinfa.analysis.engine import Doc
    from xinfa.analysis.engine.pipeline import PipelineError
    from xinfa.analysis.services import text_analyze

    try:
        return dict(text_analyze(text=text)["annotations"])
    except PipelineError:
        # Some default components are not installed here; run those that are.
        try:
            return dict(_fallback_pipeline()(Doc(text=text)).to_dict()["annotations"])
        except (PipelineError, OSError, ValueError) as exc:
            logger.warning("chat bot: analysis unavailable (%s)", type(exc).__name__)
            return {}


def turn_read(text: str) -> TurnReading:
    """Read intent, emotion and customer type of a customer turn."""
    found = _annotations(text)
    intent = found.get("intent") or {}
    emotion = found.get("emotion") or {}
    kind = found.get("customer_type") or {}
    label = str(intent.get("label", ""))
    return TurnReading(
        intent=label,
        intent_confidence=float(intent.get("confidence", 0.0)),
        emotion=str(emotion.get("label", "")),
        emotion_intensity=float(emotion.get("intensity", 0.0)),
        customer_type=str(kind.get("label", "")),
        customer_type_confidence=float(kind.get("confidence", 0.0)),
        asks_for_person=label == "human_agent" or any(word in text for word in HUMAN_WORDS),
    )


def _field(hit: Any, name: str, default: Any = "") -> Any:
    if isinstance(hit, dict):
        return hit.get(name, default)
    return getattr(hit, name, default)


def audience_for(customer: Any) -> str | None:
    """Return the knowledge-base audience whose answers suit this customer, if any."""
    if customer is None:
        return None
    if customer.kind == "corporate":
        return "corporate"
    if customer.is_elderly:
        return "elderly"
    return None


def faq_lookup(text: str, *, k: int = 3, audience: str | None = None) -> list[FaqAnswer]:
    """Return the knowledge base's best FAQ matches, best first ([] without a knowledge base)."""
    try:
        from xinfa.knowledge.selectors import knowledge_search
    except ImportError:
        return []
    answers = []
    hits = (
        knowledge_search(text=text, k=k, audience=audience)
        if audience
        else (knowledge_search(text=text, k=k))
    )
    for hit in hits:
        entry = _field(hit, "faq", None) or _field(hit, "entry", None) or hit
        answers.append(
            FaqAnswer(
                question=str(_field(entry, "question")),
                answer=str(_field(entry, "answer")),
                score=float(_field(hit, "score", 0.0)),
            )
        )
    return sorted(answers, key=lambda item: item.score, reverse=True)
