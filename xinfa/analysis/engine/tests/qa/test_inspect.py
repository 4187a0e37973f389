"""Scoring, critical rules, bonus rules, size limits and the default rubric on golden data."""

import time
from pathlib import Path

import pytest

from xinfa.analysis.engine.pipeline import build_pipeline
from xinfa.analysis.engine.qa import Conversation, Turn, default_rubric, inspect_conversation
from xinfa.analysis.engine.qa.conversation import MAX_MATCH_CHARS, MAX_TURNS, default_pipeline
from xinfa.analysis.engine.qa.evaluation import (
    RULE_PIPELINE,
    evaluate_rubric,
    format_report,
    read_labelled,
)
from xinfa.analysis.engine.qa.schema import rubric_from_dict
from xinfa.analysis.engine.tests.qa.helpers import conversation, rules_pipeline

LABELLED = Path(__file__).resolve().parents[3] / "tests" / "data" / "qa_conversations.jsonl"
SCORING = rubric_from_dict(
    {
        "id": "scoring", "version": 2, "name": "计分", "pass_score": 70,
        "rules": [
            {"id": "hello", "name": "问候", "weight": 30, "expect": {"keywords": ["您好"]}},
            {"id": "bye", "name": "告别", "weight": 50, "expect": {"keywords": ["再见"]}},
            {"id": "safe", "name": "合规", "weight": 20, "critical": True,
             "forbid": {"keywords": ["稳赚"]}},
            {"id": "old", "name": "老年", "weight": 40,
             "applies_when": {"customer": {"is_elderly": True}},
             "expect": {"keywords": ["慢慢说"]}},
            {"id": "extra", "name": "加分", "weight": 10, "bonus": True,
             "expect": {"keywords": ["温馨提示"]}},
        ],
    }
)  # fmt: skip


def test_score_counts_applicable_rules_only():
    result = inspect_conversation(
        SCORING, conversation("a:您好", "c:嗯", "a:再见"), pipeline=rules_pipeline()
    )
    assert [r.outcome for r in result.rule_results] == [
        "pass", "pass", "pass", "not_applicable", "not_applicable",
    ]  # fmt: skip
    assert (result.points, result.max_points, result.score, result.passed) == (
        100.0, 100.0, 100.0, True,
    )  # fmt: skip
    assert result.rubric == ("scoring", 2)


def test_critical_failure_fails_whatever_the_score():
    conv = conversation("a:您好", "a:这个稳赚，温馨提示：再见")
    result = inspect_conversation(SCORING, conv, pipeline=rules_pipeline())
    assert result.critical_failures == ["safe"]
    assert (result.points, result.max_points, result.score, result.passed) == (
        90.0, 100.0, 90.0, False,
    )  # fmt: skip
    assert [(e.turn, e.text) for e in result.rule_results[2].evidence] == [(1, "稳赚")]


def test_bonus_adds_points_but_score_is_capped():
    conv = conversation("a:您好，温馨提示", "a:再见", customer={"is_elderly": True})
    result = inspect_conversation(SCORING, conv, pipeline=rules_pipeline())
    assert result.outcome("old") == "fail"
    assert result.outcome("extra") == "bonus"
    assert (result.points, result.max_points, result.score) == (110.0, 140.0, 78.57)
    assert result.passed is True
    perfect = conversation("a:您好，您慢慢说，温馨提示", "a:再见", customer={"is_elderly": True})
    assert inspect_conversation(SCORING, perfect, pipeline=rules_pipeline()).score == 100.0


def test_score_below_pass_score_fails():
    result = inspect_conversation(
        SCORING, conversation("a:您好", "c:好的"), pipeline=rules_pipeline()
    )
    assert (result.score, result.passed, result.critical_failures) == (50.0, False, [])


def test_empty_conversation_is_a_defined_result():
    result = inspect_conversation(default_rubric(), Conversation([]))
    assert (result.score, result.passed, result.turn_count) == (0.0, False, 0)
    assert {r.outcome for r in result.rule_results} == {"not_applicable"}
    assert result.to_dict()["rubric"] == {"id": "bank_service_default", "version": 1}


def test_enormous_conversation_returns_quickly():
    # 10,000 turns with stored annotations plus one 1 MB turn the pipeline has to read.
    stored = rules_pipeline().analyze("您好，请问有什么可以帮您？", speaker="agent").annotations
    turns = [
        Turn("agent" if i % 2 else "customer", "您好，请问有什么可以帮您？", annotations=stored)
        for i in range(10_000)
    ]
    turns[-1] = Turn("agent", "再见" + "很" * 1_000_000)
    started = time.perf_counter()
    result = inspect_conversation(
        default_rubric(), Conversation(turns, channel="phone"), pipeline=rules_pipeline()
    )
    assert time.perf_counter() - started < 5
    assert (result.turn_count, result.truncated) == (10_000, False)
    assert result.outcome("farewell") == "pass"
    assert result.outcome("greeting") == "pass"
    assert len(result.rule_results[0].evidence) == 2  # the greeting in turn 1
    politeness = next(r for r in result.rule_results if r.rule_id == "politeness")
    assert len(politeness.evidence) == 20  # capped at MAX_EVIDENCE
    assert MAX_MATCH_CHARS == 2_000


