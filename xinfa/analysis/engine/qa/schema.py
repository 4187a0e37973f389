"""Rubrics as data: the YAML schema, loading with validation, and dumping.

A rubric file:

```yaml
id: bank_service            # identifier (letters, digits, _ . -)
version: 3                  # integer >= 1; stored results record (id, version)
name: 银行服务质检标准
description: ...            # optional
pass_score: 80              # 0-100; a critical failure fails whatever the score
matchers:                   # optional named matchers, referenced by `ref` / `within`
  upset_customer: {speaker: customer, label: emotion.angry, min_probability: 0.5}
rules:
  - id: greeting
    name: 开场问候
    weight: 8               # points (number >= 0); bonus rules only add them
    critical: false         # optional
    bonus: false            # optional
    description: ...        # optional
    applies_when: {...}     # optional matcher over the conversation (any hit -> applies)
    expect: {...}           # a matching turn must exist -> pass
    forbid: {...}           # any matching turn -> fail, those turns are the evidence
```

The matcher grammar is documented in `xinfa.analysis.engine.qa.matchers`. Loading checks
everything (unknown keys and operators, unknown labels, regexes RE2 cannot compile, unknown
or circular references, non-numeric weights, duplicate ids) and raises `RubricError` with
the path of the offending value, e.g. `rules[3].expect.regex`. Loading returns a canonical
form (shorthands expanded), so `load_rubric(dump_rubric(r)) == r`.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from xinfa.analysis.engine.qa.errors import RubricError
from xinfa.analysis.engine.qa.validation import check_matcher, reject_unknown_keys

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
RUBRIC_KEYS = ("id", "version", "name", "description", "pass_score", "matchers", "rules")
RULE_KEYS = (
    "id", "name", "description", "weight", "critical", "bonus", "applies_when", "expect", "forbid",
)  # fmt: skip
MAX_RULES = 500


@dataclass(frozen=True)
class Rule:
    """One weighted rule; matcher fields hold the canonical matcher mappings."""

    id: str
    name: str
    weight: float
    critical: bool = False
    bonus: bool = False
    description: str = ""
    applies_when: dict[str, Any] | None = None
    expect: dict[str, Any] | None = None
    forbid: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "weight": self.weight}
        if self.critical:
            data["critical"] = True
        if self.bonus:
            data["bonus"] = True
        if self.description:
            data["description"] = self.description
        for key in ("applies_when", "expect", "forbid"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass(frozen=True)
class Rubric:
    """A versioned set of rules with a pass score."""

    id: str
    version: int
    name: str
    pass_score: float
    rules: tuple[Rule, ...]
    description: str = ""
    matchers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "version": self.version, "name": self.name}
        if self.description:
            data["description"] = self.description
        data["pass_score"] = self.pass_score
        if self.matchers:
            data["matchers"] = dict(self.matchers)
        data["rules"] = [rule.to_dict() for rule in self.rules]
        return data

    @property
    def max_points(self) -> float:
        return float(sum(rule.weight for rule in self.rules if not rule.bonus))


def _require(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data or data[key] is None:
        raise RubricError("required", path=f"{path}.{key}" if path else key, key=key)
    return data[key]


def _check_keys(data: Any, allowed: tuple[str, ...], path: str, kind: str) -> None:
    if not isinstance(data, Mapping):
        raise RubricError(kind, path=path or "<root>")
    reject_unknown_keys(data, allowed, path)


def _identifier(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise RubricError("identifier", path=path)
    return value


def _text(value: Any, path: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise RubricError("text", path=path)
    return value


def _number(value: Any, path: str, *, low: float = 0.0, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RubricError("number", path=path, value=repr(value))
    if value < low or (high is not None and value > high):
        if high is None:
            raise RubricError("number_min", path=path, low=f"{low:g}")
        raise RubricError("number_range", path=path, low=f"{low:g}", high=f"{high:g}")
    return value


def _flag(value: Any, path: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RubricError("flag", path=path)
    return value


def _rule(data: Any, path: str, refs: dict[str, set[str]]) -> Rule:
    _check_keys(data, RULE_KEYS, path, "rule_not_mapping")
    rule_id = _identifier(_require(data, "id", path), f"{path}.id")
    if data.get("expect") is None and data.get("forbid") is None:
        raise RubricError("rule_needs_check", path=path)
    found: set[str] = set()
    matchers = {
        key: check_matcher(data[key], f"{path}.{key}", found)
        for key in ("applies_when", "expect", "forbid")
        if data.get(key) is not None
    }
    refs[rule_id] = found
    rule = Rule(
        id=rule_id,
        name=_text(_require(data, "name", path), f"{path}.name"),
        weight=_number(_require(data, "weight", path), f"{path}.weight"),
        critical=_flag(data.get("critical"), f"{path}.critical"),
        bonus=_flag(data.get("bonus"), f"{path}.bonus"),
        description=_text(data.get("description"), f"{path}.description", required=False),
        **matchers,
    )
    if rule.bonus and rule.critical:
        raise RubricError("bonus_critical", path=f"{path}.bonus")
    return rule


def _check_references(refs: dict[str, set[str]], where: dict[str, str]) -> None:
    for name, targets in refs.items():
        for target in sorted(targets):
            if target not in refs:
                raise RubricError("unknown_reference", path=where[name], name=target)
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(refs[name]):
            if state.get(target) == 1:
                cycle = " -> ".join([*trail[trail.index(target) :], target])
                raise RubricError("circular_reference", path=where[target], cycle=cycle)
            if target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in refs:
        if name not in state:
            visit(name, [name])


def _named_matchers(
    raw: Any, refs: dict[str, set[str]], where: dict[str, str]
) -> dict[str, dict[str, Any]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise RubricError("matchers_mapping", path="matchers")
    named = {}
    for name, spec in raw.items():
        path = f"matchers.{name}"
        _identifier(name, path)
        found: set[str] = set()
        named[name] = check_matcher(spec, path, found)
        refs[name], where[name] = found, path
    return named


def rubric_from_dict(data: Any) -> Rubric:
    """Validate a parsed rubric mapping and return the canonical Rubric.

    Raises:
        RubricError: anything wrong, with the path of the offending value.
    """
    _check_keys(data, RUBRIC_KEYS, "", "rubric_not_mapping")
    refs: dict[str, set[str]] = {}
    where: dict[str, str] = {}
    matchers = _named_matchers(data.get("matchers"), refs, where)
    raw_rules = _require(data, "rules", "")
    if not isinstance(raw_rules, list) or not raw_rules or len(raw_rules) > MAX_RULES:
        raise RubricError("rules_list", path="rules", max=MAX_RULES)
    rules = []
    for index, raw in enumerate(raw_rules):
        path = f"rules[{index}]"
        rule_id = raw.get("id") if isinstance(raw, Mapping) else None
        if isinstance(rule_id, str) and rule_id in refs:
            raise RubricError("duplicate_id", path=f"{path}.id", id=rule_id)
        rules.append(_rule(raw, path, refs))
        where[rules[-1].id] = path
    _check_references(refs, where)
    version = _require(data, "version", "")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise RubricError("integer_min", path="version", low=1)
    return Rubric(
        id=_identifier(_require(data, "id", ""), "id"),
        version=version,
        name=_text(_require(data, "name", ""), "name"),
        pass_score=_number(_require(data, "pass_score", ""), "pass_score", high=100.0),
        rules=tuple(rules),
        description=_text(data.get("description"), "description", required=False),
        matchers=matchers,
    )


class _RubricLoader(yaml.SafeLoader):
    """safe_load without aliases: a rubric never needs them, and nine anchors of nine
    aliases each already make a list of 43 million items for the validator to walk."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in the stubs
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a rubric", event.start_mark
            )
        return super().compose_node(parent, index)


def load_rubric(text: str) -> Rubric:
    """Parse and validate a rubric from YAML text.

    Raises:
        RubricError: the YAML is malformed, nested too deeply, uses aliases, or the rubric is
            invalid (with the path).
    """
    try:
        data = yaml.load(text, Loader=_RubricLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "<yaml>"
        raise RubricError(
            "yaml_malformed", path=where, problem=getattr(exc, "problem", exc)
        ) from exc
    except RecursionError as exc:
        raise RubricError("yaml_too_deep", path="<yaml>") from exc
    except ValueError as exc:  # a scalar the loader cannot build, e.g. the date 2026-13-45
        raise RubricError("yaml_malformed", path="<yaml>", problem=exc) from exc
    return rubric_from_dict(data)


def dump_rubric(rubric: Rubric) -> str:
    """Write a rubric as YAML text (Chinese kept readable)."""
    return yaml.safe_dump(rubric.to_dict(), allow_unicode=True, sort_keys=False, width=100)
