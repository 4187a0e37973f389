"""Why a rubric is refused: a stable kind, its parameters, and the English message.

The engine speaks English; an application that shows the error to people translates it by
`kind` (and fills in `params`), so every kind below is part of that contract.
"""

from typing import Any

RUBRIC_MESSAGES: dict[str, str] = {
    "yaml_malformed": "malformed YAML: %(problem)s",
    "yaml_too_deep": "malformed YAML: nested too deeply",
    "rubric_not_mapping": "a rubric must be a mapping",
    "rule_not_mapping": "a rule must be a mapping",
    "required": "'%(key)s' is required",
    "unknown_key": "unknown key '%(key)s' (allowed: %(allowed)s)",
    "identifier": "must be an identifier (a letter, then letters, digits, '_', '.', '-')",
    "text": "must be a non-empty string",
    "number": "must be a number, got %(value)s",
    "number_range": "must be between %(low)s and %(high)s",
    "number_min": "must be at least %(low)s",
    "integer_min": "must be an integer >= %(low)s",
    "probability": "must be a number between 0 and 1",
    "flag": "must be true or false",
    "rule_needs_check": "a rule needs 'expect' or 'forbid'",
    "bonus_critical": "a bonus rule cannot be critical",
    "rules_list": "must be a list of 1 to %(max)s rules",
    "duplicate_id": "duplicate id '%(id)s'",
    "matchers_mapping": "must be a mapping of name -> matcher",
    "unknown_reference": "unknown reference '%(name)s'",
    "circular_reference": "circular reference: %(cycle)s",
    "matcher_too_deep": "matchers nest deeper than %(max)s levels",
    "matcher_not_mapping": "a matcher must be a non-empty mapping of operators",
    "unknown_operator": "unknown operator '%(key)s' (known: %(known)s)",
    "min_probability_label": "'min_probability' goes with 'label'",
    "mapping_with": "must be a mapping with %(allowed)s",
    "strings": "must be a non-empty list of non-empty strings",
    "keywords_empty": "needs 'any', 'all' or 'none'",
    "at_least_any": "'at_least' counts the 'any' list",
    "pattern_length": "must be a pattern of 1 to %(max)s characters",
    "pattern_required": "'pattern' is required",
    "regex": (
        "regex cannot be compiled by RE2 (linear-time engine; look-arounds and "
        "back-references are not supported): %(reason)s"
    ),
    "label_name": "must be a label name such as phrases.empathy",
    "unknown_label": "unknown label '%(label)s'",
    "unknown_label_known": "unknown label '%(label)s'; known %(prefix)s labels: %(known)s",
    "count_of": "'of' (the matcher whose turns are counted) is required",
    "count_bound": "needs 'at_least' (>=) or 'at_most' (<=)",
    "unknown_speaker": "unknown speaker '%(speaker)s' (known: %(known)s)",
    "first_or_last": "give exactly one of 'first' or 'last'",
    "after_or_before": "give exactly one of 'after' or 'before'",
    "reference_target": "must name a rule id or a named matcher",
    "customer_mapping": "must map segment flags to values, e.g. {is_elderly: true}",
    "customer_flag": "segment flag names are identifiers",
    "customer_value": "must be a value or a list of values",
    "matcher_list": "must be a non-empty list of matchers",
}


class RubricError(ValueError):
    """A rubric is invalid; `path` points at the offending value (e.g. rules[3].expect.regex).

    `kind` is a key of RUBRIC_MESSAGES and `params` fill its placeholders; `message` is the
    English text.
    """

    def __init__(self, kind: str, *, path: str = "", **params: Any) -> None:
        self.kind = kind
        self.params = {name: str(value) for name, value in params.items()}
        self.message = RUBRIC_MESSAGES[kind] % self.params
        self.path = path
        super().__init__(f"{path}: {self.message}" if path else self.message)

    def to_dict(self) -> dict[str, str]:
        """The error in the API's `{"field", "reason", "code"}` shape."""
        return {"field": self.path, "reason": self.message, "code": "invalid_rubric"}
