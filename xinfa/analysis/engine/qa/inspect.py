"""Run a rubric over one conversation and score it.

Outcomes per rule: `not_applicable` when `applies_when` has no hit (bonus rules also when
they do not fire); otherwise `expect` must have a hit and `forbid` must have none (`pass`
or `fail`); a bonus rule that fires is `bonus` and adds its weight. Score = 100 x points /
the weights of the applicable non-bonus rules, capped at 100 (100 when none applies).
`passed` needs score >= the rubric's pass_score and no failed critical rule. An empty
conversation gets every rule `not_applicable`, score 0 and passed False: nothing was
inspected. See `conversation.py` for the per-turn and per-conversation size limits.
"""

from dataclasses import dataclass, field
from typing import Any

from xinfa.analysis.engine.pipeline import Pipeline
from xinfa.analysis.engine.qa.conversation import MAX_TURNS, Conversation, TurnView, prepare_turns
from xinfa.analysis.engine.qa.matchers import Context, Hits, Node, compile_matcher
from xinfa.analysis.engine.qa.schema import Rubric, Rule

MAX_EVIDENCE = 20
_COMPILED: dict[int, tuple[Rubric, "CompiledRubric"]] = {}


@dataclass(frozen=True)
class Evidence:
    """A span a person can check: turn index, offsets and the text (PII masked).

    Offsets index the turn's normalised text, except PII spans, which index the raw text.
    `suggestion` holds the positive rewrite or plain explanation from the phrase lexicon.
    """

    turn: int
    start: int
    end: int
    text: str
    suggestion: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "start": self.start, "end": self.end, "text": self.text,
                "suggestion": self.suggestion}  # fmt: skip


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    name: str
    outcome: str  # pass | fail | not_applicable | bonus
    points: float
    weight: float
    critical: bool
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id, "name": self.name, "outcome": self.outcome,
            "points": self.points, "weight": self.weight, "critical": self.critical,
            "evidence": [item.to_dict() for item in self.evidence],
        }  # fmt: skip


@dataclass(frozen=True)
class InspectionResult:
    score: float
    points: float
    max_points: float
    passed: bool
    critical_failures: list[str]
    rule_results: list[RuleResult]
    rubric_id: str
    rubric_version: int
    turn_count: int = 0
    truncated: bool = False

    @property
    def rubric(self) -> tuple[str, int]:
        return (self.rubric_id, self.rubric_version)

    def outcome(self, rule_id: str) -> str:
        return next(result.outcome for result in self.rule_results if result.rule_id == rule_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score, "points": self.points, "max_points": self.max_points,
            "passed": self.passed, "critical_failures": list(self.critical_failures),
            "rule_results": [result.to_dict() for result in self.rule_results],
            "rubric": {"id": self.rubric_id, "version": self.rubric_version},
            "turn_count": self.turn_count, "truncated": self.truncated,
        }  # fmt: skip


@dataclass
class CompiledRule:
    rule: Rule
    applies_when: Node | None
    expect: Node | None
    forbid: Node | None


@dataclass
class CompiledRubric:
    rubric: Rubric
    rules: list[CompiledRule]
    named: dict[str, Node]

    def node(self, name: str) -> Node:
        return self.named[name]


def compile_rubric(rubric: Rubric) -> CompiledRubric:
    """Compile (once per rubric object) every matcher of a validated rubric."""
    cached = _COMPILED.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]
    named = {name: compile_matcher(spec) for name, spec in rubric.matchers.items()}
    rules = []
    for rule in rubric.rules:
        nodes = [compile_matcher(spec) if spec else None
                 for spec in (rule.applies_when, rule.expect, rule.forbid)]  # fmt: skip
        rules.append(CompiledRule(rule, *nodes))
        named[rule.id] = nodes[1] or nodes[2]  # type: ignore[assignment]
    compiled = CompiledRubric(rubric, rules, named)
    if len(_COMPILED) > 64:
        _COMPILED.clear()
    _COMPILED[id(rubric)] = (rubric, compiled)
    return compiled


