"""Reads for quality inspection: lists, the evidence view, calibration, trends, wellbeing."""

import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.accounts.models import User
from xinfa.analysis.selectors import masked_norm_text
from xinfa.core.exceptions import NotFound
from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import Capability
from xinfa.quality.conf import quality_setting
from xinfa.quality.models import Appeal, Inspection, RubricVersion, RuleOutcome
from xinfa.service.models import Message


def inspection_list(
    *,
    viewer: Any,
    agent_id: int | None = None,
    passed: bool | None = None,
    critical: bool | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    sampled: bool | None = None,
    is_final: bool | None = True,
) -> QuerySet[Inspection]:
    """Inspections the viewer may see: reviewers see all, other staff only their own.

    Raises:
        Nothing: filters narrow the result; an unknown agent gives an empty list.
    """
    queryset = Inspection.objects.select_related(
        "interaction", "agent", "rubric_version__rubric", "review_sample"
    ).defer("result")
    if not user_has_capability(viewer, Capability.QUALITY_REVIEW):
        queryset = queryset.filter(agent_id=viewer.pk)
    if agent_id is not None:
        queryset = queryset.filter(agent_id=agent_id)
    if is_final is not None:
        queryset = queryset.filter(is_final=is_final)
    if passed is not None:
        queryset = queryset.filter(passed=passed)
    if critical is not None:
        queryset = queryset.filter(has_critical=critical)
    if min_score is not None:
        queryset = queryset.filter(score__gte=min_score)
    if max_score is not None:
        queryset = queryset.filter(score__lte=max_score)
    if sampled is not None:
        queryset = queryset.filter(review_sample__isnull=not sampled)
    return queryset.order_by("-created_at", "-pk")


@dataclass
class TurnView:
    index: int
    speaker: str
    sequence: int
    text: str  # normalised, PII masked
    segments: list[dict[str, Any]] = field(default_factory=list)  # [{text, rules}]


@dataclass
class InspectionDetail:
    inspection: Inspection
    turns: list[TurnView]
    rules: list[dict[str, Any]]
    overrides: list[Any]
    appeals: list[Any]
    can_appeal: bool


