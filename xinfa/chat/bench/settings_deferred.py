"""Embedded settings with background work queued instead of run inside the request.

Only for `scripts/loadtest_chat.py --background deferred`: it measures the chat path alone,
as in the scaled deployment where Celery workers analyse and inspect turns elsewhere.
"""

from config.settings.embedded import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
