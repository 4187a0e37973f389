"""The Django side of the analysis engine: one pipeline per process, loaded once."""

from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.analysis.engine import Doc, Pipeline, build_pipeline
from xinfa.analysis.models import MessageAnalysis
from xinfa.core.exceptions import NotFound
from xinfa.service.models import Message


@cache
def analysis_pipeline() -> Pipeline:
    """Build the configured turn pipeline (settings.ANALYSIS_PIPELINE or the engine default)."""
    from xinfa.analysis.engine.defaults import DEFAULT_TURN_PIPELINE

    names = settings.ANALYSIS_PIPELINE or DEFAULT_TURN_PIPELINE
    return build_pipeline(names, model_dir=settings.ANALYSIS_MODEL_DIR)


def text_analyze(*, text: str, speaker: str = "customer", channel: str = "") -> dict[str, Any]:
    """Run the turn pipeline on one text and return the JSON-ready result."""
    doc = analysis_pipeline()(Doc(text=text, speaker=speaker, channel=channel))
    return doc.to_dict()


# Annotations not stored: tokens repeat the text word by word and no rule reads them.
UNSTORED_ANNOTATIONS = frozenset({"tokens"})


def message_analyze(*, message_id: int) -> MessageAnalysis:
    """Analyse one stored message and keep the result beside it (idempotent).

    A message analysed before is returned as it is: its text never changes, so running
    the same pipeline again would give the same result.

    Raises:
        NotFound: no such message.
        PipelineError: the configured pipeline cannot be built (a broken install).
    """
    existing = MessageAnalysis.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing
    message = Message.objects.filter(pk=message_id).select_related("interaction").first()
    if message is None:
        raise NotFound(_("消息 %(id)s 不存在") % {"id": message_id}, field="message_id")
    doc = analysis_pipeline()(
        Doc(text=message.text, speaker=message.speaker, channel=message.interaction.channel)
    )
    data = doc.to_dict()
    annotations = {
        key: value for key, value in data["annotations"].items() if key not in UNSTORED_ANNOTATIONS
    }
    with transaction.atomic():
        analysis, _created = MessageAnalysis.objects.get_or_create(
            message=message,
            defaults={
                "annotations": annotations,
                "provenance": data["provenance"],
                "analysed_at": timezone.now(),
            },
        )
    return analysis


def messages_analyses(
    *, messages: list[Message], channel_of: dict[int, str]
) -> dict[int, dict[str, Any]]:
    """Return the stored annotations of messages, analysing and storing the missing ones.

    `channel_of` maps interaction ids to channels. Used by batch inspection, where one
    pipeline pass over the missing turns is much faster than a task per message.

    Raises:
        PipelineError: the configured pipeline cannot be built.
    """
    ids = [message.pk for message in messages]
    found = dict(
        MessageAnalysis.objects.filter(message_id__in=ids).values_list("message_id", "annotations")
    )
    missing = [message for message in messages if message.pk not in found]
    if missing:
        docs = analysis_pipeline().pipe(
            [
                Doc(text=m.text, speaker=m.speaker, channel=channel_of.get(m.interaction_id, ""))
                for m in missing
            ]
        )
        now = timezone.now()
        rows = []
        for message, doc in zip(missing, docs, strict=True):
            data = doc.to_dict()
            annotations = {
                key: value
                for key, value in data["annotations"].items()
                if key not in UNSTORED_ANNOTATIONS
            }
            found[message.pk] = annotations
            rows.append(
                MessageAnalysis(
                    message=message,
                    annotations=annotations,
                    provenance=data["provenance"],
                    analysed_at=now,
                )
            )
        MessageAnalysis.objects.bulk_create(rows, ignore_conflicts=True)
    return found
