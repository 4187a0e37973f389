import pytest

from xinfa.accounts.models import User
from xinfa.chat.services.identity import chat_system_user
from xinfa.core.roles import Capability, Role

pytestmark = pytest.mark.django_db


def test_people_are_active_staff_who_are_not_service_accounts(make_staff) -> None:
    agent = make_staff(Role.AGENT, username="agent_a")
    gone = make_staff(Role.AGENT, username="agent_gone", is_active=False)
    bot = chat_system_user()

    people = set(User.objects.people())

    assert agent in people
    assert gone not in people
    assert bot not in people
    assert bot.is_service_account
    assert not bot.has_usable_password()
    # The bot still records turns: it keeps the capabilities of its role.
    assert bot.has_capability(Capability.INTERACTION_RECORD)


def test_an_existing_bot_account_is_reused_not_duplicated() -> None:
    first = chat_system_user()
    assert chat_system_user().pk == first.pk
    assert User.objects.filter(username=first.username).count() == 1
