import datetime as dt

import pytest
from django.utils import timezone

from xinfa.core.exceptions import Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.roles import Role
from xinfa.quality import services
from xinfa.quality.enums import RunStatus
from xinfa.quality.models import (
    Appeal,
    Inspection,
    InspectionRun,
    ReviewSample,
    RubricVersion,
    RuleOutcome,
    RuleOverride,
)
from xinfa.quality.tests.factories import BAD_CALL, GOOD_CALL, agent_create, conversation_create
from xinfa.service.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

MINIMAL = """id: mini
version: 7
name: 迷你标准
pass_score: 60
rules:
  - id: greeting
    name: 问候
    weight: 10
    expect: {speaker: agent, label: phrases.greeting}
"""


def _rule(yaml_rule: str) -> str:
    return MINIMAL.replace("    expect: {speaker: agent, label: phrases.greeting}\n", yaml_rule)


@pytest.fixture
def inspector():
    return StaffFactory(role=Role.QA_INSPECTOR)


def test_rubric_import_yaml_assigns_versions_and_canonical_yaml(inspector) -> None:
    first = services.rubric_import_yaml(actor=inspector, yaml_text=MINIMAL)
    second = services.rubric_import_yaml(actor=inspector, yaml_text=MINIMAL)
    assert (first.rubric.slug, first.version, second.version) == ("mini", 1, 2)
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (True, False)
    assert "version: 2" in second.yaml
    assert services.rubric_export_yaml(version_id=second.pk) == second.yaml
    assert services.rubric_parse(yaml_text=second.yaml).version == 2


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ("    expect: {label: phrases.nope}\n", "yaml.rules[0].expect.label", "未知的标签"),
        ("    expect: {regex: '(?=a)b'}\n", "yaml.rules[0].expect.regex.pattern", "RE2"),
        ("    expect: {regex: '(a)\\1'}\n", "yaml.rules[0].expect.regex.pattern", "RE2"),
        ("    expect: {ref: nowhere}\n", "yaml.rules[0]", "nowhere"),
        ("    weight: [1]\n", "yaml.rules[0].weight", "必须是数字，实际为 [1]"),
    ],
)
def test_rubric_import_yaml_refuses_bad_rules_with_path(inspector, body, field, reason) -> None:
    text = _rule(body) if "weight" not in body else MINIMAL.replace("    weight: 10\n", body)
    with pytest.raises(ValidationFailed) as caught:
        services.rubric_import_yaml(actor=inspector, yaml_text=text)
    assert caught.value.field == field
    assert reason in caught.value.message
    assert RubricVersion.objects.count() == 0


def test_rubric_import_yaml_refuses_circular_reference(inspector) -> None:
    text = MINIMAL.replace("rules:\n", "matchers:\n  m1: {ref: m2}\n  m2: {ref: m1}\nrules:\n")
    with pytest.raises(ValidationFailed) as caught:
        services.rubric_import_yaml(actor=inspector, yaml_text=text)
    assert caught.value.field == "yaml.matchers.m1"
    assert caught.value.message == "循环引用：m1 -> m2 -> m1"


def test_rubric_import_yaml_needs_manage_right() -> None:
    with pytest.raises(Forbidden):
        services.rubric_import_yaml(actor=StaffFactory(role=Role.AGENT), yaml_text=MINIMAL)
    assert RubricVersion.objects.count() == 0


def test_rubric_activate_switches_the_active_version(inspector) -> None:
    first = services.rubric_import_yaml(actor=inspector, yaml_text=MINIMAL)
    second = services.rubric_import_yaml(actor=inspector, yaml_text=MINIMAL)
    services.rubric_activate(actor=inspector, version_id=second.pk)
    assert list(RubricVersion.objects.filter(is_active=True)) == [second]
    first.refresh_from_db()
    assert first.is_active is False
    with pytest.raises(NotFound):
        services.rubric_activate(actor=inspector, version_id=999)


def test_rubric_default_ensure_loads_the_shipped_rubric_once() -> None:
    version = services.rubric_default_ensure()
    again = services.rubric_default_ensure()
    assert version == again
    assert (version.rubric.slug, version.version, version.is_active) == ("default", 1, True)
    assert len(services.rubric_version_engine(version).rules) == 16


def test_interaction_inspect_stores_outcomes_and_evidence() -> None:
    agent = agent_create()
    interaction = conversation_create(BAD_CALL, agent=agent)
    inspection = services.interaction_inspect(interaction_id=interaction.pk)
    assert (inspection.is_final, inspection.agent, inspection.passed) == (True, agent, False)
    assert inspection.score == inspection.engine_score == inspection.result["score"]
    rows = {row.rule_id: row for row in inspection.outcomes.all()}
    assert len(rows) == 16
    assert rows["no_forbidden_phrases"].outcome == "fail"
    assert [
        (e["turn"], e["start"], e["end"], e["text"]) for e in rows["no_forbidden_phrases"].evidence
    ] == [(1, 0, 4, "这是规定"), (1, 6, 9, "不知道")]
    assert rows["no_negative_commanding"].evidence[0]["text"] == "你必须"
    assert rows["risk_disclosure"].outcome == "not_applicable"
    assert rows["empathy_first"].outcome == "fail"


