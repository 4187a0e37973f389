"""Live coaching: hints after each customer turn, and a check of the agent's draft reply.

`coach_turn` reads the latest customer turn: its emotion (label, intensity) and the trend
over the customer's turns, the customer type with the approach to take, the needs-mining
questions the agent has not asked yet, FAQ answers from `knowledge` (any object with
`search(text, k) -> list[{id, question, answer, score}]`), and required disclosures (a
wealth product came up and no risk disclosure yet; an elderly customer). The emotion trend
is `components.emotion.emotion_trend` over the customer's turns when the registry has loaded
that component, else the same rule computed here (keys: direction rising / easing / steady,
negativity per customer turn, change, peak_turn). "Upset" and
"wealth product discussed" are the default rubric's named matchers, so coaching and
inspection agree.

`check_draft` finds, in a draft reply: forbidden / negative / commanding phrasing (with the
positive rewrite), jargon (with a plain explanation; a warning for elderly customers, a
note otherwise), personal data typed in full (with the masked form), promises of
guaranteed returns, and missing empathy when the customer is upset. Phrase offsets index
`DraftCheck.norm_text` (the normalised draft, personal data masked); PII offsets index the
draft as given. `ok` is False when any
finding is a `block` or a `warn`.
"""

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from xinfa.analysis.engine.components.customer_type import COACHING as TYPE_COACHING
from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.components.phrases import PhraseHit, PhraseResult, check_phrases
from xinfa.analysis.engine.components.phrases.lexicon import load_lexicon
from xinfa.analysis.engine.components.pii import find_pii, mask_pii
from xinfa.analysis.engine.pipeline import Pipeline
from xinfa.analysis.engine.qa.conversation import (
    MAX_MATCH_CHARS,
    Conversation,
    TurnView,
    prepare_turns,
)
from xinfa.analysis.engine.qa.inspect import compile_rubric
from xinfa.analysis.engine.qa.labels import turn_labels
from xinfa.analysis.engine.qa.matchers import Context
from xinfa.analysis.engine.qa.rubrics import default_rubric

MAX_DRAFT_CHARS = 5_000
KNOWLEDGE_K = 3
# FAQ hits scored below this (the pair model's paraphrase probability) only share words
# with the turn: shown to a busy agent they are noise (e.g. a fee FAQ for a fraud report).
KNOWLEDGE_MIN_SCORE = 0.3
NEEDS_PREFIX = "phrases.needs_mining."
# One natural question per needs-mining sub-category (lexicon sub-categories without one
# here fall back to their first lexicon phrase).
NEEDS_EXAMPLES = {
    "what": "请问您今天主要想办理什么业务？",
    "why": "方便说一下这笔资金主要打算用来做什么吗？",
    "how": "您更看重收益，还是资金随时能取？",
    "what_else": "除此之外，还有其他需要我帮您办理的吗？",
    "when": "这笔钱您大概什么时候要用？",
}
EMOTION_DISPLAY = {"neutral": "平静", "happy": "满意", "angry": "愤怒/不满", "fear": "焦虑/担忧",
                   "sad": "低落", "surprise": "惊讶"}  # fmt: skip
NEGATIVE_EMOTIONS = ("angry", "fear", "sad")
RISK_DISCLOSURE_TEXT = (
    "理财非存款，产品有风险，投资须谨慎。本产品不保证本金和收益，业绩比较基准不代表实际收益，"
    "过往业绩不代表未来表现。请您确认风险测评结果与产品风险等级相匹配，并仔细阅读产品说明书和风险揭示书。"
)
ELDERLY_TEXT = (
    "老年客户：放慢语速，用通俗的话分步骤说明，少用专业术语，关键信息请客户复述确认；"
    "涉及转账汇款时提醒防范电信诈骗。"
)
EMPATHY_SUGGESTION = (
    "客户情绪激动或担忧，请先表达理解再解释，例如：“非常理解您的心情，我马上帮您处理。”"
)
FEAR_HINT = "客户焦虑担忧：先安抚，说明资金安全措施和处理时限，再讲办理步骤。"
PII_SEVERITY = {"bank_card": "block", "id_number": "block", "mobile": "warn", "landline": "warn",
                "email": "warn"}  # fmt: skip