def _evidence(hits: Hits) -> list[Evidence]:
    items: list[Evidence] = []
    seen: set[tuple[int, int, int]] = set()
    for turn, spans in sorted(hits.items()):
        for start, end, text, suggestion in spans:
            if (turn, start, end) in seen:
                continue
            seen.add((turn, start, end))
            items.append(Evidence(turn, start, end, text, suggestion))
            if len(items) >= MAX_EVIDENCE:
                return items
    return items


def _judge(compiled: CompiledRule, ctx: Context) -> RuleResult:
    rule = compiled.rule

    def result(outcome: str, points: float, evidence: list[Evidence] | None = None) -> RuleResult:
        return RuleResult(rule_id=rule.id, name=rule.name, outcome=outcome, points=points,
                          weight=rule.weight, critical=rule.critical,
                          evidence=[] if evidence is None else evidence)  # fmt: skip

    if compiled.applies_when is not None and not compiled.applies_when.evaluate(ctx, ctx.all_turns):
        return result("not_applicable", 0.0)
    evidence: list[Evidence] = []
    ok = True
    if compiled.expect is not None:
        found = ctx.resolve(rule.id)  # cached: `within` references may have run it
        ok = bool(found)
        evidence = _evidence(found)
    if compiled.forbid is not None:
        found = compiled.forbid.evaluate(ctx, ctx.all_turns)
        if found:
            ok = False
            evidence = _evidence(found)
    if rule.bonus:
        outcome = "bonus" if ok else "not_applicable"
        return result(outcome, rule.weight if ok else 0.0, evidence if ok else [])
    outcome = "pass" if ok else "fail"
    return result(outcome, rule.weight if ok else 0.0, evidence)


def inspect_turns(
    rubric: Rubric,
    turns: list[TurnView],
    *,
    channel: str,
    customer: dict[str, Any],
    truncated: bool = False,
) -> InspectionResult:
    """Inspect already prepared turns (see `prepare_turns`)."""
    compiled = compile_rubric(rubric)
    ctx = Context(turns, channel, dict(customer or {}), compiled.node)
    if not turns:
        results = [RuleResult(r.id, r.name, "not_applicable", 0.0, r.weight, r.critical)
                   for r in rubric.rules]  # fmt: skip
        return InspectionResult(0.0, 0.0, 0.0, False, [], results, rubric.id, rubric.version)
    results = [_judge(rule, ctx) for rule in compiled.rules]
    applicable = [r for r, c in zip(results, compiled.rules, strict=True)
                  if r.outcome in ("pass", "fail") and not c.rule.bonus]  # fmt: skip
    max_points = float(sum(r.weight for r in applicable))
    points = float(sum(r.points for r in results))
    score = 100.0 if max_points == 0 else min(100.0, 100.0 * points / max_points)
    critical = [r.rule_id for r in results if r.critical and r.outcome == "fail"]
    return InspectionResult(
        score=round(score, 2), points=points, max_points=max_points,
        passed=score >= rubric.pass_score and not critical, critical_failures=critical,
        rule_results=results, rubric_id=rubric.id, rubric_version=rubric.version,
        turn_count=len(turns), truncated=truncated,
    )  # fmt: skip


def inspect_conversation(
    rubric: Rubric, conversation: Conversation, *, pipeline: Pipeline | None = None
) -> InspectionResult:
    """Inspect one conversation with a rubric; turns without annotations are analysed first.

    Raises:
        PipelineError: the default pipeline cannot be built (a broken install).
    """
    turns = prepare_turns(conversation, pipeline)
    return inspect_turns(
        rubric, turns, channel=conversation.channel, customer=conversation.customer,
        truncated=len(conversation.turns) > MAX_TURNS,
    )  # fmt: skip