def test_interaction_inspect_is_idempotent_once_closed() -> None:
    interaction = conversation_create(GOOD_CALL)
    first = services.interaction_inspect(interaction_id=interaction.pk)
    second = services.interaction_inspect(interaction_id=interaction.pk)
    assert first.pk == second.pk
    assert Inspection.objects.count() == 1
    assert RuleOutcome.objects.count() == 16


def test_interaction_inspect_refreshes_the_live_inspection_of_an_open_call() -> None:
    interaction = conversation_create(GOOD_CALL[:2], closed=False)
    live = services.interaction_inspect(interaction_id=interaction.pk)
    assert live.is_final is False
    farewell = live.outcomes.get(rule_id="farewell")
    assert farewell.outcome == "fail"
    conversation_create([], closed=False)  # another call changes nothing here
    interaction.messages.create(
        sequence=3, speaker="agent", text="感谢您的来电，再见。", sent_at=timezone.now()
    )
    again = services.interaction_inspect(interaction_id=interaction.pk)
    assert again.pk == live.pk
    assert again.outcomes.get(rule_id="farewell").outcome == "pass"
    assert RuleOutcome.objects.filter(inspection=live).count() == 16


def test_interaction_inspect_unknown_interaction() -> None:
    with pytest.raises(NotFound):
        services.interaction_inspect(interaction_id=12345)


def test_inspection_batch_run_resumes_without_double_counting() -> None:
    calls = [conversation_create(GOOD_CALL if i % 2 else BAD_CALL) for i in range(5)]
    conversation_create(GOOD_CALL, closed=False)  # open calls are not inspected in batch
    run = services.inspection_run_start(rubric_slug="default")
    assert (run.total, run.done) == (5, 0)
    services.inspection_batch_run(run_id=run.pk, limit=2)  # as if it crashed after 2
    run.refresh_from_db()
    assert (run.done, run.cursor, run.status) == (2, calls[1].pk, RunStatus.RUNNING)
    resumed = services.inspection_run_start(rubric_slug="default", resume=True)
    assert resumed.pk == run.pk
    services.inspection_batch_run(run_id=run.pk)
    run.refresh_from_db()
    assert (run.done, run.status) == (5, RunStatus.DONE)
    assert Inspection.objects.filter(is_final=True).count() == 5
    assert RuleOutcome.objects.count() == 5 * 16
    fresh = services.inspection_run_start(rubric_slug="default")
    assert fresh.total == 0
    services.inspection_batch_run(run_id=fresh.pk)
    assert Inspection.objects.count() == 5
    assert InspectionRun.objects.count() == 2


def test_inspection_override_keeps_history_and_rescores(inspector) -> None:
    interaction = conversation_create(BAD_CALL)
    inspection = services.interaction_inspect(interaction_id=interaction.pk)
    rows = {row.rule_id: row for row in inspection.outcomes.all()}
    applicable = sum(
        r.weight for r in rows.values() if r.outcome in ("pass", "fail") and not r.bonus
    )
    points = sum(r.weight for r in rows.values() if r.outcome in ("pass", "bonus"))
    assert inspection.score == round(100 * points / applicable, 2)
    services.inspection_override(
        actor=inspector,
        inspection_id=inspection.pk,
        rule_id="greeting",
        to_outcome="pass",
        reason="录音中有问候",
    )
    services.inspection_override(
        actor=inspector,
        inspection_id=inspection.pk,
        rule_id="greeting",
        to_outcome="fail",
        reason="复听后确认无问候",
    )
    services.inspection_override(
        actor=inspector,
        inspection_id=inspection.pk,
        rule_id="farewell",
        to_outcome="pass",
        reason="通话末尾有告别",
    )
    inspection.refresh_from_db()
    assert inspection.score == round(100 * (points + 6) / applicable, 2)
    assert inspection.engine_score == inspection.result["score"]
    history = list(RuleOverride.objects.values_list("rule_id", "from_outcome", "to_outcome"))
    assert history == [
        ("greeting", "fail", "pass"),
        ("greeting", "pass", "fail"),
        ("farewell", "fail", "pass"),
    ]
    row = inspection.outcomes.get(rule_id="farewell")
    assert (row.outcome, row.engine_outcome, row.points) == ("pass", "fail", 6.0)


@pytest.mark.parametrize(
    ("rule_id", "to_outcome", "reason", "field"),
    [
        ("nope", "pass", "x", "rule_id"),
        ("greeting", "great", "x", "to_outcome"),
        ("greeting", "fail", "x", "to_outcome"),
        ("proactive_help", "pass", "x", "to_outcome"),
        ("greeting", "pass", "  ", "reason"),
    ],
)
def test_inspection_override_refuses_bad_input(
    inspector, rule_id, to_outcome, reason, field
) -> None:
    inspection = services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
    with pytest.raises(ValidationFailed) as caught:
        services.inspection_override(
            actor=inspector,
            inspection_id=inspection.pk,
            rule_id=rule_id,
            to_outcome=to_outcome,
            reason=reason,
        )
    assert caught.value.field == field
    assert RuleOverride.objects.count() == 0


