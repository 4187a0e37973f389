"""Human review: risk-based samples, rule overrides with reasons, agent appeals."""

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.core.exceptions import Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.roles import Capability
from xinfa.quality.conf import quality_setting
from xinfa.quality.enums import AppealStatus, SampleReason
from xinfa.quality.models import Appeal, Inspection, ReviewSample, RuleOutcome, RuleOverride
from xinfa.quality.services.common import ensure_capability
from xinfa.quality.services.rubrics import rubric_version_engine

MAX_REASON = 500


def _text(value: Any, *, field: str, max_length: int = MAX_REASON) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed(_("请填写理由"), field=field)
    if len(text) > max_length:
        raise ValidationFailed(_("最多 %(max)s 个字符") % {"max": max_length}, field=field)
    return text


def _locked(inspection_id: int) -> Inspection:
    inspection = (
        Inspection.objects.select_for_update()
        .select_related("rubric_version")
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise NotFound(_("质检结果 %(id)s 不存在") % {"id": inspection_id}, field="inspection_id")
    return inspection


def review_sample_draw(
    *, actor: Any, size: int | None = None, assign_to: Any = None, seed: int | None = None
) -> list[ReviewSample]:
    """Draw final inspections for human review: critical, low score, angry, then random.

    Risk-based picks fill the sample first (newest first within each reason); a share of
    `QUALITY_SAMPLE_RANDOM_SHARE` is kept for a random draw from the rest, so that
    inspectors also see ordinary conversations. Inspections already sampled are skipped.

    Raises:
        Forbidden: the actor may not review.
        ValidationFailed: size outside 1-500.
    """
    ensure_capability(actor, Capability.QUALITY_REVIEW)
    size = quality_setting("SAMPLE_SIZE") if size is None else size
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 500:
        raise ValidationFailed(_("抽样数量须在 1 至 500 之间"), field="size")
    random_count = round(size * float(quality_setting("SAMPLE_RANDOM_SHARE")))
    pool = Inspection.objects.filter(is_final=True, review_sample__isnull=True)
    picks: list[tuple[int, str]] = []
    taken: set[int] = set()
    risk_queries = [
        (SampleReason.CRITICAL, pool.filter(has_critical=True)),
        (SampleReason.LOW_SCORE, pool.filter(score__lt=quality_setting("LOW_SCORE"))),
        (SampleReason.ANGRY_CUSTOMER, pool.filter(is_hostile=True)),
    ]
    for reason, queryset in risk_queries:
        for pk in queryset.order_by("-created_at", "-pk").values_list("pk", flat=True)[:size]:
            if len(picks) >= size - random_count:
                break
            if pk not in taken:
                picks.append((pk, reason))
                taken.add(pk)
    rest = [pk for pk in pool.values_list("pk", flat=True) if pk not in taken]
    chooser = random.Random(seed)  # noqa: S311 - sampling, not security
    for pk in chooser.sample(rest, min(size - len(picks), len(rest))):
        picks.append((pk, SampleReason.RANDOM))
    with transaction.atomic():
        return ReviewSample.objects.bulk_create(
            [
                ReviewSample(inspection_id=pk, reason=reason, assigned_to=assign_to)
                for pk, reason in picks
            ]
        )


def review_complete(*, actor: Any, inspection_id: int) -> ReviewSample:
    """Mark a sampled inspection as reviewed (it then counts in calibration).

    Raises:
        Forbidden: the actor may not review.
        NotFound: the inspection was not sampled.
    """
    ensure_capability(actor, Capability.QUALITY_REVIEW)
    with transaction.atomic():
        sample = (
            ReviewSample.objects.select_for_update().filter(inspection_id=inspection_id).first()
        )
        if sample is None:
            raise NotFound(_("该质检结果不在复核样本中"), field="inspection_id")
        if sample.reviewed_at is None:
            sample.reviewed_at = timezone.now()
            sample.save(update_fields=["reviewed_at"])
    return sample


def inspection_rescore(inspection: Inspection) -> None:
    """Recompute the effective score, pass and critical failures from the rule outcomes."""
    rows = list(inspection.outcomes.all())
    applicable = [row for row in rows if not row.bonus and row.outcome in ("pass", "fail")]
    max_points = sum(row.weight for row in applicable)
    points = sum(row.weight for row in rows if row.outcome in ("pass", "bonus"))
    score = 100.0 if max_points == 0 else min(100.0, 100.0 * points / max_points)
    if not inspection.result.get("turn_count"):
        score = 0.0
    critical = [row.rule_id for row in rows if row.critical and row.outcome == "fail"]
    pass_score = rubric_version_engine(inspection.rubric_version).pass_score
    inspection.score = round(score, 2)
    inspection.critical_failures = critical
    inspection.has_critical = bool(critical)
    inspection.passed = inspection.score >= pass_score and not critical and bool(rows)
    inspection.save(update_fields=["score", "critical_failures", "has_critical", "passed"])


def _override(
    inspection: Inspection, *, actor: Any, rule_id: str, to_outcome: str, reason: str
) -> RuleOverride:
    row = RuleOutcome.objects.filter(inspection=inspection, rule_id=rule_id).first()
    if row is None:
        raise ValidationFailed(
            _("该质检结果中没有规则“%(rule_id)s”") % {"rule_id": rule_id}, field="rule_id"
        )
    allowed = ["bonus", "not_applicable"] if row.bonus else ["pass", "fail", "not_applicable"]
    if to_outcome not in allowed:
        raise ValidationFailed(
            _("必须是以下之一：%(allowed)s") % {"allowed": ", ".join(allowed)}, field="to_outcome"
        )
    if to_outcome == row.outcome:
        raise ValidationFailed(_("该规则已是此结果"), field="to_outcome")
    change = RuleOverride.objects.create(
        inspection=inspection,
        rule_id=rule_id,
        from_outcome=row.outcome,
        to_outcome=to_outcome,
        reason=reason,
        actor=actor,
    )
    row.outcome = to_outcome
    row.points = row.weight if to_outcome in ("pass", "bonus") else 0.0
    row.save(update_fields=["outcome", "points"])
    inspection_rescore(inspection)
    return change


def inspection_override(
    *, actor: Any, inspection_id: int, rule_id: str, to_outcome: str, reason: str
) -> RuleOverride:
    """Change one rule's outcome with a reason; the change is kept and the score recomputed.

    Raises:
        Forbidden: the actor may not review.
        NotFound: no such inspection.
        ValidationFailed: unknown rule, outcome not allowed, same outcome, missing reason.
    """
    ensure_capability(actor, Capability.QUALITY_REVIEW)
    reason = _text(reason, field="reason")
    with transaction.atomic():
        inspection = _locked(inspection_id)
        return _override(
            inspection, actor=actor, rule_id=rule_id, to_outcome=to_outcome, reason=reason
        )


def appeal_open(*, actor: Any, inspection_id: int, reason: str) -> Appeal:
    """Let the inspected agent appeal a final inspection within the appeal window.

    Raises:
        Forbidden: the actor may not appeal or is not the inspected agent.
        NotFound: no such inspection.
        ValidationFailed: missing reason.
        InvalidTransition: the window has closed, or an appeal is already open.
    """
    ensure_capability(actor, Capability.QUALITY_APPEAL)
    reason = _text(reason, field="reason", max_length=1000)
    with transaction.atomic():
        inspection = _locked(inspection_id)
        if inspection.agent_id != actor.pk:
            raise Forbidden(_("只有被质检的坐席可以对该质检结果申诉"))
        window = dt.timedelta(days=int(quality_setting("APPEAL_WINDOW_DAYS")))
        if timezone.now() > inspection.created_at + window:
            raise InvalidTransition(
                _("已超过 %(days)s 天的申诉期限") % {"days": window.days}, field="inspection_id"
            )
        if inspection.appeals.filter(status=AppealStatus.OPEN).exists():
            raise InvalidTransition(_("已有待处理的申诉"), field="inspection_id")
        return Appeal.objects.create(inspection=inspection, agent=actor, reason=reason)


def appeal_decide(
    *,
    actor: Any,
    appeal_id: int,
    status: str,
    note: str,
    rule_id: str | None = None,
    to_outcome: str | None = None,
) -> Appeal:
    """Uphold or reject an open appeal; an upheld one may change a rule's outcome.

    Raises:
        Forbidden: the actor may not review, or is the appealing agent.
        NotFound: no such appeal.
        ValidationFailed: unknown status, missing note, bad rule change.
        InvalidTransition: the appeal was already decided.
    """
    ensure_capability(actor, Capability.QUALITY_REVIEW)
    if status not in (AppealStatus.UPHELD, AppealStatus.REJECTED):
        raise ValidationFailed(_("必须是 upheld 或 rejected"), field="status")
    note = _text(note, field="note", max_length=1000)
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().filter(pk=appeal_id).first()
        if appeal is None:
            raise NotFound(_("申诉 %(id)s 不存在") % {"id": appeal_id}, field="appeal_id")
        if appeal.agent_id == actor.pk:
            raise Forbidden(_("坐席不能处理自己的申诉"))
        if appeal.status != AppealStatus.OPEN:
            raise InvalidTransition(_("该申诉已处理"), field="status")
        if status == AppealStatus.UPHELD and rule_id:
            inspection = _locked(appeal.inspection_id)
            _override(
                inspection,
                actor=actor,
                rule_id=rule_id,
                to_outcome=to_outcome or "",
                reason=f"appeal {appeal.pk}: {note}"[:MAX_REASON],
            )
        appeal.status = status
        appeal.note = note
        appeal.decided_by = actor
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["status", "note", "decided_by", "decided_at"])
    return appeal