def segments_for(
    text: str, marks: list[tuple[int, int, str]], outcomes: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Cut a text at every evidence boundary; each piece lists the rules covering it and
    its css class (`fail` when any covering rule failed)."""
    cuts = {0, len(text)}
    for start, end, _rule in marks:
        cuts.update({max(0, min(start, len(text))), max(0, min(end, len(text)))})
    points = sorted(cuts)
    pieces = []
    for start, end in itertools.pairwise(points):
        rules = sorted({rule for s, e, rule in marks if s <= start and end <= e and s < e})
        found = {(outcomes or {}).get(rule, "fail") for rule in rules}
        css = "fail" if "fail" in found else ("bonus" if "bonus" in found else "pass")
        pieces.append({"text": text[start:end], "rules": rules, "css": css if rules else ""})
    return pieces


def inspection_detail(*, viewer: Any, inspection_id: int) -> InspectionDetail:
    """One inspection with its conversation cut into evidence-highlighted segments.

    Raises:
        NotFound: no such inspection, or the viewer may not see it.
    """
    inspection = (
        inspection_list(viewer=viewer, is_final=None).defer(None).filter(pk=inspection_id).first()
    )
    if inspection is None:
        raise NotFound(_("质检结果 %(id)s 不存在") % {"id": inspection_id}, field="inspection_id")
    outcomes = list(inspection.outcomes.order_by("pk"))
    outcome_of = {row.rule_id: row.outcome for row in outcomes}
    marks: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for row in outcomes:
        if row.outcome in ("fail", "bonus", "pass"):
            for item in row.evidence:
                marks[int(item["turn"])].append((int(item["start"]), int(item["end"]), row.rule_id))
    messages = list(
        Message.objects.filter(
            interaction_id=inspection.interaction_id, speaker__in=("customer", "agent", "bot")
        )
        .select_related("analysis")
        .order_by("sequence")
    )
    turns = []
    for index, message in enumerate(messages):
        annotations = getattr(message, "analysis", None)
        text = masked_norm_text(message.text, annotations.annotations if annotations else {})
        turns.append(
            TurnView(
                index,
                message.speaker,
                message.sequence,
                text,
                segments_for(text, marks.get(index, []), outcome_of),
            )
        )
    names = {item["rule_id"]: item["name"] for item in inspection.result.get("rule_results", [])}
    rules = [
        {
            "rule_id": row.rule_id,
            "name": names.get(row.rule_id, row.rule_id),
            "outcome": row.outcome,
            "engine_outcome": row.engine_outcome,
            "points": row.points,
            "weight": row.weight,
            "critical": row.critical,
            "bonus": row.bonus,
            "evidence": row.evidence,
        }
        for row in outcomes
    ]
    window = dt.timedelta(days=int(quality_setting("APPEAL_WINDOW_DAYS")))
    can_appeal = (
        inspection.agent_id == getattr(viewer, "pk", None)
        and user_has_capability(viewer, Capability.QUALITY_APPEAL)
        and timezone.now() <= inspection.created_at + window
        and not any(appeal.status == "open" for appeal in inspection.appeals.all())
    )
    return InspectionDetail(
        inspection,
        turns,
        rules,
        list(inspection.overrides.select_related("actor")),
        list(inspection.appeals.select_related("agent", "decided_by")),
        can_appeal,
    )


def appeal_list(*, viewer: Any, status: str | None = None) -> QuerySet[Appeal]:
    """Appeals: reviewers see all, agents their own."""
    queryset = Appeal.objects.select_related("inspection", "agent", "decided_by")
    if not user_has_capability(viewer, Capability.QUALITY_REVIEW):
        queryset = queryset.filter(agent_id=viewer.pk)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def rubric_version_list() -> QuerySet[RubricVersion]:
    """Every stored rubric version, newest first within each rubric."""
    return RubricVersion.objects.select_related("rubric", "created_by").order_by(
        "rubric__slug", "-version"
    )


def _kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of engine vs inspector outcomes; None when undefined."""
    if not pairs:
        return None
    total = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / total
    engine, human = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(engine[k] * human[k] for k in set(engine) | set(human)) / (total * total)
    if expected >= 1.0:
        return None
    return round((observed - expected) / (1 - expected), 4)


def calibration_report(*, rubric_version_id: int | None = None) -> list[dict[str, Any]]:
    """Per rule: reviewed inspections, engine-inspector agreement and Cohen's kappa.

    An inspection counts as reviewed when its review sample is marked reviewed or an
    inspector overrode any of its rules.

    Raises:
        Nothing: an empty report is a list with no rows.
    """
    reviewed = Q(inspection__review_sample__reviewed_at__isnull=False) | Q(
        inspection__overrides__isnull=False
    )
    rows = RuleOutcome.objects.filter(reviewed, inspection__is_final=True)
    if rubric_version_id is not None:
        rows = rows.filter(inspection__rubric_version_id=rubric_version_id)
    pairs: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    for rule_id, inspection_id, engine, final in rows.values_list(
        "rule_id", "inspection_id", "engine_outcome", "outcome"
    ):
        pairs[rule_id][inspection_id] = (engine, final)
    report = []
    for rule_id in sorted(pairs):
        items = list(pairs[rule_id].values())
        agreed = sum(1 for a, b in items if a == b)
        report.append(
            {
                "rule_id": rule_id,
                "reviewed": len(items),
                "agreed": agreed,
                "agreement": round(agreed / len(items), 4),
                "kappa": _kappa(items),
            }
        )
    return report


def agent_quality_trend(
    *, agent_id: int | None = None, weeks: int = 12, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Final inspections per agent per week (by conversation start): count, mean, pass rate.

    Raises:
        Nothing.
    """
    since = (now or timezone.now()) - dt.timedelta(weeks=weeks)
    queryset = Inspection.objects.filter(
        is_final=True,
        agent__isnull=False,
        agent__is_service_account=False,  # the chat bot is not a person to coach
        interaction__started_at__gte=since,
    )
    if agent_id is not None:
        queryset = queryset.filter(agent_id=agent_id)
    rows = (
        queryset.annotate(week=TruncWeek("interaction__started_at"))
        .values("agent_id", "agent__display_name", "agent__username", "week")
        .annotate(count=Count("pk"), mean=Avg("score"), passed=Count("pk", filter=Q(passed=True)))
        .order_by("agent_id", "week")
    )
    return [
        {
            "agent_id": row["agent_id"],
            "agent": row["agent__display_name"] or row["agent__username"],
            "week": row["week"].date() if hasattr(row["week"], "date") else row["week"],
            "count": row["count"],
            "mean_score": round(row["mean"] or 0.0, 2),
            "pass_rate": round(row["passed"] / row["count"], 4),
        }
        for row in rows
    ]


def agent_wellbeing(*, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Agents with at least N hostile conversations in the last H hours: suggest a break.

    A conversation is hostile when any customer turn was strongly angry or agitated (set
    by the live and final inspections). Thresholds: QUALITY_WELLBEING_* in `conf.py`.

    Raises:
        Nothing.
    """
    hours = int(quality_setting("WELLBEING_WINDOW_HOURS"))
    threshold = int(quality_setting("WELLBEING_HOSTILE_COUNT"))
    since = (now or timezone.now()) - dt.timedelta(hours=hours)
    rows = (
        Inspection.objects.filter(
            is_hostile=True,
            agent__isnull=False,
            agent__is_service_account=False,
            interaction__started_at__gte=since,
        )
        .values("agent_id")
        .annotate(hostile=Count("interaction_id", distinct=True))
        .filter(hostile__gte=threshold)
        .order_by("-hostile", "agent_id")
    )
    counts = {row["agent_id"]: row["hostile"] for row in rows}
    agents = User.objects.in_bulk(list(counts))
    return [
        {
            "agent_id": pk,
            "agent": agents[pk].display_name or agents[pk].username,
            "hostile_conversations": count,
            "window_hours": hours,
            "suggest_break": True,
        }
        for pk, count in counts.items()
    ]


def score_distribution(*, rubric_version_id: int) -> dict[str, Any]:
    """Score buckets (0-59, 60-69, 70-79, 80-89, 90-100) and most-failed rules of a version.

    Raises:
        Nothing.
    """
    queryset = Inspection.objects.filter(rubric_version_id=rubric_version_id, is_final=True)
    buckets = {
        "0-59": Q(score__lt=60),
        "60-69": Q(score__gte=60, score__lt=70),
        "70-79": Q(score__gte=70, score__lt=80),
        "80-89": Q(score__gte=80, score__lt=90),
        "90-100": Q(score__gte=90),
    }
    counts = queryset.aggregate(
        total=Count("pk"),
        passed=Count("pk", filter=Q(passed=True)),
        mean=Avg("score"),
        critical=Count("pk", filter=Q(has_critical=True)),
        **{name: Count("pk", filter=condition) for name, condition in buckets.items()},
    )
    failed = (
        RuleOutcome.objects.filter(inspection__in=queryset, outcome="fail")
        .values("rule_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "rule_id")[:10]
    )
    return {
        "total": counts["total"],
        "passed": counts["passed"],
        "critical": counts["critical"],
        "mean": round(counts["mean"] or 0.0, 2),
        "buckets": {name: counts[name] for name in buckets},
        "most_failed": [(row["rule_id"], row["count"]) for row in failed],
    }


def inspection_for_interaction(*, interaction_id: int) -> Inspection | None:
    """The latest inspection (final first) of a conversation, if any."""
    return (
        Inspection.objects.filter(interaction_id=interaction_id)
        .order_by("-is_final", "-created_at")
        .first()
    )