def test_critical_failure_fails_whatever_the_score(inspector) -> None:
    turns = [*GOOD_CALL[:-1], ("agent", "这款理财保本保收益，稳赚不赔。"), GOOD_CALL[-1]]
    inspection = services.interaction_inspect(interaction_id=conversation_create(turns).pk)
    assert inspection.critical_failures == ["risk_disclosure", "no_guaranteed_return"]
    assert (inspection.has_critical, inspection.passed) == (True, False)


def test_review_sample_draw_is_risk_based_then_random(inspector) -> None:
    bad = [
        services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
        for _ in range(2)
    ]
    good = [
        services.interaction_inspect(interaction_id=conversation_create(GOOD_CALL).pk)
        for _ in range(4)
    ]
    samples = services.review_sample_draw(actor=inspector, size=4, seed=1)
    reasons = {sample.inspection_id: sample.reason for sample in samples}
    assert {reasons[i.pk] for i in bad} == {"low_score"}
    assert sorted(reasons.values()) == ["low_score", "low_score", "random", "random"]
    assert sum(1 for i in good if i.pk in reasons) == 2
    again = services.review_sample_draw(actor=inspector, size=10, seed=1)
    assert sorted(s.inspection_id for s in again) == sorted(
        i.pk for i in good if i.pk not in reasons
    )
    assert ReviewSample.objects.count() == 6
    with pytest.raises(ValidationFailed):
        services.review_sample_draw(actor=inspector, size=0)


def test_appeal_open_only_by_the_agent_within_the_window(inspector) -> None:
    agent = agent_create()
    other = agent_create()
    inspection = services.interaction_inspect(
        interaction_id=conversation_create(BAD_CALL, agent=agent).pk
    )
    with pytest.raises(Forbidden):
        services.appeal_open(actor=other, inspection_id=inspection.pk, reason="不是我")
    appeal = services.appeal_open(actor=agent, inspection_id=inspection.pk, reason="已致歉")
    with pytest.raises(InvalidTransition):
        services.appeal_open(actor=agent, inspection_id=inspection.pk, reason="再次申诉")
    services.appeal_decide(
        actor=inspector,
        appeal_id=appeal.pk,
        status="upheld",
        note="复听属实",
        rule_id="empathy_first",
        to_outcome="pass",
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by) == ("upheld", inspector)
    assert inspection.outcomes.get(rule_id="empathy_first").outcome == "pass"
    with pytest.raises(InvalidTransition):
        services.appeal_decide(actor=inspector, appeal_id=appeal.pk, status="rejected", note="x")
    Inspection.objects.filter(pk=inspection.pk).update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    with pytest.raises(InvalidTransition) as caught:
        services.appeal_open(actor=agent, inspection_id=inspection.pk, reason="太晚了")
    assert caught.value.message == "已超过 7 天的申诉期限"
    assert Appeal.objects.count() == 1


def test_review_complete_marks_the_sample(inspector) -> None:
    inspection = services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
    with pytest.raises(NotFound):
        services.review_complete(actor=inspector, inspection_id=inspection.pk)
    services.review_sample_draw(actor=inspector, size=1)
    sample = services.review_complete(actor=inspector, inspection_id=inspection.pk)
    assert sample.reviewed_at is not None


def test_rubric_test_runs_a_pasted_conversation_without_storing() -> None:
    text = "坐席：您好，很高兴为您服务。\n客户：我想查余额\n坐席：好的，再见。"
    result = services.rubric_test(yaml_text=MINIMAL, conversation=text, channel="phone")
    assert (result["score"], result["passed"], result["rubric"]) == (
        100.0,
        True,
        {"id": "mini", "version": 7},
    )
    assert result["rule_results"][0]["evidence"][0]["text"] == "您好"
    assert [turn["speaker"] for turn in result["turns"]] == ["agent", "customer", "agent"]
    assert Inspection.objects.count() == 0
    # The same speaker names as the transcript importer and `xinfa analyze`, plus c / a.
    pasted = "柜员：您好\n用户：查余额\nA: 好的\nc：谢谢\n系统：通话结束"
    result = services.rubric_test(yaml_text=MINIMAL, conversation=pasted)
    speakers = [turn["speaker"] for turn in result["turns"]]
    assert speakers == ["agent", "customer", "agent", "customer", "system"]
    with pytest.raises(ValidationFailed) as caught:
        services.rubric_test(yaml_text=MINIMAL, conversation="你好\n坐席：在")
    assert (caught.value.field, caught.value.message) == (
        "conversation",
        "第 1 行：请以“客户：”或“坐席：”开头，后接内容",
    )
