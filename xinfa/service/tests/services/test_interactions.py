import datetime as dt

import pytest
from django.utils import timezone

from xinfa.core.exceptions import Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.roles import Role
from xinfa.service.enums import EventKind, InteractionStatus, Outcome, TicketStatus
from xinfa.service.models import Interaction, InteractionEvent, Message, ServiceLogEntry
from xinfa.service.services import (
    interaction_close,
    interaction_open,
    message_add,
    service_log_add,
)
from xinfa.service.tests.factories import (
    BranchFactory,
    InteractionFactory,
    QueueTicketFactory,
    ServiceCustomerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return StaffFactory(role=Role.AGENT)


@pytest.mark.parametrize(
    ("channel", "kind"),
    [
        ("counter", "visit"),
        ("lobby", "visit"),
        ("smart_counter", "visit"),
        ("phone", "call"),
        ("video", "call"),
        ("chat", "chat"),
        ("app", "chat"),
        ("social", "chat"),
        ("email", "email"),
    ],
)
def test_interaction_open_derives_kind_from_channel(agent, channel, kind):
    interaction = interaction_open(actor=agent, channel=channel)
    assert interaction.kind == kind
    assert interaction.status == InteractionStatus.OPEN


def test_interaction_open_records_handler_branch_and_event(agent):
    customer = ServiceCustomerFactory()
    started = timezone.now() - dt.timedelta(minutes=3)
    interaction = interaction_open(
        actor=agent,
        channel="phone",
        customer_id=customer.pk,
        subject="  挂失  ",
        started_at=started,
    )
    interaction.refresh_from_db()
    assert interaction.customer_id == customer.pk
    assert interaction.handled_by_id == agent.pk
    assert interaction.branch_id == agent.branch_id
    assert interaction.subject == "挂失"
    assert interaction.started_at == started
    events = list(InteractionEvent.objects.filter(interaction=interaction))
    assert [(e.kind, e.actor_id, e.to_user_id) for e in events] == [
        (EventKind.OPENED, agent.pk, agent.pk)
    ]


def test_interaction_open_accepts_explicit_kind_and_branch(agent):
    branch = BranchFactory()
    interaction = interaction_open(actor=agent, channel="app", kind="call", branch_id=branch.pk)
    assert (interaction.kind, interaction.branch_id) == ("call", branch.pk)


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"channel": "fax"}, ValidationFailed, "channel"),
        ({"channel": "phone", "kind": "letter"}, ValidationFailed, "kind"),
        ({"channel": "phone", "subject": "a\x00b"}, ValidationFailed, "subject"),
        ({"channel": "phone", "subject": "长" * 201}, ValidationFailed, "subject"),
        ({"channel": "phone", "customer_id": 999999}, NotFound, "customer_id"),
        ({"channel": "phone", "branch_id": 999999}, NotFound, "branch_id"),
        ({"channel": "phone", "started_at": "yesterday"}, ValidationFailed, "started_at"),
    ],
)
def test_interaction_open_refuses_bad_input(agent, kwargs, error, field):
    with pytest.raises(error) as caught:
        interaction_open(actor=agent, **kwargs)
    assert caught.value.field == field
    assert Interaction.objects.count() == 0


def test_interaction_open_refuses_role_without_record_capability():
    inspector = StaffFactory(role=Role.QA_INSPECTOR)
    with pytest.raises(Forbidden):
        interaction_open(actor=inspector, channel="phone")
    assert Interaction.objects.count() == 0


def test_message_add_numbers_turns_in_order(agent):
    interaction = InteractionFactory(handled_by=agent)
    texts = ["您好，请问有什么可以帮您？", "我的卡被吞了", "请您别着急，我来帮您查询"]
    speakers = ["agent", "customer", "agent"]
    for speaker, text in zip(speakers, texts, strict=True):
        message_add(actor=agent, interaction_id=interaction.pk, speaker=speaker, text=text)
    rows = list(Message.objects.filter(interaction=interaction).order_by("sequence"))
    assert [(m.sequence, m.speaker, m.text) for m in rows] == [
        (1, "agent", texts[0]),
        (2, "customer", texts[1]),
        (3, "agent", texts[2]),
    ]
    assert {m.author_id for m in rows} == {agent.pk}