class Knowledge(Protocol):
    def search(self, text: str, k: int) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Coaching:
    """Hints for the agent after the latest customer turn (`turn`, -1 when there is none)."""

    turn: int
    emotion: dict[str, Any] | None = None
    emotion_trend: dict[str, Any] = field(default_factory=dict)
    customer_type: dict[str, Any] | None = None
    is_upset: bool = False
    approach: list[str] = field(default_factory=list)
    needs_questions: list[dict[str, str]] = field(default_factory=list)
    knowledge: list[dict[str, Any]] = field(default_factory=list)
    disclosures: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn, "emotion": self.emotion, "emotion_trend": self.emotion_trend,
            "customer_type": self.customer_type, "is_upset": self.is_upset,
            "approach": list(self.approach), "needs_questions": list(self.needs_questions),
            "knowledge": list(self.knowledge), "disclosures": list(self.disclosures),
        }  # fmt: skip


@dataclass(frozen=True)
class DraftFinding:
    kind: str  # forbidden | negative | commanding | jargon | pii | mis_selling | missing_empathy
    severity: str  # block | warn | info
    start: int
    end: int
    text: str
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "start": self.start,
                "end": self.end, "text": self.text, "suggestion": self.suggestion}  # fmt: skip


@dataclass(frozen=True)
class DraftCheck:
    ok: bool
    norm_text: str
    findings: list[DraftFinding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "norm_text": self.norm_text,
                "findings": [finding.to_dict() for finding in self.findings]}  # fmt: skip


def _context(turns: list[TurnView], conversation: Conversation) -> Context:
    compiled = compile_rubric(default_rubric())
    return Context(turns, conversation.channel, dict(conversation.customer or {}), compiled.node)


