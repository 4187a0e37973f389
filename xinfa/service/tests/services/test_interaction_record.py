"""interaction_record writes a whole contact or nothing."""

import pytest

from xinfa.core.exceptions import DomainError
from xinfa.core.roles import Role
from xinfa.customers.models import Customer
from xinfa.service.models import Interaction
from xinfa.service.services import interaction_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer() -> Customer:
    return Customer.objects.create(customer_number="C0000000777", name="赵丽")


def test_interaction_record_opens_logs_and_closes(make_staff, customer) -> None:
    teller = make_staff(Role.TELLER)
    interaction = interaction_record(
        actor=teller,
        customer_id=customer.pk,
        channel="counter",
        subject="挂失",
        message="我的卡丢了",
        need="借记卡挂失",
        process="核实身份后办理",
        result="已挂失",
        outcome="resolved",
    )
    assert (interaction.status, interaction.outcome) == ("closed", "resolved")
    assert list(interaction.messages.values_list("text", flat=True)) == ["我的卡丢了"]
    assert list(interaction.service_log.values_list("need", flat=True)) == ["借记卡挂失"]


def test_interaction_record_leaves_nothing_when_a_step_is_refused(make_staff, customer) -> None:
    teller = make_staff(Role.TELLER)
    with pytest.raises(DomainError):
        interaction_record(
            actor=teller, customer_id=customer.pk, channel="counter", message="你好", need=""
        )
    assert Interaction.objects.count() == 0
