"""Background work of the quality app: inspect a conversation by id."""

import logging

from celery import shared_task

from xinfa.core.background import background_enqueue
from xinfa.quality.services import interaction_inspect

logger = logging.getLogger(__name__)


@shared_task(name="quality.interaction_inspect_task")
def interaction_inspect_task(interaction_id: int) -> int:
    """Inspect one conversation with the default rubric (idempotent once closed).

    Raises:
        NotFound: no such interaction.
        PipelineError: the configured pipeline cannot be built.
    """
    return interaction_inspect(interaction_id=interaction_id).pk


def interaction_inspection_schedule(interaction_id: int) -> None:
    """Queue the inspection of a committed conversation; never fails the caller's request.

    The conversation is stored; a missed inspection is caught by `qa_run`, which inspects
    every closed conversation not yet inspected.
    """
    try:
        background_enqueue(interaction_inspect_task, interaction_id)
    except Exception:
        logger.exception("inspection of interaction %s failed", interaction_id)
