import datetime as dt

import pytest
from django.utils import timezone

from xinfa.core.roles import Role
from xinfa.quality import selectors, services
from xinfa.quality.models import Inspection
from xinfa.quality.tests.factories import BAD_CALL, GOOD_CALL, agent_create, conversation_create
from xinfa.service.models import Interaction
from xinfa.service.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector():
    return StaffFactory(role=Role.QA_INSPECTOR)


def test_inspection_list_filters_in_one_query(inspector, django_assert_num_queries) -> None:
    bad = [
        services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
        for _ in range(3)
    ]
    good = services.interaction_inspect(interaction_id=conversation_create(GOOD_CALL).pk)
    with django_assert_num_queries(1):
        rows = list(selectors.inspection_list(viewer=inspector))
        names = [
            (
                row.agent.username if row.agent else None,
                row.rubric_version.rubric.slug,
                row.interaction.channel,
            )
            for row in rows
        ]
    assert [row.pk for row in rows] == [good.pk] + [i.pk for i in reversed(bad)]
    assert names[0][1:] == ("default", "phone")
    assert list(selectors.inspection_list(viewer=inspector, passed=False)) == list(reversed(bad))
    assert list(selectors.inspection_list(viewer=inspector, min_score=50)) == [good]
    assert list(selectors.inspection_list(viewer=inspector, critical=True)) == []


def test_inspection_detail_masks_pii_and_cuts_segments(inspector) -> None:
    turns = [("customer", "我的卡号是6222020200112233446，丢了"), ("agent", "这是规定。")]
    inspection = services.interaction_inspect(interaction_id=conversation_create(turns).pk)
    detail = selectors.inspection_detail(viewer=inspector, inspection_id=inspection.pk)
    assert "6222020200112233446" not in detail.turns[0].text
    assert detail.turns[0].text.startswith("我的卡号是6222")
    assert detail.turns[1].segments == [
        {"text": "这是规定", "rules": ["no_forbidden_phrases"], "css": "fail"},
        {"text": "。", "rules": [], "css": ""},
    ]
    assert detail.can_appeal is False


def test_segments_for_overlapping_rules() -> None:
    pieces = selectors.segments_for(
        "abcdef", [(1, 4, "x"), (3, 5, "y")], {"x": "pass", "y": "fail"}
    )
    assert pieces == [
        {"text": "a", "rules": [], "css": ""},
        {"text": "bc", "rules": ["x"], "css": "pass"},
        {"text": "d", "rules": ["x", "y"], "css": "fail"},
        {"text": "e", "rules": ["y"], "css": "fail"},
        {"text": "f", "rules": [], "css": ""},
    ]


def test_calibration_report_agreement_and_kappa(inspector) -> None:
    inspections = [
        services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
        for _ in range(4)
    ]
    services.inspection_override(
        actor=inspector,
        inspection_id=inspections[0].pk,
        rule_id="greeting",
        to_outcome="pass",
        reason="有问候",
    )
    services.review_sample_draw(actor=inspector, size=4, seed=0)
    for inspection in inspections[1:3]:
        services.review_complete(actor=inspector, inspection_id=inspection.pk)
    report = {row["rule_id"]: row for row in selectors.calibration_report()}
    assert report["greeting"] == {
        "rule_id": "greeting",
        "reviewed": 3,
        "agreed": 2,
        "agreement": 0.6667,
        "kappa": 0.0,
    }
    assert report["farewell"]["agreement"] == 1.0
    assert report["farewell"]["kappa"] is None  # every answer identical: undefined


def test_agent_quality_trend_per_week(django_assert_num_queries) -> None:
    agent = agent_create(display_name="李坐席")
    now = timezone.now()
    for days, turns in ((0, GOOD_CALL), (1, BAD_CALL), (14, GOOD_CALL)):
        interaction = conversation_create(turns, agent=agent)
        Interaction.objects.filter(pk=interaction.pk).update(
            started_at=now - dt.timedelta(days=days)
        )
        services.interaction_inspect(interaction_id=interaction.pk)
    scores = dict(Inspection.objects.values_list("interaction__started_at", "score"))
    with django_assert_num_queries(1):
        rows = selectors.agent_quality_trend(agent_id=agent.pk, now=now)
    assert [row["count"] for row in rows] in ([1, 2], [1, 1, 1])
    assert rows[0]["agent"] == "李坐席"
    assert sum(r["count"] for r in rows) == 3
    assert rows[-1]["mean_score"] <= max(scores.values())


def test_agent_wellbeing_suggests_a_break(settings) -> None:
    settings.QUALITY_WELLBEING_HOSTILE_COUNT = 2
    tired = agent_create(display_name="疲惫坐席")
    calm = agent_create()
    for agent, count in ((tired, 2), (calm, 1)):
        for _ in range(count):
            inspection = services.interaction_inspect(
                interaction_id=conversation_create(BAD_CALL, agent=agent).pk
            )
            Inspection.objects.filter(pk=inspection.pk).update(is_hostile=True)
    assert selectors.agent_wellbeing() == [
        {
            "agent_id": tired.pk,
            "agent": "疲惫坐席",
            "hostile_conversations": 2,
            "window_hours": 4,
            "suggest_break": True,
        }
    ]
    later = timezone.now() + dt.timedelta(hours=5)
    assert selectors.agent_wellbeing(now=later) == []


def test_turn_is_hostile_thresholds() -> None:
    assert services.turn_is_hostile(
        {"emotion": {"label": "angry", "probabilities": {"angry": 0.7}}}
    )
    assert not services.turn_is_hostile(
        {"emotion": {"label": "angry", "probabilities": {"angry": 0.4}}}
    )
    assert services.turn_is_hostile({"customer_type": {"label": "agitated"}})
    assert not services.turn_is_hostile({})


def test_score_distribution_buckets_and_most_failed() -> None:
    services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
    services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
    version = services.rubric_default_ensure()
    figures = selectors.score_distribution(rubric_version_id=version.pk)
    assert (figures["total"], figures["passed"], figures["buckets"]["0-59"]) == (2, 0, 2)
    assert figures["most_failed"][0][1] == 2
