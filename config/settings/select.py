"""Pick the deployment settings from the environment: the code is the same for both."""

import os


def select_settings_module() -> str:
    """Set DJANGO_SETTINGS_MODULE unless the caller already chose one.

    With DATABASE_URL and REDIS_URL both set the scaled deployment is used,
    otherwise the embedded one (SQLite, in-process work, no services).
    """
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        scaled = os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")
        os.environ["DJANGO_SETTINGS_MODULE"] = (
            "config.settings.scaled" if scaled else "config.settings.embedded"
        )
    return os.environ["DJANGO_SETTINGS_MODULE"]