def test_message_add_is_idempotent_on_client_id(agent):
    interaction = InteractionFactory(handled_by=agent)
    first = message_add(
        actor=agent, interaction_id=interaction.pk, speaker="customer", text="在吗", client_id="c-1"
    )
    again = message_add(
        actor=agent, interaction_id=interaction.pk, speaker="customer", text="在吗", client_id="c-1"
    )
    other = message_add(
        actor=agent, interaction_id=interaction.pk, speaker="customer", text="在吗", client_id="c-2"
    )
    assert again.pk == first.pk
    assert (first.sequence, other.sequence) == (1, 2)
    assert Message.objects.filter(interaction=interaction).count() == 2


def test_message_add_resend_after_close_returns_the_original(agent):
    interaction = InteractionFactory(handled_by=agent)
    first = message_add(
        actor=agent, interaction_id=interaction.pk, speaker="agent", text="再见", client_id="x"
    )
    interaction_close(actor=agent, interaction_id=interaction.pk, outcome="resolved")
    again = message_add(
        actor=agent, interaction_id=interaction.pk, speaker="agent", text="再见", client_id="x"
    )
    assert again.pk == first.pk


def test_message_add_strips_text(agent):
    interaction = InteractionFactory(handled_by=agent)
    message = message_add(
        actor=agent, interaction_id=interaction.pk, speaker="customer", text="  你好\n "
    )
    assert message.text == "你好"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"speaker": "robot", "text": "hi"}, "speaker"),
        ({"speaker": "agent", "text": "   "}, "text"),
        ({"speaker": "agent", "text": "x" * 5001}, "text"),
        ({"speaker": "agent", "text": "a\x00b"}, "text"),
        ({"speaker": "agent", "text": "a\x07b"}, "text"),
        ({"speaker": "agent", "text": 42}, "text"),
        ({"speaker": "agent", "text": "ok", "client_id": "k" * 65}, "client_id"),
    ],
)
def test_message_add_refuses_bad_input(agent, kwargs, field):
    interaction = InteractionFactory(handled_by=agent)
    with pytest.raises(ValidationFailed) as caught:
        message_add(actor=agent, interaction_id=interaction.pk, **kwargs)
    assert caught.value.field == field
    assert Message.objects.count() == 0


def test_message_add_accepts_exactly_5000_characters(agent):
    interaction = InteractionFactory(handled_by=agent)
    message = message_add(
        actor=agent, interaction_id=interaction.pk, speaker="agent", text="好" * 5000
    )
    assert len(message.text) == 5000


def test_message_add_refuses_closed_interaction(agent):
    interaction = InteractionFactory(handled_by=agent, status=InteractionStatus.CLOSED)
    with pytest.raises(InvalidTransition):
        message_add(actor=agent, interaction_id=interaction.pk, speaker="agent", text="还在吗")
    assert Message.objects.count() == 0


def test_message_add_refuses_unknown_interaction_and_wrong_role(agent):
    with pytest.raises(NotFound):
        message_add(actor=agent, interaction_id=424242, speaker="agent", text="hi")
    interaction = InteractionFactory(handled_by=agent)
    with pytest.raises(Forbidden):
        message_add(
            actor=StaffFactory(role=Role.TRAINER),
            interaction_id=interaction.pk,
            speaker="agent",
            text="hi",
        )
    assert Message.objects.count() == 0


