import pytest
from rest_framework.test import APIClient

from xinfa.analysis.services import message_analyze
from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.service.tests.factories import InteractionFactory, MessageFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_interaction_analysis_by_role(role) -> None:
    interaction = InteractionFactory()
    client = APIClient()
    client.force_authenticate(StaffFactory(role=role))
    response = client.get(f"/api/v1/interactions/{interaction.pk}/analysis/")
    allowed = role_has_capability(role, Capability.INTERACTION_VIEW)
    assert response.status_code == (200 if allowed else 403)


def test_interaction_analysis_masks_pii_and_marks_unanalysed_turns(
    django_assert_num_queries,
) -> None:
    interaction = InteractionFactory()
    analysed = MessageFactory(
        interaction=interaction, sequence=1, text="我的手机是13812345678，卡丢了"
    )
    MessageFactory(interaction=interaction, sequence=2, speaker="agent", text="好的")
    message_analyze(message_id=analysed.pk)
    client = APIClient()
    client.force_authenticate(StaffFactory(role=Role.AGENT))
    with django_assert_num_queries(3):  # interaction exists, analyses, messages
        body = client.get(f"/api/v1/interactions/{interaction.pk}/analysis/").json()
    first, second = body["turns"]
    assert first["text"] == "我的手机是138****5678,卡丢了"
    assert first["annotations"]["pii"][0]["masked"] == "138****5678"
    assert "norm_text" not in first["annotations"]
    assert first["provenance"]["pii"] == "pii.regex.v1"
    assert (second["annotations"], second["text"]) == (None, "好的")
    missing = client.get("/api/v1/interactions/999999/analysis/")
    assert missing.status_code == 404