def _plain(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    data = value.to_dict() if hasattr(value, "to_dict") else value
    return data if isinstance(data, dict) else None


def _emotion(annotations: dict[str, Any] | None) -> dict[str, Any] | None:
    data = _plain((annotations or {}).get("emotion"))
    if not data or "label" not in data:
        return None
    label = str(data["label"])
    probability = float((data.get("probabilities") or {}).get(label, data.get("confidence", 0.0)))
    return {"label": label, "display": EMOTION_DISPLAY.get(label, label),
            "intensity": round(float(data.get("intensity", probability) or 0.0), 4),
            "probability": round(probability, 4)}  # fmt: skip


def _negativity(annotations: Mapping[str, Any]) -> float:
    data = _plain(annotations.get("emotion")) or {}
    probabilities = data.get("probabilities") or {}
    return round(sum(float(probabilities.get(name, 0.0)) for name in NEGATIVE_EMOTIONS), 4)


def _own_trend(scores: list[float], window: int = 3) -> dict[str, Any]:
    """Same rule as emotion.emotion_trend, for when that component is not installed."""
    if len(scores) < 2:
        return {"direction": "steady", "negativity": scores, "change": 0.0,
                "peak_turn": 0 if scores else None}  # fmt: skip
    recent_size = min(window, len(scores) - 1)
    recent, earlier = scores[-recent_size:], scores[:-recent_size][-window:]
    change = round(sum(recent) / len(recent) - sum(earlier) / len(earlier), 4)
    direction = "rising" if change > 0.15 else "easing" if change < -0.15 else "steady"
    peak = max(range(len(scores)), key=scores.__getitem__)
    return {"direction": direction, "negativity": scores, "change": change, "peak_turn": peak}


def _trend(annotations: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Trend of the customer's negative emotion over their turns (B1's emotion_trend)."""
    # Only when the registry loaded it: importing it here would register the component
    # and change the default pipeline of the whole process.
    module = sys.modules.get("xinfa.analysis.engine.components.emotion")
    if module is None:
        return _own_trend([_negativity(item) for item in annotations])
    EmotionResult, emotion_trend = module.EmotionResult, module.emotion_trend
    results = []
    for item in annotations:
        data = _plain(item.get("emotion")) or {}
        probabilities = {k: float(v) for k, v in (data.get("probabilities") or {}).items()}
        results.append(EmotionResult(str(data.get("label", "neutral")), probabilities,
                                     float(data.get("intensity") or 0.0),
                                     float(data.get("confidence") or 0.0)))  # fmt: skip
    trend: dict[str, Any] = emotion_trend(results).to_dict()
    trend["negativity"] = list(trend["negativity"])
    return trend


def _needs_questions(turns: list[TurnView]) -> list[dict[str, str]]:
    category = load_lexicon().categories["needs_mining"]
    asked = set()
    for turn in turns:
        if turn.speaker == "agent":
            asked |= {name for name in turn.labels.present if name.startswith(NEEDS_PREFIX)}
    examples = dict(NEEDS_EXAMPLES)
    for entry in load_lexicon().entries:
        if entry.category == "needs_mining" and entry.subcategory:
            examples.setdefault(entry.subcategory, f"请问{entry.phrase}?")
    return [
        {"sub": sub, "name": name, "example": examples.get(sub, "")}
        for sub, name in category.subcategories.items()
        if f"{NEEDS_PREFIX}{sub}" not in asked
    ]


def _approach(
    customer_type: dict[str, Any] | None, emotion: dict[str, Any] | None, is_upset: bool
) -> list[str]:
    hints = []
    label = (customer_type or {}).get("label")
    if isinstance(label, str) and label in TYPE_COACHING:
        hints.append(TYPE_COACHING[label].hint)
    if is_upset and label != "agitated":
        hints.append(TYPE_COACHING["agitated"].hint)
    if emotion and emotion["label"] == "fear":
        hints.append(FEAR_HINT)
    return hints


def _disclosures(ctx: Context, conversation: Conversation) -> list[dict[str, str]]:
    items = []
    disclosed = any(
        turn.speaker == "agent" and "phrases.risk_disclosure" in turn.labels.present
        for turn in ctx.turns
    )
    if ctx.resolve("wealth_talk") and not disclosed:
        items.append({"code": "risk_disclosure", "text": RISK_DISCLOSURE_TEXT})
    if (conversation.customer or {}).get("is_elderly"):
        items.append({"code": "elderly_plain_language", "text": ELDERLY_TEXT})
    return items


def coach_turn(
    conversation: Conversation,
    *,
    pipeline: Pipeline | None = None,
    knowledge: Knowledge | None = None,
) -> Coaching:
    """Coach the agent on the latest customer turn of an open conversation.

    Raises:
        PipelineError: the default pipeline cannot be built (a broken install).
        Exception: whatever `knowledge.search` raises is passed on.
    """
    turns = prepare_turns(conversation, pipeline)
    customer = [turn.index for turn in turns if turn.speaker == "customer"]
    if not customer:
        return Coaching(turn=-1, needs_questions=_needs_questions(turns))
    latest = customer[-1]
    annotations = dict(turns[latest].annotations)
    ctx = _context(turns, conversation)
    is_upset = latest in ctx.resolve("upset_customer")
    emotion = _emotion(annotations)
    customer_type = _plain(annotations.get("customer_type"))
    if customer_type is not None:
        customer_type = {key: customer_type.get(key) for key in ("label", "display", "hint")}
    found = knowledge.search(turns[latest].text, KNOWLEDGE_K) if knowledge is not None else []
    return Coaching(
        turn=latest,
        emotion=emotion,
        emotion_trend=_trend([turns[i].annotations for i in customer]),
        customer_type=customer_type,
        is_upset=is_upset,
        approach=_approach(customer_type, emotion, is_upset),
        needs_questions=_needs_questions(turns),
        knowledge=_relevant(found),
        disclosures=_disclosures(ctx, conversation),
    )


def _phrase_findings(
    norm: str, hits: tuple[PhraseHit, ...], *, is_elderly: bool
) -> list[DraftFinding]:
    findings = []
    for hit in hits:
        text = norm[hit.start : hit.end]
        if hit.category in ("forbidden", "negative", "commanding"):
            findings.append(DraftFinding(hit.category, "warn", hit.start, hit.end, text,
                                         hit.rewrite or ""))  # fmt: skip
        elif hit.category == "guaranteed_return":
            findings.append(DraftFinding("mis_selling", "block", hit.start, hit.end, text,
                                         hit.rewrite or RISK_DISCLOSURE_TEXT))  # fmt: skip
        elif hit.category == "jargon":
            severity = "warn" if is_elderly else "info"
            findings.append(DraftFinding("jargon", severity, hit.start, hit.end, text,
                                         f"{text}：{hit.explanation or ''}"))  # fmt: skip
    return findings


def check_draft(
    text: str, conversation: Conversation, *, pipeline: Pipeline | None = None
) -> DraftCheck:
    """Check an agent's draft reply before it is sent.

    Raises:
        PipelineError: the default pipeline cannot be built (a broken install).
    """
    draft = (text or "")[:MAX_DRAFT_CHARS]
    norm = normalize_text(draft)
    is_elderly = bool((conversation.customer or {}).get("is_elderly"))
    hits = check_phrases(norm).hits
    findings = _phrase_findings(norm, hits, is_elderly=is_elderly)
    for span in find_pii(draft):
        findings.append(DraftFinding("pii", PII_SEVERITY.get(span.type, "warn"), span.start,
                                     span.end, span.masked, span.masked))  # fmt: skip
    draft_view = TurnView(0, "agent", norm[:MAX_MATCH_CHARS],
                          turn_labels({"phrases": PhraseResult(hits)}, norm))  # fmt: skip
    if not _shows_empathy([draft_view]) and _needs_empathy(conversation, pipeline):
        findings.append(DraftFinding("missing_empathy", "warn", 0, 0, "", EMPATHY_SUGGESTION))
    findings.sort(key=lambda item: (item.start, item.end, item.kind))
    ok = not any(finding.severity in ("block", "warn") for finding in findings)
    return DraftCheck(ok=ok, norm_text=mask_pii(norm), findings=findings)


def _needs_empathy(conversation: Conversation, pipeline: Pipeline | None) -> bool:
    """True when the latest customer turn is upset and no agent has acknowledged it since."""
    turns = prepare_turns(conversation, pipeline)
    customer = [turn.index for turn in turns if turn.speaker == "customer"]
    if not customer:
        return False
    ctx = _context(turns, conversation)
    if customer[-1] not in ctx.resolve("upset_customer"):
        return False
    later = [turn for turn in turns[customer[-1] + 1 :] if turn.speaker == "agent"]
    return not _shows_empathy(later)


def _shows_empathy(turns: list[TurnView]) -> bool:
    """Whether any of these turns matches the default rubric's `empathy` matcher."""
    if not turns:
        return False
    compiled = compile_rubric(default_rubric())
    ctx = Context(turns, "", {}, compiled.node)
    return bool(compiled.node("empathy").evaluate(ctx, list(range(len(turns)))))


def _relevant(found: list[Any]) -> list[dict[str, Any]]:
    """FAQ hits as plain dicts, without those the knowledge base scored as unrelated."""
    items = [dict(item) if isinstance(item, dict) else _plain(item) or {} for item in found]
    return [
        item
        for item in items
        if not isinstance(item.get("score"), int | float) or item["score"] >= KNOWLEDGE_MIN_SCORE
    ]
