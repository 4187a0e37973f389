"""Conversations to inspect, and the per-turn view the matchers read.

Limits (so an enormous conversation returns quickly instead of hanging): the pipeline reads
at most `MAX_MATCH_CHARS` characters of a turn it analyses, matching reads at most that many
characters of each turn's normalised text, and only the first `MAX_TURNS` turns are
inspected (`InspectionResult.truncated` says when turns were left out).
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline
from xinfa.analysis.engine.qa.labels import TurnLabels, turn_labels
from xinfa.analysis.engine.registry import registered_components

MAX_MATCH_CHARS = 2_000
MAX_TURNS = 10_000
SPEAKERS = ("customer", "agent", "bot")
# Used when `engine/defaults.py` (the shared turn pipeline) is not there yet.
_FALLBACK_PIPELINE = (
    "normalize.zh.v1", "segment.jieba.v1", "pii.regex.v1", "phrases.lexicon.v1",
    "emotion.linear.v1", "sentiment.linear.v1", "intent.linear.v1", "customer_type.linear.v1",
)  # fmt: skip


@dataclass
class Turn:
    """One turn: who spoke, the raw text, and the pipeline annotations (None: not analysed)."""

    speaker: str
    text: str
    annotations: dict[str, Any] | None = None


@dataclass
class Conversation:
    """The turns of one conversation, its channel and the customer's segment flags."""

    turns: list[Turn]
    channel: str = ""
    customer: dict[str, Any] = field(default_factory=dict)


@dataclass
class TurnView:
    """What the matchers read of one turn."""

    index: int
    speaker: str
    text: str  # normalised, capped at MAX_MATCH_CHARS
    labels: TurnLabels
    annotations: Mapping[str, Any] = field(default_factory=dict)


def _available_keys(names: Sequence[str]) -> list[str]:
    specs = registered_components()
    assigned: set[str] = set()
    keys = []
    for key in names:
        spec = specs.get(key)
        if spec is None or any(name not in assigned for name in spec.requires):
            continue
        keys.append(key)
        assigned.update(spec.assigns)
    return keys


@functools.cache
def default_pipeline() -> Pipeline:
    """The shared turn pipeline (engine/defaults.py), or every fallback component present.

    Raises:
        PipelineError: a shipped model file is missing or broken.
    """
    try:
        from xinfa.analysis.engine.defaults import DEFAULT_TURN_PIPELINE

        names: Sequence[str] = DEFAULT_TURN_PIPELINE
    except ImportError:
        names = _FALLBACK_PIPELINE
    return build_pipeline(_available_keys(names))


def annotate(
    conversation: Conversation, pipeline: Pipeline | None = None
) -> list[Mapping[str, Any]]:
    """Return the annotations of each inspected turn, running the pipeline where missing."""
    turns = conversation.turns[:MAX_TURNS]
    missing = [i for i, turn in enumerate(turns) if turn.annotations is None]
    found: dict[int, Mapping[str, Any]] = {}
    if missing:
        runner = pipeline or default_pipeline()
        docs = [
            Doc(
                text=(turns[i].text or "")[:MAX_MATCH_CHARS],
                speaker=turns[i].speaker,
                channel=conversation.channel,
            )
            for i in missing
        ]
        for i, doc in zip(missing, runner.pipe(docs), strict=True):
            found[i] = doc.annotations
    return [
        turn.annotations if turn.annotations is not None else found[i]
        for i, turn in enumerate(turns)
    ]


def prepare_turns(conversation: Conversation, pipeline: Pipeline | None = None) -> list[TurnView]:
    """Build the matcher view of each inspected turn."""
    views = []
    annotations = annotate(conversation, pipeline)
    for index, (turn, found) in enumerate(zip(conversation.turns, annotations, strict=False)):
        norm = found.get("norm_text")
        if not isinstance(norm, str):  # annotations without the normaliser's output
            norm = normalize_text((turn.text or "")[:MAX_MATCH_CHARS])
        text = norm[:MAX_MATCH_CHARS]
        views.append(TurnView(index, turn.speaker, text, turn_labels(found, text), found))
    return views
