"""Each matcher operator and condition, and their boolean combinations."""

import pytest

from xinfa.analysis.engine.qa import inspect_conversation
from xinfa.analysis.engine.qa.schema import rubric_from_dict
from xinfa.analysis.engine.tests.qa.helpers import conversation, one_rule, rules_pipeline

CHAT = conversation(
    "a:您好，请问有什么可以帮您？",
    "c:我的卡被盗刷了，气死我了！",
    "a:您是想冻结这张卡，对吧？",
    "c:对，赶紧冻结。",
    "a:非常抱歉给您带来不便，已经帮您冻结了。",
    "a:感谢您的来电，再见。",
    channel="phone",
    customer={"is_elderly": True, "vip_tier": "gold"},
)


def run(rubric, conv=CHAT):
    result = inspect_conversation(rubric, conv, pipeline=rules_pipeline())
    rule = result.rule_results[0]
    return rule.outcome, [(e.turn, e.start, e.end, e.text) for e in rule.evidence]


def test_keywords_any_all_at_least_none():
    assert run(one_rule(keywords=["冻结", "挂失"])) == (
        "pass", [(2, 3, 5, "冻结"), (3, 4, 6, "冻结"), (4, 15, 17, "冻结")],
    )  # fmt: skip
    assert run(one_rule(keywords={"all": ["冻结", "抱歉"]}))[1] == [
        (4, 15, 17, "冻结"), (4, 2, 4, "抱歉"),
    ]  # fmt: skip
    assert run(one_rule(keywords={"any": ["冻结", "抱歉", "再见"], "at_least": 2}))[1] == [
        (4, 15, 17, "冻结"), (4, 2, 4, "抱歉"),
    ]  # fmt: skip
    outcome, evidence = run(one_rule(speaker="agent", keywords={"none": ["冻结", "您好"]}))
    assert (outcome, [turn for turn, *_ in evidence]) == ("pass", [5])


def test_keywords_match_traditional_and_full_width_text():
    conv = conversation("a:您好，這張卡已經凍結")
    assert run(one_rule(keywords=["这张卡已经冻结"]), conv)[0] == "pass"


def test_stored_annotations_without_norm_text_are_normalised():
    conv = conversation("a:這張卡已經凍結")
    conv.turns[0].annotations = {}
    assert run(one_rule(keywords=["这张卡"]), conv) == ("pass", [(0, 0, 3, "这张卡")])


def test_regex_with_exclude_and_ignore_case():
    assert run(one_rule(regex="冻结|挂失"))[0] == "pass"
    rubric = one_rule(regex={"pattern": "冻结", "exclude": "抱歉|对吧"})
    assert run(rubric)[1] == [(3, 4, 6, "冻结")]
    conv = conversation("a:请打开APP")
    assert run(one_rule(regex={"pattern": "app", "ignore_case": True}), conv)[0] == "pass"
    assert run(one_rule(regex="app"), conv)[0] == "fail"


def test_regex_is_linear_time_on_pathological_input():
    conv = conversation("a:" + "a" * 1_999 + "!")
    assert run(one_rule(regex="(a+)+$"), conv)[0] == "fail"


def test_semantic_matches_paraphrase_above_threshold():
    rubric = one_rule(semantic={"examples": ["已经帮您把卡冻结了"], "threshold": 0.5})
    assert run(rubric) == ("pass", [(4, 0, 19, "非常抱歉给您带来不便,已经帮您冻结了。")])
    strict = one_rule(semantic={"examples": ["已经帮您把卡冻结了"], "threshold": 0.95})
    assert run(strict)[0] == "fail"


def test_label_phrases_with_rewrite_suggestion_and_subcategory():
    conv = conversation("a:这是规定，您先别着急。", "a:您为什么要取这笔钱呢？")
    rubric = one_rule("forbid", label="phrases.forbidden")
    result = inspect_conversation(rubric, conv, pipeline=rules_pipeline()).rule_results[0]
    assert result.outcome == "fail"
    assert result.evidence[0].text == "这是规定"
    assert result.evidence[0].suggestion == "根据相关要求需要这样办理，我给您解释一下原因"
    assert run(one_rule(label="phrases.needs_mining.why"), conv)[1] == [(1, 1, 4, "为什么")]
    assert run(one_rule(label="phrases.needs_mining.when"), conv)[0] == "fail"


def test_label_with_probability_from_given_annotations():
    conv = conversation("c:钱呢", "c:还行")
    conv.turns[0].annotations = {
        "emotion": {"label": "angry", "probabilities": {"angry": 0.7, "fear": 0.2}}
    }
    conv.turns[1].annotations = {
        "emotion": {"label": "neutral", "probabilities": {"angry": 0.4, "neutral": 0.6}}
    }
    assert run(one_rule(label="emotion.angry"), conv)[1] == [(0, 0, 2, "钱呢")]
    assert [t for t, *_ in run(one_rule(label="emotion.angry", min_probability=0.3), conv)[1]] == [
        0, 1,
    ]  # fmt: skip
    assert run(one_rule(label="emotion.fear", min_probability=0.5), conv)[0] == "fail"


