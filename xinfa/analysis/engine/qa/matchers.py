"""Matchers: the rule language, compiled to small node objects and run over turns.

A matcher is a mapping; all of its keys must hold for a turn (an implicit `all_of`).
It yields the matching turns, each with evidence spans.

Operators (turn content):
- `keywords: [a, b]` or `{any: [...], at_least: N, all: [...], none: [...]}`: substrings of
  the normalised turn text (keywords are normalised the same way: Traditional, full width).
- `regex: "..."` or `{pattern, exclude, ignore_case}`: RE2 (linear time); a turn matching
  `exclude` is not a hit.
- `semantic: {examples: [...], threshold: 0.6}`: cosine of character 1-2-gram vectors
  (sublinear tf, L2) against the best example; cheap and deterministic.
- `label: phrases.empathy` (+ `min_probability: 0.5`): an engine label (see `labels.py`);
  without `min_probability` a probability label must be the component's top label.
- `count: {of: <matcher>, at_least: N, at_most: N}` (`>=` / `<=` accepted): a conversation
  test on the number of turns `of` matches; when it holds every candidate turn passes and
  the counted turns give the evidence.

Conditions:
- `speaker: agent` (or a list of customer / agent / bot);
- `position: {first: N}` / `{last: N}`: the first / last N turns of the conversation;
- `within: {after: NAME, turns: N, counting: agent}` (or `before`): turns at most N turns
  (of the `counting` speaker, default all turns; no `turns`: anywhere) after / before a hit
  of NAME, a rule id (its expect, else forbid matcher) or a named matcher;
- `channel: [phone, chat]`, `customer: {is_elderly: true, vip_tier: [gold, platinum]}`:
  conversation conditions (all turns or none); a true/false flag missing from the
  customer's segment flags counts as false;
- `all_of: [...]`, `any_of: [...]`, `not: {...}`, `ref: NAME`.
"""

import bisect
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.qa.conversation import TurnView
from xinfa.analysis.engine.qa.labels import Span
from xinfa.analysis.engine.qa.validation import compile_regex

Hits = dict[int, list[Span]]
MAX_SPANS_PER_TURN = 5
WHOLE_TURN_CHARS = 80


def _whole(turn: TurnView) -> Span:
    end = min(len(turn.text), WHOLE_TURN_CHARS)
    return (0, end, turn.text[:end], "")


