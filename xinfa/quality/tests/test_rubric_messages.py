"""Every rubric error the engine can raise reaches people in their language."""

import re

import pytest
from django.utils import translation

from xinfa.analysis.engine.qa import RUBRIC_MESSAGES, RubricError, load_rubric
from xinfa.quality.services.rubric_messages import RUBRIC_REASONS, rubric_error_reason

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_engine_error_kind_has_a_translated_reason() -> None:
    assert set(RUBRIC_REASONS) == set(RUBRIC_MESSAGES)


@pytest.mark.parametrize("kind", sorted(RUBRIC_MESSAGES))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_reason_has_the_engine_placeholders_in_each_language(kind: str, language: str) -> None:
    with translation.override(language):
        reason = str(RUBRIC_REASONS[kind])
    assert set(PLACEHOLDER.findall(reason)) == set(PLACEHOLDER.findall(RUBRIC_MESSAGES[kind]))
    is_chinese = re.search(r"[\u4e00-\u9fff]", reason) is not None
    assert is_chinese is (language == "zh-hans"), "missing from the English catalogue"


def test_reason_fills_the_parameters_in_the_active_language() -> None:
    with pytest.raises(RubricError) as caught:
        load_rubric("id: t\nversion: 1\nname: 测试\npass_score: 80\nrules: []\n")
    assert caught.value.message == "must be a list of 1 to 500 rules"
    with translation.override("zh-hans"):
        assert rubric_error_reason(caught.value) == "必须是包含 1 到 500 条规则的列表"
    with translation.override("en"):
        assert rubric_error_reason(caught.value) == "Must be a list of 1 to 500 rules"