def test_service_log_add_records_need_process_result(agent):
    interaction = InteractionFactory(handled_by=agent)
    entry = service_log_add(
        actor=agent,
        interaction_id=interaction.pk,
        need=" 挂失银行卡 ",
        process="核实身份后办理临时挂失",
        result="已挂失，七日内补卡",
    )
    entry.refresh_from_db()
    assert (entry.need, entry.process, entry.result, entry.recorded_by_id) == (
        "挂失银行卡",
        "核实身份后办理临时挂失",
        "已挂失，七日内补卡",
        agent.pk,
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"need": ""}, "need"),
        ({"need": "n" * 501}, "need"),
        ({"need": "ok", "process": "p" * 2001}, "process"),
        ({"need": "ok", "result": "r\x00"}, "result"),
    ],
)
def test_service_log_add_refuses_bad_input(agent, kwargs, field):
    interaction = InteractionFactory(handled_by=agent)
    with pytest.raises(ValidationFailed) as caught:
        service_log_add(actor=agent, interaction_id=interaction.pk, **kwargs)
    assert caught.value.field == field
    assert ServiceLogEntry.objects.count() == 0


def test_service_log_add_refuses_unknown_interaction_and_wrong_role(agent):
    with pytest.raises(NotFound):
        service_log_add(actor=agent, interaction_id=424242, need="x")
    interaction = InteractionFactory(handled_by=agent)
    with pytest.raises(Forbidden):
        service_log_add(
            actor=StaffFactory(role=Role.COMPLIANCE), interaction_id=interaction.pk, need="x"
        )
    assert ServiceLogEntry.objects.count() == 0


def test_interaction_close_sets_end_handle_time_and_event(agent):
    started = timezone.now() - dt.timedelta(seconds=185)
    interaction = InteractionFactory(handled_by=agent, started_at=started)
    closed = interaction_close(
        actor=agent, interaction_id=interaction.pk, outcome="resolved", note="已办结"
    )
    closed.refresh_from_db()
    assert closed.status == InteractionStatus.CLOSED
    assert closed.outcome == Outcome.RESOLVED
    assert closed.handle_seconds == int((closed.ended_at - started).total_seconds())
    assert 185 <= closed.handle_seconds <= 190
    event = InteractionEvent.objects.get(interaction=interaction, kind=EventKind.CLOSED)
    assert (event.actor_id, event.reason) == (agent.pk, "已办结")


def test_interaction_close_completes_the_called_ticket(agent):
    interaction = InteractionFactory(handled_by=agent)
    called = timezone.now() - dt.timedelta(seconds=60)
    ticket = QueueTicketFactory(
        status=TicketStatus.CALLED, called_at=called, interaction=interaction, served_by=agent
    )
    interaction_close(actor=agent, interaction_id=interaction.pk, outcome="resolved")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    assert 60 <= ticket.handle_seconds <= 65


def test_interaction_close_refuses_twice_bad_outcome_and_others(agent):
    interaction = InteractionFactory(handled_by=agent)
    with pytest.raises(ValidationFailed) as caught:
        interaction_close(actor=agent, interaction_id=interaction.pk, outcome="done")
    assert caught.value.field == "outcome"
    colleague = StaffFactory(role=Role.AGENT, branch=agent.branch)
    with pytest.raises(Forbidden):
        interaction_close(actor=colleague, interaction_id=interaction.pk, outcome="resolved")
    interaction.refresh_from_db()
    assert interaction.status == InteractionStatus.OPEN
    interaction_close(actor=agent, interaction_id=interaction.pk, outcome="resolved")
    with pytest.raises(InvalidTransition):
        interaction_close(actor=agent, interaction_id=interaction.pk, outcome="resolved")
    assert InteractionEvent.objects.filter(kind=EventKind.CLOSED).count() == 1


def test_interaction_close_by_supervisor_and_unknown_id(agent):
    interaction = InteractionFactory(handled_by=agent)
    supervisor = StaffFactory(role=Role.SUPERVISOR, branch=agent.branch)
    interaction_close(actor=supervisor, interaction_id=interaction.pk, outcome="follow_up")
    interaction.refresh_from_db()
    assert interaction.outcome == Outcome.FOLLOW_UP
    with pytest.raises(NotFound):
        interaction_close(actor=agent, interaction_id=999999, outcome="resolved")
