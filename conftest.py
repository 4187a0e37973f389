"""Shared fixtures: staff in each role, API clients signed in as them."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rest_framework.test import APIClient

from xinfa.core.roles import Role

if TYPE_CHECKING:
    from xinfa.accounts.models import User


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Before pytest-django drops a PostgreSQL test database, end the sessions still open on
    it: consumers run ORM calls on asgiref worker threads, whose connections this thread
    cannot close, and PostgreSQL refuses to drop a database that is in use."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Start every test in the default language. A request leaves its language active on
    the thread (LocaleMiddleware does not reset it), so an English request in one test
    would otherwise make `reverse()` in the next one build /en/ URLs."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def make_staff(db: None) -> "Callable[..., User]":
    """Create a staff user in a role (with a branch) and return it."""
    from xinfa.accounts.models import Branch, User

    def make(role: str = Role.AGENT, username: str | None = None, **extra: Any) -> User:
        branch, _ = Branch.objects.get_or_create(code="001", defaults={"name": "总行营业部"})
        name = username or f"{role}_{User.objects.count() + 1}"
        extra.setdefault("branch", branch)
        return User.objects.create_user(
            username=name, password="correct-horse-battery", role=role, **extra
        )

    return make


@pytest.fixture
def api_client_for(make_staff: "Callable[..., User]") -> Callable[[str], APIClient]:
    """Return an API client authenticated as a new user of the given role."""

    def client_for(role: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(make_staff(role))
        return client

    return client_for


@pytest.fixture
def anonymous_client() -> APIClient:
    return APIClient()


# --- headless Chromium for the end-to-end tests -------------------------------------------
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; missing Chromium fails in CI, skips elsewhere."""
    executable = Path(os.environ.get("XINFA_CHROMIUM", "/usr/bin/chromium"))
    if not executable.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Chromium not found at {executable}; e2e tests must run in CI")
        pytest.skip(f"Chromium not found at {executable}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself are still one thread, one connection.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context and page at 1366×768, Chinese locale."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