def char_vector(text: str) -> dict[str, float]:
    """Character 1- and 2-gram vector (sublinear tf, L2-normalised) of a short text."""
    counts = Counter(text)
    counts.update(text[i : i + 2] for i in range(len(text) - 1))
    weights = {gram: 1.0 + math.log(count) for gram, count in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {gram: w / norm for gram, w in weights.items()}


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(w * right.get(gram, 0.0) for gram, w in left.items())


@dataclass
class Context:
    """One evaluation: the turns, the conversation facts and the reference cache."""

    turns: list[TurnView]
    channel: str
    customer: dict[str, Any]
    resolve_node: Callable[[str], "Node"]
    cache: dict[str, Hits] = field(default_factory=dict)
    vectors: dict[int, dict[str, float]] = field(default_factory=dict)

    @property
    def all_turns(self) -> list[int]:
        return list(range(len(self.turns)))

    def resolve(self, name: str) -> Hits:
        if name not in self.cache:
            self.cache[name] = self.resolve_node(name).evaluate(self, self.all_turns)
        return self.cache[name]


class Node:
    cost = 5

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        raise NotImplementedError


class AllOf(Node):
    cost = 6

    def __init__(self, children: list[Node]) -> None:
        self.children = sorted(children, key=lambda node: node.cost)

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        # Cheapest child first; each later child only sees the turns still standing.
        result = self.children[0].evaluate(ctx, candidates)
        for child in self.children[1:]:
            if not result:
                break
            found = child.evaluate(ctx, list(result))
            result = {i: result[i] + spans for i, spans in found.items() if i in result}
        return result


class AnyOf(Node):
    cost = 6

    def __init__(self, children: list[Node]) -> None:
        self.children = children

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        result: Hits = {}
        for child in self.children:
            for i, spans in child.evaluate(ctx, candidates).items():
                result.setdefault(i, []).extend(spans)
        return dict(sorted(result.items()))


class Not(Node):
    cost = 6

    def __init__(self, child: Node) -> None:
        self.child = child

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        found = self.child.evaluate(ctx, candidates)
        return {i: [] for i in candidates if i not in found}


class Keywords(Node):
    cost = 4

    def __init__(self, spec: dict[str, Any]) -> None:
        self.any = [normalize_text(word) for word in spec.get("any", ())]
        self.all = [normalize_text(word) for word in spec.get("all", ())]
        self.none = [normalize_text(word) for word in spec.get("none", ())]
        self.at_least = int(spec.get("at_least", 1))

    def _spans(self, text: str, words: list[str]) -> list[Span]:
        spans = []
        for word in words[:MAX_SPANS_PER_TURN]:
            start = text.find(word)
            spans.append((start, start + len(word), word, ""))
        return spans

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        result: Hits = {}
        for i in candidates:
            text = ctx.turns[i].text
            if self.none and any(word in text for word in self.none):
                continue
            found: list[str] = []
            if self.any:
                found = [word for word in self.any if word in text]
                if len(found) < self.at_least:
                    continue
            if self.all:
                if not all(word in text for word in self.all):
                    continue
                found += self.all
            result[i] = self._spans(text, found) if found else [_whole(ctx.turns[i])]
        return result


class Regex(Node):
    cost = 5

    def __init__(self, spec: dict[str, Any]) -> None:
        case = bool(spec.get("ignore_case"))
        self.pattern = compile_regex(spec["pattern"], ignore_case=case)
        exclude = spec.get("exclude")
        self.exclude = compile_regex(exclude, ignore_case=case) if exclude else None

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        result: Hits = {}
        for i in candidates:
            text = ctx.turns[i].text
            if self.pattern.search(text) is None:
                continue
            if self.exclude is not None and self.exclude.search(text) is not None:
                continue
            spans = []
            for match in self.pattern.finditer(text):
                spans.append((match.start(), match.end(), match.group(), ""))
                if len(spans) >= MAX_SPANS_PER_TURN:
                    break
            result[i] = spans
        return result


class Semantic(Node):
    cost = 7

    def __init__(self, spec: dict[str, Any]) -> None:
        self.examples = [char_vector(normalize_text(text)) for text in spec["examples"]]
        self.threshold = float(spec["threshold"])

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        result: Hits = {}
        for i in candidates:
            if i not in ctx.vectors:
                ctx.vectors[i] = char_vector(ctx.turns[i].text)
            vector = ctx.vectors[i]
            best = max(cosine(vector, example) for example in self.examples) if vector else 0.0
            if best >= self.threshold:
                result[i] = [_whole(ctx.turns[i])]
        return result


class Label(Node):
    cost = 3

    def __init__(self, name: str, min_probability: float | None) -> None:
        self.name = name
        self.min_probability = min_probability

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        result: Hits = {}
        for i in candidates:
            labels = ctx.turns[i].labels
            if self.min_probability is None:
                if self.name not in labels.present:
                    continue
            else:
                present = 1.0 if self.name in labels.spans else 0.0
                if labels.probabilities.get(self.name, present) < self.min_probability:
                    continue
            spans = labels.spans.get(self.name)
            result[i] = list(spans[:MAX_SPANS_PER_TURN]) if spans else [_whole(ctx.turns[i])]
        return result


class Count(Node):
    cost = 6

    def __init__(self, of: Node, at_least: int | None, at_most: int | None) -> None:
        self.of = of
        self.at_least = at_least
        self.at_most = at_most

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        found = self.of.evaluate(ctx, ctx.all_turns)
        if self.at_least is not None and len(found) < self.at_least:
            return {}
        if self.at_most is not None and len(found) > self.at_most:
            return {}
        # Every candidate passes; the counted turns among them carry the evidence.
        return {i: list(found.get(i, ())) for i in candidates}


class Speaker(Node):
    cost = 1

    def __init__(self, speakers: list[str]) -> None:
        self.speakers = frozenset(speakers)

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        return {i: [] for i in candidates if ctx.turns[i].speaker in self.speakers}


class Position(Node):
    cost = 1

    def __init__(self, spec: dict[str, int]) -> None:
        self.first = spec.get("first")
        self.last = spec.get("last")

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        if self.first is not None:
            return {i: [] for i in candidates if i < self.first}
        start = len(ctx.turns) - (self.last or 0)
        return {i: [] for i in candidates if i >= start}


class Channel(Node):
    cost = 0

    def __init__(self, channels: list[str]) -> None:
        self.channels = frozenset(channels)

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        return {i: [] for i in candidates} if ctx.channel in self.channels else {}


class Customer(Node):
    cost = 0

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def _holds(self, customer: dict[str, Any]) -> bool:
        for key, expected in self.spec.items():
            value = customer.get(key)
            if isinstance(expected, bool):  # a missing flag is a false flag
                if bool(value) != expected:
                    return False
            elif isinstance(expected, list):
                if value not in expected:
                    return False
            elif value != expected:
                return False
        return True

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        return {i: [] for i in candidates} if self._holds(ctx.customer) else {}


class Within(Node):
    cost = 2

    def __init__(self, spec: dict[str, Any]) -> None:
        self.after = "after" in spec
        self.target = spec["after"] if self.after else spec["before"]
        self.turns = spec.get("turns")
        self.counting = frozenset(spec["counting"]) if "counting" in spec else None

    def _prefix(self, ctx: Context) -> list[int]:
        # prefix[k]: counting turns among indexes < k.
        prefix = [0]
        for turn in ctx.turns:
            counts = self.counting is None or turn.speaker in self.counting
            prefix.append(prefix[-1] + counts)
        return prefix

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        anchors = sorted(ctx.resolve(self.target))
        if not anchors:
            return {}
        prefix = self._prefix(ctx) if self.turns is not None else []
        result: Hits = {}
        for i in candidates:
            if self.after:
                position = bisect.bisect_left(anchors, i) - 1
                if position < 0:
                    continue
                distance = prefix[i + 1] - prefix[anchors[position] + 1] if prefix else 0
            else:
                position = bisect.bisect_right(anchors, i)
                if position >= len(anchors):
                    continue
                distance = prefix[anchors[position]] - prefix[i] if prefix else 0
            if self.turns is None or distance <= self.turns:
                result[i] = []
        return result


class Ref(Node):
    cost = 2

    def __init__(self, name: str) -> None:
        self.name = name

    def evaluate(self, ctx: Context, candidates: Sequence[int]) -> Hits:
        found = ctx.resolve(self.name)
        return {i: list(found[i]) for i in candidates if i in found}


def _compile_key(key: str, value: Any, spec: dict[str, Any]) -> Node:
    simple: dict[str, Callable[[Any], Node]] = {
        "keywords": Keywords, "regex": Regex, "semantic": Semantic, "speaker": Speaker,
        "position": Position, "within": Within, "channel": Channel, "customer": Customer,
        "ref": Ref,
    }  # fmt: skip
    if key in simple:
        return simple[key](value)
    if key == "label":
        return Label(value, spec.get("min_probability"))
    if key == "count":
        return Count(compile_matcher(value["of"]), value.get("at_least"), value.get("at_most"))
    if key == "all_of":
        return AllOf([compile_matcher(item) for item in value])
    if key == "any_of":
        return AnyOf([compile_matcher(item) for item in value])
    if key == "not":
        return Not(compile_matcher(value))
    raise ValueError(f"unknown matcher operator {key!r}")


def compile_matcher(spec: dict[str, Any]) -> Node:
    """Compile a canonical (validated) matcher mapping into a node."""
    keys = [key for key in spec if key != "min_probability"]
    nodes = [_compile_key(key, spec[key], spec) for key in keys]
    return nodes[0] if len(nodes) == 1 else AllOf(nodes)
