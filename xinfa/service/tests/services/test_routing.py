import pytest

from xinfa.core.exceptions import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.roles import Role
from xinfa.service.enums import EventKind, InteractionStatus
from xinfa.service.models import InteractionEvent
from xinfa.service.services import interaction_escalate, interaction_transfer
from xinfa.service.tests.factories import InteractionFactory, StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return StaffFactory(role=Role.AGENT)


def _history(interaction):
    return [
        (e.kind, e.from_user_id, e.to_user_id, e.reason)
        for e in InteractionEvent.objects.filter(interaction=interaction).order_by("pk")
    ]


def test_interaction_transfer_hands_over_and_keeps_history(agent):
    colleague = StaffFactory(role=Role.WEALTH_MANAGER, branch=agent.branch)
    interaction = InteractionFactory(handled_by=agent)
    result = interaction_transfer(
        actor=agent, interaction_id=interaction.pk, to_user_id=colleague.pk, reason="理财咨询"
    )
    assert result.handled_by_id == colleague.pk
    assert _history(interaction) == [(EventKind.TRANSFERRED, agent.pk, colleague.pk, "理财咨询")]
    third = StaffFactory(role=Role.AGENT, branch=agent.branch)
    interaction_transfer(
        actor=colleague, interaction_id=interaction.pk, to_user_id=third.pk, reason="回到坐席"
    )
    assert _history(interaction) == [
        (EventKind.TRANSFERRED, agent.pk, colleague.pk, "理财咨询"),
        (EventKind.TRANSFERRED, colleague.pk, third.pk, "回到坐席"),
    ]


@pytest.mark.parametrize("role", [Role.QA_INSPECTOR, Role.COMPLIANCE, Role.TRAINER, Role.ADMIN])
def test_interaction_transfer_refuses_target_who_cannot_handle(agent, role):
    target = StaffFactory(role=role, branch=agent.branch)
    interaction = InteractionFactory(handled_by=agent)
    with pytest.raises(ValidationFailed) as caught:
        interaction_transfer(
            actor=agent, interaction_id=interaction.pk, to_user_id=target.pk, reason="x"
        )
    assert caught.value.field == "to_user_id"
    interaction.refresh_from_db()
    assert interaction.handled_by_id == agent.pk
    assert _history(interaction) == []


def test_interaction_transfer_refusals(agent):
    interaction = InteractionFactory(handled_by=agent)
    colleague = StaffFactory(role=Role.AGENT, branch=agent.branch)
    inactive = StaffFactory(role=Role.AGENT, is_active=False)
    robot = StaffFactory(role=Role.AGENT, is_service_account=True)
    cases = [
        ({"to_user_id": robot.pk, "reason": "x"}, ValidationFailed, "to_user_id"),
        ({"to_user_id": colleague.pk, "reason": "  "}, ValidationFailed, "reason"),
        ({"to_user_id": 987654, "reason": "x"}, NotFound, "to_user_id"),
        ({"to_user_id": inactive.pk, "reason": "x"}, ValidationFailed, "to_user_id"),
        ({"to_user_id": agent.pk, "reason": "x"}, ValidationFailed, "to_user_id"),
    ]
    for kwargs, error, field in cases:
        with pytest.raises(error) as caught:
            interaction_transfer(actor=agent, interaction_id=interaction.pk, **kwargs)
        assert caught.value.field == field
    with pytest.raises(Forbidden):  # neither the handler nor a supervisor
        interaction_transfer(
            actor=colleague, interaction_id=interaction.pk, to_user_id=colleague.pk, reason="x"
        )
    with pytest.raises(Forbidden):  # role without the capability
        interaction_transfer(
            actor=StaffFactory(role=Role.QA_INSPECTOR),
            interaction_id=interaction.pk,
            to_user_id=colleague.pk,
            reason="x",
        )
    interaction.status = InteractionStatus.CLOSED
    interaction.save()
    with pytest.raises(InvalidTransition):
        interaction_transfer(
            actor=agent, interaction_id=interaction.pk, to_user_id=colleague.pk, reason="x"
        )
    assert _history(interaction) == []


def test_interaction_escalate_goes_to_team_supervisor(agent):
    supervisor = StaffFactory(role=Role.SUPERVISOR, branch=agent.branch)
    StaffFactory(role=Role.SUPERVISOR, branch=agent.branch)  # another, not this team's
    team = TeamFactory(branch=agent.branch, supervisor=supervisor)
    agent.team = team
    agent.save()
    interaction = InteractionFactory(handled_by=agent)
    result = interaction_escalate(actor=agent, interaction_id=interaction.pk, reason="客户要求主管")
    assert (result.status, result.handled_by_id) == (InteractionStatus.ESCALATED, supervisor.pk)
    assert _history(interaction) == [(EventKind.ESCALATED, agent.pk, supervisor.pk, "客户要求主管")]
    with pytest.raises(InvalidTransition):
        interaction_escalate(actor=supervisor, interaction_id=interaction.pk, reason="again")


def test_interaction_escalate_falls_back_to_branch_supervisor(agent):
    first = StaffFactory(role=Role.SUPERVISOR, branch=agent.branch)
    StaffFactory(role=Role.SUPERVISOR, branch=agent.branch)
    interaction = InteractionFactory(handled_by=agent)
    result = interaction_escalate(actor=agent, interaction_id=interaction.pk, reason="复杂问题")
    assert result.handled_by_id == first.pk


def test_interaction_escalate_without_supervisor_is_refused(agent):
    interaction = InteractionFactory(handled_by=agent)
    with pytest.raises(Conflict):
        interaction_escalate(actor=agent, interaction_id=interaction.pk, reason="复杂问题")
    interaction.refresh_from_db()
    assert (interaction.status, interaction.handled_by_id) == (InteractionStatus.OPEN, agent.pk)
    assert _history(interaction) == []


def test_interaction_escalate_to_security_keeps_the_handler(agent):
    interaction = InteractionFactory(handled_by=agent)
    result = interaction_escalate(
        actor=agent, interaction_id=interaction.pk, reason="客户情绪激动并推搡", to_security=True
    )
    assert (result.status, result.handled_by_id) == (InteractionStatus.ESCALATED, agent.pk)
    assert _history(interaction) == [(EventKind.SECURITY, agent.pk, None, "客户情绪激动并推搡")]


def test_interaction_escalate_refusals(agent):
    StaffFactory(role=Role.SUPERVISOR, branch=agent.branch)
    interaction = InteractionFactory(handled_by=agent, status=InteractionStatus.CLOSED)
    with pytest.raises(InvalidTransition):
        interaction_escalate(actor=agent, interaction_id=interaction.pk, reason="x")
    with pytest.raises(NotFound):
        interaction_escalate(actor=agent, interaction_id=55555, reason="x")
    with pytest.raises(ValidationFailed):
        interaction_escalate(actor=agent, interaction_id=interaction.pk, reason="")
    with pytest.raises(Forbidden):
        interaction_escalate(
            actor=StaffFactory(role=Role.TRAINER), interaction_id=interaction.pk, reason="x"
        )
    assert _history(interaction) == []