def test_turns_past_the_limit_are_not_inspected():
    turns = [Turn("agent", "您好", annotations={}) for _ in range(MAX_TURNS + 5)]
    result = inspect_conversation(SCORING, Conversation(turns))
    assert (result.turn_count, result.truncated) == (MAX_TURNS, True)


def test_default_pipeline_runs_when_turns_have_no_annotations():
    conv = conversation("a:您好，很高兴为您服务", "c:我想查余额", "a:好的，请稍等，再见")
    result = inspect_conversation(default_rubric(), conv)
    assert default_pipeline().names[:4] == list(RULE_PIPELINE)
    assert (result.outcome("greeting"), result.outcome("farewell")) == ("pass", "pass")
    assert conv.turns[0].annotations is None  # the caller's turns are left as they were


def test_to_dict_is_json_ready():
    conv = conversation("a:您好，这是规定", "a:再见")
    data = inspect_conversation(default_rubric(), conv, pipeline=rules_pipeline()).to_dict()
    rule = next(r for r in data["rule_results"] if r["rule_id"] == "no_forbidden_phrases")
    assert rule == {
        "rule_id": "no_forbidden_phrases", "name": "禁用服务禁语", "outcome": "fail",
        "points": 0.0, "weight": 10, "critical": False,
        "evidence": [{"turn": 0, "start": 3, "end": 7, "text": "这是规定",
                      "suggestion": "根据相关要求需要这样办理，我给您解释一下原因"}],
    }  # fmt: skip


GOOD_PHONE = conversation(
    "a:您好，我是客服专员小李，工号3021，很高兴为您服务，请问有什么可以帮您？",
    "c:我卡丢了！里面还有好几万，急死我了！",
    "a:您先别着急，我们一起看看怎么处理。我跟您确认一下，您是想挂失尾号3456的借记卡，对吗？",
    "c:对，就是这张。",
    "a:请问您是什么时候发现卡不见的呢？卡最后一次使用是在哪里？",
    "c:昨天下午。",
    "a:已经帮您做了临时挂失。这个需要进一步核实交易，我会在2个工作日内回复您。",
    "c:好的。",
    "a:另外提醒您，验证码不要告诉任何人。感谢您的来电，再见！",
    channel="phone",
)
BAD_WEALTH = conversation(
    "c:我想买点理财。",
    "a:嗯，说吧。",
    "c:有十万。",
    "a:这款产品保本保息，稳赚不赔，你必须今天买。卡号6222021234567894我帮你登记了。",
    "c:好吧。",
    "a:办完了。",
    channel="counter",
    customer={"is_elderly": True},
)


def test_default_rubric_on_a_good_phone_conversation():
    result = inspect_conversation(default_rubric(), GOOD_PHONE, pipeline=rules_pipeline())
    outcomes = {r.rule_id: r.outcome for r in result.rule_results}
    assert outcomes == {
        "greeting": "pass", "farewell": "pass", "self_introduction": "pass",
        "politeness": "pass", "no_forbidden_phrases": "pass", "no_negative_commanding": "pass",
        "plain_language_elderly": "not_applicable", "restating": "pass", "questioning": "pass",
        "needs_mining": "fail", "empathy_first": "pass", "risk_disclosure": "not_applicable",
        "no_guaranteed_return": "not_applicable", "no_full_pii": "pass", "next_step": "pass",
        "proactive_help": "bonus",
    }  # fmt: skip
    assert (result.points, result.max_points, result.score, result.passed) == (
        75.0,
        78.0,
        96.15,
        True,
    )


def test_default_rubric_on_a_mis_selling_conversation():
    result = inspect_conversation(default_rubric(), BAD_WEALTH, pipeline=rules_pipeline())
    assert result.critical_failures == ["risk_disclosure", "no_guaranteed_return", "no_full_pii"]
    assert result.passed is False
    guaranteed = next(r for r in result.rule_results if r.rule_id == "no_guaranteed_return")
    assert [(e.text, e.suggestion) for e in guaranteed.evidence] == [
        ("保本保息", "理财非存款，本产品不保证本金和收益"),
        ("稳赚不赔", "投资有风险，可能发生亏损"),
    ]
    pii = next(r for r in result.rule_results if r.rule_id == "no_full_pii")
    assert [e.text for e in pii.evidence] == ["622202******7894"]
    assert (result.points, result.max_points, result.score) == (16.0, 79.0, 20.25)


@pytest.fixture(scope="module")
def agreement():
    # Rule components only, so the thresholds do not move when a model is retrained.
    rows = read_labelled(LABELLED)
    report = evaluate_rubric(default_rubric(), rows, pipeline=build_pipeline(RULE_PIPELINE))
    print("\n" + format_report(report))  # noqa: T201  (the figures are the point of this test)
    return report


def test_labelled_set_is_large_and_fully_labelled():
    rows = read_labelled(LABELLED)
    assert len(rows) >= 200
    rule_ids = {rule.id for rule in default_rubric().rules}
    assert all(set(row["expected"]) == rule_ids for row in rows)
    assert all(6 <= len(row["turns"]) <= 20 for row in rows)


def test_default_rubric_agrees_with_labelled_set(agreement):
    for item in agreement.values():
        assert item.agreement >= 0.9, (item.rule_id, item.disagreements)
        assert item.precision >= 0.9, (item.rule_id, item.disagreements)
    assert agreement["empathy_first"].recall >= 0.85
    assert agreement["no_forbidden_phrases"].recall >= 0.85
