"""The chat bot's service account is not an agent to coach, rest or rank."""

import pytest

from xinfa.chat.services.identity import chat_system_user
from xinfa.quality import selectors, services
from xinfa.quality.models import Inspection
from xinfa.quality.tests.factories import BAD_CALL, agent_create, conversation_create

pytestmark = pytest.mark.django_db


def test_bot_handled_conversations_stay_out_of_agent_trends_and_wellbeing(settings) -> None:
    settings.QUALITY_WELLBEING_HOSTILE_COUNT = 1
    bot = chat_system_user()
    person = agent_create(display_name="周坐席")
    for agent in (bot, person):
        inspection = services.interaction_inspect(
            interaction_id=conversation_create(BAD_CALL, agent=agent).pk
        )
        Inspection.objects.filter(pk=inspection.pk).update(is_hostile=True)

    assert [row["agent_id"] for row in selectors.agent_wellbeing()] == [person.pk]
    assert {row["agent_id"] for row in selectors.agent_quality_trend()} == {person.pk}
    # ... while the bot's own conversations are still inspected.
    assert Inspection.objects.filter(agent=bot).count() == 1
