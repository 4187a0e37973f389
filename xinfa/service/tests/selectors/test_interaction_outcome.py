"""interaction_list filters by outcome and refuses an unknown one."""

import pytest

from xinfa.core.exceptions import ValidationFailed
from xinfa.core.roles import Role
from xinfa.service.selectors import interaction_list
from xinfa.service.services import interaction_close, interaction_open

pytestmark = pytest.mark.django_db


def test_interaction_list_filters_by_outcome(make_staff) -> None:
    agent = make_staff(Role.AGENT)
    resolved = interaction_open(actor=agent, channel="phone")
    follow_up = interaction_open(actor=agent, channel="chat")
    interaction_close(actor=agent, interaction_id=resolved.pk, outcome="resolved")
    interaction_close(actor=agent, interaction_id=follow_up.pk, outcome="follow_up")
    rows = interaction_list(actor=agent, outcome="follow_up")
    assert [row.pk for row in rows] == [follow_up.pk]
    with pytest.raises(ValidationFailed) as error:
        interaction_list(actor=agent, outcome="maybe")
    assert error.value.field == "outcome"
