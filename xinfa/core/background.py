"""Where background work runs: Celery workers when scaled, a thread of this process when
embedded, inline in tests.

The embedded deployment has no broker, but analysing a turn or inspecting a conversation
must not hold up the request that stored the message; a single worker thread keeps them
in order and off the request path. `XINFA_BACKGROUND` chooses: "celery" (default: `.delay`,
which Celery runs eagerly when `CELERY_TASK_ALWAYS_EAGER`), or "thread".
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from celery import Task
from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool  # one pool per process, created on first use
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xinfa-background")
        return _pool


def _run(task: Task, args: tuple[Any, ...]) -> None:
    close_old_connections()
    try:
        task.apply(args=args, throw=True)
    except Exception:
        logger.exception("background task %s failed", task.name)
    finally:
        connections.close_all()


def background_enqueue(task: Task, *args: Any) -> None:
    """Run a Celery task in the background of this deployment (see the module docstring)."""
    if getattr(settings, "XINFA_BACKGROUND", "celery") == "thread":
        _executor().submit(_run, task, args)
    else:
        task.delay(*args)
