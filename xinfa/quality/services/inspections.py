"""Inspect conversations with a rubric version and store the verdicts (live, final, batch)."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.analysis.engine.qa import Conversation, InspectionResult, Turn, inspect_conversation
from xinfa.analysis.services import analysis_pipeline, messages_analyses
from xinfa.core.exceptions import NotFound
from xinfa.quality.conf import quality_setting
from xinfa.quality.enums import RunStatus
from xinfa.quality.models import Inspection, InspectionRun, RubricVersion, RuleOutcome
from xinfa.quality.services.rubrics import rubric_active_version, rubric_version_engine
from xinfa.service.enums import InteractionStatus
from xinfa.service.models import Interaction, Message

ENGINE_SPEAKERS = ("customer", "agent", "bot")
BATCH_SIZE = 200


def turn_is_hostile(annotations: dict[str, Any]) -> bool:
    """A customer turn is hostile when strongly angry or of the agitated type."""
    threshold = float(quality_setting("HOSTILE_MIN_PROBABILITY"))
    emotion = annotations.get("emotion") or {}
    if isinstance(emotion, dict) and emotion.get("label") == "angry":
        probability = float((emotion.get("probabilities") or {}).get("angry", 0.0) or 0.0)
        if max(probability, float(emotion.get("intensity") or 0.0)) >= threshold:
            return True
    customer_type = annotations.get("customer_type") or {}
    return isinstance(customer_type, dict) and customer_type.get("label") == "agitated"


def customer_flags(interaction: Interaction) -> dict[str, Any]:
    """The customer facts rules may read (`customer: {is_elderly: true}`)."""
    customer = interaction.customer
    if customer is None:
        return {}
    return {"is_elderly": customer.is_elderly, "kind": customer.kind, "vip_tier": customer.vip_tier}


def conversations_build(
    interactions: list[Interaction],
) -> dict[int, tuple[Conversation, list[dict[str, Any]]]]:
    """Build the engine conversation of each interaction from its stored, analysed turns.

    Returns {interaction id: (conversation, annotations per turn)}; system messages are
    left out, missing analyses are computed and stored on the way.

    Raises:
        PipelineError: the configured pipeline cannot be built.
    """
    by_id = {interaction.pk: interaction for interaction in interactions}
    messages = list(
        Message.objects.filter(interaction_id__in=by_id, speaker__in=ENGINE_SPEAKERS)
        .only("pk", "interaction_id", "speaker", "text", "sequence")
        .order_by("interaction_id", "sequence")
    )
    channel_of = {pk: interaction.channel for pk, interaction in by_id.items()}
    annotations = messages_analyses(messages=messages, channel_of=channel_of)
    grouped: dict[int, list[Message]] = {pk: [] for pk in by_id}
    for message in messages:
        grouped[message.interaction_id].append(message)
    built = {}
    for pk, turns in grouped.items():
        found = [annotations[message.pk] for message in turns]
        conversation = Conversation(
            [Turn(m.speaker, m.text, a) for m, a in zip(turns, found, strict=True)],
            by_id[pk].channel,
            customer_flags(by_id[pk]),
        )
        built[pk] = (conversation, found)
    return built


def _outcome_rows(
    inspection: Inspection, result: InspectionResult, version: RubricVersion
) -> list[RuleOutcome]:
    bonus = {rule.id for rule in rubric_version_engine(version).rules if rule.bonus}
    return [
        RuleOutcome(
            inspection=inspection,
            rule_id=item.rule_id,
            outcome=item.outcome,
            engine_outcome=item.outcome,
            points=item.points,
            weight=item.weight,
            critical=item.critical,
            bonus=item.rule_id in bonus,
            evidence=[evidence.to_dict() for evidence in item.evidence],
        )
        for item in result.rule_results
    ]


def _inspection_fields(result: InspectionResult, hostile: bool) -> dict[str, Any]:
    return {
        "engine_score": result.score,
        "score": result.score,
        "passed": result.passed,
        "critical_failures": list(result.critical_failures),
        "has_critical": bool(result.critical_failures),
        "result": result.to_dict(),
        "is_hostile": hostile,
    }


def _inspect_one(
    version: RubricVersion, conversation: Conversation, found: list[dict[str, Any]]
) -> tuple[InspectionResult, bool]:
    result = inspect_conversation(
        rubric_version_engine(version), conversation, pipeline=analysis_pipeline()
    )
    hostile = any(
        turn.speaker == "customer" and turn_is_hostile(annotations)
        for turn, annotations in zip(conversation.turns, found, strict=True)
    )
    return result, hostile


def interaction_inspect(
    *, interaction_id: int, rubric_slug: str | None = None, is_final: bool | None = None
) -> Inspection:
    """Inspect one conversation with the active version of a rubric and store the verdict.

    A closed conversation gets its final inspection once (a second call returns it); an
    open one gets its live inspection refreshed with every new turn.

    Raises:
        NotFound: no such interaction, or the rubric has no active version.
        PipelineError: the configured pipeline cannot be built.
    """
    interaction = Interaction.objects.select_related("customer").filter(pk=interaction_id).first()
    if interaction is None:
        raise NotFound(_("服务记录不存在"), field="interaction_id")
    version = rubric_active_version(slug=rubric_slug or quality_setting("DEFAULT_RUBRIC"))
    final = interaction.status == InteractionStatus.CLOSED if is_final is None else is_final
    existing = Inspection.objects.filter(
        interaction=interaction, rubric_version=version, is_final=final
    ).first()
    if existing is not None and final:
        return existing
    conversation, found = conversations_build([interaction])[interaction.pk]
    result, hostile = _inspect_one(version, conversation, found)
    with transaction.atomic():
        if existing is not None:
            existing.outcomes.all().delete()
            for name, value in _inspection_fields(result, hostile).items():
                setattr(existing, name, value)
            existing.save()
            inspection = existing
        else:
            try:
                with transaction.atomic():
                    inspection = Inspection.objects.create(
                        interaction=interaction,
                        rubric_version=version,
                        is_final=final,
                        agent_id=interaction.handled_by_id,
                        **_inspection_fields(result, hostile),
                    )
            except IntegrityError:  # a concurrent worker stored it first
                return Inspection.objects.get(
                    interaction=interaction, rubric_version=version, is_final=final
                )
        RuleOutcome.objects.bulk_create(_outcome_rows(inspection, result, version))
    return inspection


def _pending(version: RubricVersion, cursor: int) -> Any:
    done = Inspection.objects.filter(rubric_version=version, is_final=True).values("interaction_id")
    return (
        Interaction.objects.filter(status=InteractionStatus.CLOSED, pk__gt=cursor)
        .exclude(pk__in=done)
        .order_by("pk")
    )


def inspection_run_start(*, rubric_slug: str, resume: bool = False) -> InspectionRun:
    """Start a batch run (or pick up the last unfinished one with `resume`).

    Raises:
        NotFound: the rubric has no active version.
    """
    version = rubric_active_version(slug=rubric_slug)
    if resume:
        run = (
            InspectionRun.objects.filter(rubric_version=version)
            .exclude(status=RunStatus.DONE)
            .first()
        )
        if run is not None:
            return run
    return InspectionRun.objects.create(rubric_version=version, total=_pending(version, 0).count())


def inspection_batch_run(
    *, run_id: int, progress: Callable[[int], object] | None = None, limit: int | None = None
) -> InspectionRun:
    """Inspect every closed conversation not yet inspected with the run's rubric version.

    Each chunk is stored together with the run's cursor and count in one transaction, so
    a crash loses at most the chunk in flight and a resumed run counts nothing twice.

    Raises:
        NotFound: no such run.
        PipelineError: the configured pipeline cannot be built.
    """
    run = InspectionRun.objects.select_related("rubric_version").filter(pk=run_id).first()
    if run is None:
        raise NotFound(_("质检批次 %(id)s 不存在") % {"id": run_id}, field="run_id")
    version = run.rubric_version
    handled = 0
    try:
        while limit is None or handled < limit:
            size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - handled)
            chunk = list(_pending(version, run.cursor).select_related("customer")[:size])
            if not chunk:
                break
            stored = _store_chunk(run, version, chunk)
            handled += len(chunk)
            if progress is not None:
                progress(stored)
    except Exception:
        InspectionRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
        raise
    if limit is None or handled < limit:
        run.status = RunStatus.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
    return run


def _store_chunk(run: InspectionRun, version: RubricVersion, chunk: list[Interaction]) -> int:
    built = conversations_build(chunk)
    inspections, outcomes = [], []
    for interaction in chunk:
        conversation, found = built[interaction.pk]
        result, hostile = _inspect_one(version, conversation, found)
        inspection = Inspection(
            interaction=interaction,
            rubric_version=version,
            is_final=True,
            agent_id=interaction.handled_by_id,
            **_inspection_fields(result, hostile),
        )
        inspections.append(inspection)
        outcomes.append(result)
    with transaction.atomic():
        Inspection.objects.bulk_create(inspections)
        rows: list[RuleOutcome] = []
        for inspection, result in zip(_with_keys(inspections, version), outcomes, strict=True):
            rows.extend(_outcome_rows(inspection, result, version))
        RuleOutcome.objects.bulk_create(rows, batch_size=1000)
        run.cursor = chunk[-1].pk
        run.done += len(chunk)
        run.save(update_fields=["cursor", "done"])
    return len(chunk)


def _with_keys(inspections: list[Inspection], version: RubricVersion) -> Iterable[Inspection]:
    """Primary keys for bulk-created rows on databases that do not return them."""
    if all(inspection.pk for inspection in inspections):
        return inspections
    keys = dict(
        Inspection.objects.filter(
            rubric_version=version,
            is_final=True,
            interaction_id__in=[inspection.interaction_id for inspection in inspections],
        ).values_list("interaction_id", "pk")
    )
    for inspection in inspections:
        inspection.pk = keys[inspection.interaction_id]
    return inspections
