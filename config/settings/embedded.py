"""Embedded deployment: one process, SQLite in WAL mode, no outside services."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATA_DIR, env

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("XINFA_SQLITE_PATH", default=str(DATA_DIR / "xinfa.sqlite3")),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CELERY_TASK_ALWAYS_EAGER = True  # same code path, no broker
# Turn analysis and inspection run on a worker thread, off the request path.
XINFA_BACKGROUND = "thread"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
