"""Shared fixtures: staff in each role, API clients signed in as them."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from xinfa.core.roles import Role


@pytest.fixture
def make_staff(db: None) -> Callable[..., object]:
    """Create a staff user in a role (with a branch) and return it."""
    from xinfa.accounts.models import Branch, User

    def make(role: str = Role.AGENT, username: str | None = None, **extra: object) -> User:
        branch, _ = Branch.objects.get_or_create(code="001", defaults={"name": "总行营业部"})
        name = username or f"{role}_{User.objects.count() + 1}"
        extra.setdefault("branch", branch)
        return User.objects.create_user(
            username=name, password="correct-horse-battery", role=role, **extra
        )

    return make


@pytest.fixture
def api_client_for(make_staff: Callable[..., object]) -> Callable[[str], APIClient]:
    """Return an API client authenticated as a new user of the given role."""

    def client_for(role: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(make_staff(role))
        return client

    return client_for


@pytest.fixture
def anonymous_client() -> APIClient:
    return APIClient()