def test_label_pii_evidence_is_masked():
    conv = conversation("a:您的卡号是6222021234567894，已登记")
    result = inspect_conversation(
        one_rule("forbid", label="pii.bank_card"), conv, pipeline=rules_pipeline()
    )
    evidence = result.rule_results[0].evidence[0]
    assert (evidence.start, evidence.end, evidence.text) == (5, 21, "622202******7894")


def test_count_at_least_and_at_most():
    agent_turns = {"speaker": "agent"}
    assert run(one_rule(count={"of": agent_turns, "at_least": 4}))[0] == "pass"
    assert run(one_rule(count={"of": agent_turns, "at_least": 5}))[0] == "fail"
    assert run(one_rule(count={"of": agent_turns, "at_most": 3}))[0] == "fail"
    zero = {"of": {"keywords": ["理财"]}, "at_most": 0}
    assert run(one_rule(count=zero)) == ("pass", [])


def test_speaker_and_position():
    assert run(one_rule(speaker="customer", keywords=["您好"]))[0] == "fail"
    assert run(one_rule(speaker="agent", position={"first": 1}, keywords=["您好"]))[0] == "pass"
    assert run(one_rule(speaker="agent", position={"last": 1}, keywords=["再见"]))[0] == "pass"
    assert run(one_rule(position={"last": 1}, keywords=["冻结"]))[0] == "fail"


def test_channel_and_customer_segment_conditions():
    assert run(one_rule(channel=["phone", "chat"], keywords=["您好"]))[0] == "pass"
    assert run(one_rule(channel="counter", keywords=["您好"]))[0] == "fail"
    assert run(one_rule(customer={"is_elderly": True}, keywords=["您好"]))[0] == "pass"
    assert run(one_rule(customer={"vip_tier": ["gold", "platinum"]}, keywords=["您好"]))[0] == (
        "pass"
    )
    assert run(one_rule(customer={"vip_tier": "silver"}, keywords=["您好"]))[0] == "fail"
    no_flags = conversation("a:您好")
    assert run(one_rule(customer={"is_elderly": False}, keywords=["您好"]), no_flags)[0] == "pass"
    assert run(one_rule(customer={"is_elderly": True}, keywords=["您好"]), no_flags)[0] == "fail"


@pytest.mark.parametrize(
    ("within", "outcome"),
    [
        ({"after": "upset", "turns": 1, "counting": "agent"}, "fail"),
        ({"after": "upset", "turns": 2, "counting": "agent"}, "pass"),
        ({"after": "upset", "turns": 2}, "fail"),
        ({"after": "upset", "turns": 3}, "pass"),
        ({"after": "upset"}, "pass"),
        ({"before": "upset"}, "fail"),
    ],
)
def test_within_after_and_before_a_named_matcher(within, outcome):
    upset = {"speaker": "customer", "keywords": ["气死"]}
    rubric = one_rule(matchers={"upset": upset}, label="phrases.empathy", within=within)
    assert run(rubric)[0] == outcome


def test_within_before_a_rule_and_ref_to_a_rule():
    rubric = rubric_from_dict(
        {
            "id": "t", "version": 1, "name": "测试", "pass_score": 60,
            "rules": [
                {"id": "bye", "name": "告别", "weight": 5, "expect": {"keywords": ["再见"]}},
                {"id": "greet_first", "name": "先问候", "weight": 5,
                 "expect": {"keywords": ["您好"], "within": {"before": "bye"}}},
                {"id": "same", "name": "引用", "weight": 5, "expect": {"ref": "bye"}},
            ],
        }
    )  # fmt: skip
    result = inspect_conversation(rubric, CHAT, pipeline=rules_pipeline())
    assert [r.outcome for r in result.rule_results] == ["pass", "pass", "pass"]
    assert [(e.turn, e.text) for e in result.rule_results[2].evidence] == [(5, "再见")]


def test_boolean_all_of_any_of_not():
    any_of = [{"keywords": ["挂失"]}, {"keywords": ["冻结"]}]
    assert run(one_rule(any_of=any_of))[0] == "pass"
    all_of = [{"speaker": "agent"}, {"keywords": ["冻结"]}, {"keywords": ["抱歉"]}]
    assert [t for t, *_ in run(one_rule(all_of=all_of))[1]] == [4, 4]
    assert run(one_rule(all_of=[{"speaker": "customer"}, {"keywords": ["抱歉"]}]))[0] == "fail"
    negated = one_rule(speaker="agent", **{"not": {"keywords": ["冻结", "您好", "再见"]}})
    assert run(negated)[0] == "fail"
    nested = one_rule(
        any_of=[{"all_of": [{"speaker": "bot"}, {"keywords": ["您好"]}]},
                {"not": {"channel": "counter"}, "keywords": ["再见"]}],
    )  # fmt: skip
    assert run(nested)[1] == [(5, 7, 9, "再见")]


def test_applies_when_and_forbid():
    rubric = one_rule("forbid", speaker="agent", keywords=["冻结"])
    assert run(rubric)[0] == "fail"
    gated = rubric_from_dict(
        {
            "id": "t", "version": 1, "name": "测试", "pass_score": 60,
            "rules": [{"id": "r", "name": "规则", "weight": 10,
                       "applies_when": {"keywords": ["理财"]}, "forbid": {"keywords": ["冻结"]}}],
        }
    )  # fmt: skip
    assert run(gated) == ("not_applicable", [])
