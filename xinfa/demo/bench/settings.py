"""Settings for the benchmark's worker process: the base settings on a throw-away database.

XINFA_BENCH_DATABASE is either a SQLite file path (opened like the embedded deployment)
or a postgres:// URL. Caches and channel layers stay in-process so that only the database
differs between the two runs.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

_TARGET = env("XINFA_BENCH_DATABASE")
if _TARGET.startswith(("postgres://", "postgresql://")):
    DATABASES = {"default": env.db_url_config(_TARGET)}
    DATABASES["default"]["CONN_MAX_AGE"] = 600
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _TARGET,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
