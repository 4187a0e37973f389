"""Background work of the analysis app: one message at a time, by id."""

import logging

from celery import shared_task

from xinfa.analysis.services import message_analyze
from xinfa.core.background import background_enqueue

logger = logging.getLogger(__name__)


@shared_task(name="analysis.message_analyze_task")
def message_analyze_task(message_id: int) -> int:
    """Analyse one message and store the result (idempotent: a second run changes nothing).

    Raises:
        NotFound: no such message.
        PipelineError: the configured pipeline cannot be built.
    """
    return message_analyze(message_id=message_id).pk


def message_analysis_schedule(message_id: int) -> None:
    """Queue the analysis of a committed message; a failure never fails the caller's request.

    The message is already stored, so a lost analysis can be redone later (the service is
    idempotent); the caller's write must not turn into an error page because of it.
    """
    try:
        background_enqueue(message_analyze_task, message_id)
    except Exception:
        logger.exception("analysis of message %s failed", message_id)
