"""Validate one matcher mapping and return its canonical form (shorthands expanded)."""

from collections.abc import Callable, Mapping
from typing import Any

import re2

from xinfa.analysis.engine.qa.conversation import SPEAKERS
from xinfa.analysis.engine.qa.errors import RubricError
from xinfa.analysis.engine.qa.labels import known_labels

MAX_DEPTH = 12
MAX_LIST = 2_000
MAX_PATTERN = 2_000
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False
_SCALARS = (str, int, float, bool)


def compile_regex(pattern: str, *, ignore_case: bool = False, path: str = "") -> Any:
    """Compile with RE2 (linear time: no catastrophic backtracking is possible).

    Raises:
        RubricError: RE2 cannot compile the pattern (look-arounds, back-references...).
    """
    text = f"(?i){pattern}" if ignore_case else pattern
    try:
        return re2.compile(text, options=_RE2_OPTIONS)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise RubricError("regex", path=path, reason=reason) from exc


def _strings(value: Any, path: str, *, allow_one: bool = True) -> list[str]:
    if allow_one and isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or len(value) > MAX_LIST
        or not all(isinstance(item, str) and item for item in value)
    ):
        raise RubricError("strings", path=path)
    return list(value)


def _count(value: Any, path: str, *, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise RubricError("integer_min", path=path, low=low)
    return value


def _probability(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise RubricError("probability", path=path)
    return float(value)


def reject_unknown_keys(data: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
    """Raise for the first key of `data` outside `allowed`, at its path under `path`."""
    for key in data:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise RubricError("unknown_key", path=where, key=key, allowed=", ".join(allowed))


def _mapping(value: Any, allowed: tuple[str, ...], path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not value:
        raise RubricError("mapping_with", path=path, allowed=", ".join(allowed))
    reject_unknown_keys(value, allowed, path)
    return value


def _keywords(value: Any, path: str, refs: set[str], depth: int) -> dict[str, Any]:
    if isinstance(value, list | str):
        return {"any": _strings(value, path)}
    data = _mapping(value, ("any", "all", "none", "at_least"), path)
    result: dict[str, Any] = {}
    for key in ("any", "all", "none"):
        if key in data:
            result[key] = _strings(data[key], f"{path}.{key}")
    if not result:
        raise RubricError("keywords_empty", path=path)
    if "at_least" in data:
        if "any" not in result:
            raise RubricError("at_least_any", path=f"{path}.at_least")
        result["at_least"] = _count(data["at_least"], f"{path}.at_least", low=1)
    return result


def _regex(value: Any, path: str, refs: set[str], depth: int) -> dict[str, Any]:
    data = {"pattern": value} if isinstance(value, str) else value
    data = _mapping(data, ("pattern", "exclude", "ignore_case"), path)
    result: dict[str, Any] = {}
    for key in ("pattern", "exclude"):
        if key not in data:
            continue
        pattern = data[key]
        if not isinstance(pattern, str) or not pattern or len(pattern) > MAX_PATTERN:
            raise RubricError("pattern_length", path=f"{path}.{key}", max=MAX_PATTERN)
        compile_regex(pattern, ignore_case=bool(data.get("ignore_case")), path=f"{path}.{key}")
        result[key] = pattern
    if "pattern" not in result:
        raise RubricError("pattern_required", path=f"{path}.pattern")
    if data.get("ignore_case") is not None:
        if not isinstance(data["ignore_case"], bool):
            raise RubricError("flag", path=f"{path}.ignore_case")
        if data["ignore_case"]:
            result["ignore_case"] = True
    return result


def _semantic(value: Any, path: str, refs: set[str], depth: int) -> dict[str, Any]:
    data = _mapping(value, ("examples", "threshold"), path)
    examples = _strings(data.get("examples"), f"{path}.examples", allow_one=False)
    threshold = _probability(data.get("threshold", 0.6), f"{path}.threshold")
    return {"examples": examples, "threshold": threshold}


def _label(value: Any, path: str, refs: set[str], depth: int) -> str:
    if not isinstance(value, str):
        raise RubricError("label_name", path=path)
    if value not in known_labels():
        prefix = value.split(".", 1)[0]
        similar = sorted(name for name in known_labels() if name.startswith(prefix + "."))
        if similar:
            known = ", ".join(similar[:30])
            raise RubricError(
                "unknown_label_known", path=path, label=value, prefix=prefix, known=known
            )
        raise RubricError("unknown_label", path=path, label=value)
    return value


def _count_operator(value: Any, path: str, refs: set[str], depth: int) -> dict[str, Any]:
    data = _mapping(value, ("of", "at_least", "at_most", ">=", "<="), path)
    if "of" not in data:
        raise RubricError("count_of", path=f"{path}.of")
    result: dict[str, Any] = {"of": check_matcher(data["of"], f"{path}.of", refs, depth + 1)}
    for key, alias in (("at_least", ">="), ("at_most", "<=")):
        for name in (key, alias):
            if name in data:
                result[key] = _count(data[name], f"{path}.{name}")
    if "at_least" not in result and "at_most" not in result:
        raise RubricError("count_bound", path=path)
    return result


def _speaker(value: Any, path: str, refs: set[str], depth: int) -> list[str]:
    speakers = _strings(value, path)
    for speaker in speakers:
        if speaker not in SPEAKERS:
            raise RubricError(
                "unknown_speaker", path=path, speaker=speaker, known=", ".join(SPEAKERS)
            )
    return speakers


def _position(value: Any, path: str, refs: set[str], depth: int) -> dict[str, int]:
    data = _mapping(value, ("first", "last"), path)
    if len(data) != 1:
        raise RubricError("first_or_last", path=path)
    key = next(iter(data))
    return {key: _count(data[key], f"{path}.{key}", low=1)}


def _within(value: Any, path: str, refs: set[str], depth: int) -> dict[str, Any]:
    data = _mapping(value, ("after", "before", "turns", "counting"), path)
    directions = [key for key in ("after", "before") if key in data]
    if len(directions) != 1:
        raise RubricError("after_or_before", path=path)
    direction = directions[0]
    target = data[direction]
    if not isinstance(target, str) or not target:
        raise RubricError("reference_target", path=f"{path}.{direction}")
    refs.add(target)
    result: dict[str, Any] = {direction: target}
    if "turns" in data:
        result["turns"] = _count(data["turns"], f"{path}.turns", low=1)
    if "counting" in data:
        result["counting"] = _speaker(data["counting"], f"{path}.counting", refs, depth)
    return result


def _customer(value: Any, path: str, refs: set[str], depth: int) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not value:
        raise RubricError("customer_mapping", path=path)
    result: dict[str, Any] = {}
    for key, expected in value.items():
        if not isinstance(key, str) or not key.isidentifier():
            raise RubricError("customer_flag", path=f"{path}.{key}")
        items = expected if isinstance(expected, list) else [expected]
        if not items or not all(isinstance(item, _SCALARS) for item in items):
            raise RubricError("customer_value", path=f"{path}.{key}")
        result[key] = expected
    return result


def _matchers(value: Any, path: str, refs: set[str], depth: int) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise RubricError("matcher_list", path=path)
    return [check_matcher(item, f"{path}[{i}]", refs, depth + 1) for i, item in enumerate(value)]


def _not(value: Any, path: str, refs: set[str], depth: int) -> dict[str, Any]:
    return check_matcher(value, path, refs, depth + 1)


def _ref(value: Any, path: str, refs: set[str], depth: int) -> str:
    if not isinstance(value, str) or not value:
        raise RubricError("reference_target", path=path)
    refs.add(value)
    return value


OPERATORS: dict[str, Callable[[Any, str, set[str], int], Any]] = {
    "keywords": _keywords,
    "regex": _regex,
    "semantic": _semantic,
    "label": _label,
    "count": _count_operator,
    "speaker": _speaker,
    "position": _position,
    "within": _within,
    "channel": lambda value, path, refs, depth: _strings(value, path),
    "customer": _customer,
    "all_of": _matchers,
    "any_of": _matchers,
    "not": _not,
    "ref": _ref,
}


def check_matcher(spec: Any, path: str, refs: set[str], depth: int = 0) -> dict[str, Any]:
    """Validate a matcher mapping; add the names it references to `refs`.

    Raises:
        RubricError: an unknown operator or a bad value, with its path.
    """
    if depth > MAX_DEPTH:
        raise RubricError("matcher_too_deep", path=path, max=MAX_DEPTH)
    if not isinstance(spec, Mapping) or not spec:
        raise RubricError("matcher_not_mapping", path=path)
    result: dict[str, Any] = {}
    for key, value in spec.items():
        if key == "min_probability":
            continue
        if key not in OPERATORS:
            known = ", ".join([*OPERATORS, "min_probability"])
            raise RubricError("unknown_operator", path=f"{path}.{key}", key=key, known=known)
        result[key] = OPERATORS[key](value, f"{path}.{key}", refs, depth)
    if "min_probability" in spec:
        if "label" not in spec:
            raise RubricError("min_probability_label", path=f"{path}.min_probability")
        result["min_probability"] = _probability(spec["min_probability"], f"{path}.min_probability")
    return result
