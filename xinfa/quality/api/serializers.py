"""Output shapes of the quality API (plain dicts: the data are the engine's own)."""

from typing import Any

from xinfa.quality.models import Appeal, Inspection, RubricVersion, RuleOverride
from xinfa.quality.selectors import InspectionDetail


def inspection_summary(inspection: Inspection) -> dict[str, Any]:
    sample = getattr(inspection, "review_sample", None)
    agent = inspection.agent
    return {
        "id": inspection.pk,
        "interaction_id": inspection.interaction_id,
        "channel": inspection.interaction.channel,
        "agent": {"id": agent.pk, "name": agent.display_name or agent.username} if agent else None,
        "rubric": {
            "slug": inspection.rubric_version.rubric.slug,
            "version": inspection.rubric_version.version,
        },
        "score": inspection.score,
        "engine_score": inspection.engine_score,
        "passed": inspection.passed,
        "critical_failures": inspection.critical_failures,
        "is_final": inspection.is_final,
        "is_hostile": inspection.is_hostile,
        "sample": {"reason": sample.reason, "reviewed": sample.reviewed_at is not None}
        if sample
        else None,
        "created_at": inspection.created_at.isoformat(),
    }


def override_data(change: RuleOverride) -> dict[str, Any]:
    return {
        "id": change.pk,
        "rule_id": change.rule_id,
        "from": change.from_outcome,
        "to": change.to_outcome,
        "reason": change.reason,
        "actor": change.actor.username,
        "at": change.at.isoformat(),
    }


def appeal_data(appeal: Appeal) -> dict[str, Any]:
    return {
        "id": appeal.pk,
        "inspection_id": appeal.inspection_id,
        "agent": appeal.agent.username,
        "reason": appeal.reason,
        "status": appeal.status,
        "note": appeal.note,
        "decided_by": appeal.decided_by.username if appeal.decided_by else None,
        "opened_at": appeal.opened_at.isoformat(),
        "decided_at": appeal.decided_at.isoformat() if appeal.decided_at else None,
    }


def inspection_detail_data(detail: InspectionDetail) -> dict[str, Any]:
    data = inspection_summary(detail.inspection)
    data["rules"] = detail.rules
    data["turns"] = [
        {"index": turn.index, "speaker": turn.speaker, "text": turn.text, "segments": turn.segments}
        for turn in detail.turns
    ]
    data["overrides"] = [override_data(change) for change in detail.overrides]
    data["appeals"] = [appeal_data(appeal) for appeal in detail.appeals]
    data["can_appeal"] = detail.can_appeal
    return data


def rubric_version_data(version: RubricVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "rubric": version.rubric.slug,
        "name": version.rubric.name,
        "version": version.version,
        "is_active": version.is_active,
        "created_by": version.created_by.username if version.created_by else None,
        "created_at": version.created_at.isoformat(),
    }
