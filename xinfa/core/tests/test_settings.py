"""The deployment is chosen by environment variables; scaled really uses its services."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("XINFA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE_URL = os.environ.get(
    "XINFA_TEST_SCALED_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"
)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _need_services() -> None:
    if not (_reachable("127.0.0.1", 6379) and _reachable("127.0.0.1", 5432)):
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL and Redis must be running on 127.0.0.1 in CI")
        pytest.skip("PostgreSQL / Redis not running")


def _run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_select_settings_defaults_to_embedded() -> None:
    result = _run_python(
        "from config.settings.select import select_settings_module as s; print(s())", {}
    )
    assert result.stdout.strip() == "config.settings.embedded"


def test_select_settings_uses_scaled_when_services_configured() -> None:
    result = _run_python(
        "from config.settings.select import select_settings_module as s; print(s())",
        {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL},
    )
    assert result.stdout.strip() == "config.settings.scaled"


def test_scaled_settings_refuse_to_start_without_redis() -> None:
    result = _run_python(
        "import django; django.setup()",
        {"DJANGO_SETTINGS_MODULE": "config.settings.scaled", "DATABASE_URL": DATABASE_URL},
    )
    assert result.returncode != 0
    assert "scaled deployment needs the REDIS_URL environment variable" in result.stderr


@pytest.mark.services
def test_scaled_deployment_talks_to_postgres_redis_and_celery_broker() -> None:
    _need_services()
    code = """
from config.settings.select import select_settings_module
select_settings_module()
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from config.celery import app
cache.set("xinfa-settings-probe", "ok", 30)
with connection.cursor() as cursor:
    cursor.execute("select 1")
    one = cursor.fetchone()[0]
with app.connection_for_write() as conn:
    conn.ensure_connection(max_retries=1)
print(connection.vendor, one, cache.get("xinfa-settings-probe"), app.conf.task_always_eager,
      settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1])
"""
    result = _run_python(code, {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["postgresql", "1", "ok", "False", "RedisChannelLayer"]
