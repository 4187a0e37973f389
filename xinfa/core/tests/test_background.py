"""Background work leaves the request thread when embedded and stays inline in tests."""

import threading

from celery import shared_task
from django.test import override_settings

from xinfa.core import background

ran_in: list[str] = []


@shared_task(name="tests.record_thread")
def record_thread(tag: str) -> None:
    ran_in.append(f"{tag}:{threading.current_thread().name}")


def _flush() -> None:
    background._executor().submit(lambda: None).result(timeout=10)


def test_thread_mode_runs_tasks_on_the_background_thread_in_order() -> None:
    ran_in.clear()
    with override_settings(XINFA_BACKGROUND="thread"):
        background.background_enqueue(record_thread, "a")
        background.background_enqueue(record_thread, "b")
    _flush()
    assert [entry.split(":")[0] for entry in ran_in] == ["a", "b"]
    assert all(entry.split(":")[1].startswith("xinfa-background") for entry in ran_in)


def test_default_mode_uses_celery_which_is_eager_in_tests() -> None:
    ran_in.clear()
    background.background_enqueue(record_thread, "c")
    assert ran_in == [f"c:{threading.current_thread().name}"]


def test_a_failing_background_task_is_logged_not_raised(caplog) -> None:
    @shared_task(name="tests.explode")
    def explode() -> None:
        raise RuntimeError("boom")

    with override_settings(XINFA_BACKGROUND="thread"):
        background.background_enqueue(explode)
    _flush()
    assert "background task tests.explode failed" in caplog.text
