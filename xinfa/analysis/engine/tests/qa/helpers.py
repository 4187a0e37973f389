"""Small builders shared by the QA tests."""

import functools
from typing import Any

from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline
from xinfa.analysis.engine.qa import Conversation, Turn
from xinfa.analysis.engine.qa.evaluation import RULE_PIPELINE
from xinfa.analysis.engine.qa.schema import Rubric, rubric_from_dict


@functools.cache
def rules_pipeline() -> Pipeline:
    """The rule components only: test outcomes that do not move when a model is retrained."""
    return build_pipeline(RULE_PIPELINE)


SPEAKER = {"a": "agent", "c": "customer", "b": "bot"}


def conversation(*lines: str, channel: str = "", customer: dict | None = None) -> Conversation:
    """Build a conversation from lines like "a:您好" (agent) and "c:我想…" (customer)."""
    turns = [Turn(SPEAKER[line[0]], line[2:]) for line in lines]
    return Conversation(turns, channel, customer or {})


def one_rule(matcher_key: str = "expect", matchers: dict | None = None, **spec: Any) -> Rubric:
    """A rubric with one 10-point rule whose `matcher_key` matcher is `spec`."""
    return rubric_from_dict(
        {
            "id": "t", "version": 1, "name": "测试", "pass_score": 60,
            "matchers": matchers or {},
            "rules": [{"id": "r", "name": "规则", "weight": 10, matcher_key: spec}],
        }
    )  # fmt: skip
