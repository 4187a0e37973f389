from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xinfa.accounts.models import Branch, Team, User
from xinfa.core.roles import Role
from xinfa.core.validators import is_valid_id_number
from xinfa.customers.enums import CustomerKind
from xinfa.customers.models import Customer, Holding
from xinfa.demo.generator import DEMO_PASSWORD
from xinfa.demo.generator.identity import is_luhn_valid
from xinfa.service.enums import Channel, TicketStatus
from xinfa.service.models import Interaction, Message, QueueTicket, ServiceLogEntry

UNTIL = "2026-03-10T15:30:00+08:00"


def seed(*extra: str) -> str:
    out = StringIO()
    call_command(
        "demo_seed",
        "--customers=20",
        "--months=1",
        "--interactions-per-day=6",
        "--seed=7",
        f"--until={UNTIL}",
        *extra,
        verbosity=0,
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_demo_seed_creates_a_whole_bank() -> None:
    output = seed()

    assert Branch.objects.count() == 5
    assert Team.objects.filter(supervisor__role=Role.SUPERVISOR).count() == 5
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.count() == 37
    assert Customer.objects.count() == 20
    interactions = Interaction.objects.count()
    messages = Message.objects.count()
    tickets = QueueTicket.objects.count()
    assert (
        f"20 customers, {interactions} interactions, {messages} messages, {tickets} queue" in output
    )
    assert (
        ServiceLogEntry.objects.count()
        == Interaction.objects.filter(ended_at__isnull=False).count()
    )
    # Every counter visit was served under a queue ticket.
    assert (
        QueueTicket.objects.filter(interaction__isnull=False).count()
        == Interaction.objects.filter(channel=Channel.COUNTER).count()
    )
    assert QueueTicket.objects.filter(status=TicketStatus.TRIAGED).exclude(
        triage_reason=""
    ).count() == (QueueTicket.objects.filter(status=TicketStatus.TRIAGED).count())
    assert f"password for all: {DEMO_PASSWORD}" in output
    assert "teller" in output


def field_values(customer: Customer) -> dict[str, object]:
    return {
        field.attname: getattr(customer, field.attname)
        for field in Customer._meta.fields
        if field.attname != "updated_at"
    }


@pytest.mark.django_db
def test_demo_seed_data_passes_the_product_checks() -> None:
    seed()

    for customer in Customer.objects.all():
        customer.full_clean()
        # bulk_create skips save(): the derived columns must equal what save() computes.
        stored = field_values(customer)
        customer.save()
        customer.refresh_from_db()
        assert field_values(customer) == stored
        if customer.kind == CustomerKind.INDIVIDUAL:
            assert is_valid_id_number(customer.id_number)
            assert customer.phone_last4 == customer.phone[-4:]
    cards = Holding.objects.filter(kind__in=["debit_card", "credit_card"])
    assert all(is_luhn_valid(card.account_number) for card in cards)
    assert Interaction.objects.filter(started_at__gt=UNTIL).count() == 0
    teller = User.objects.get(username="teller")
    assert teller.role == Role.TELLER
    assert teller.check_password(DEMO_PASSWORD)


# --reset flushes the database, which PostgreSQL refuses inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_demo_seed_is_deterministic_for_a_seed() -> None:
    seed()
    first = list(Message.objects.order_by("id").values_list("text", flat=True))
    names = list(Customer.objects.order_by("id").values_list("name", "id_number"))

    seed("--reset")

    assert list(Message.objects.order_by("id").values_list("text", flat=True)) == first
    assert list(Customer.objects.order_by("id").values_list("name", "id_number")) == names


@pytest.mark.django_db
def test_demo_seed_refuses_a_database_that_has_data() -> None:
    seed()

    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert Customer.objects.count() == 20


@pytest.mark.django_db
def test_demo_seed_rejects_a_non_positive_size() -> None:
    with pytest.raises(CommandError, match="customers"):
        call_command("demo_seed", "--customers", "0", verbosity=0)
    assert Customer.objects.count() == 0


@pytest.mark.django_db
def test_demo_seed_skip_if_seeded_leaves_data_alone() -> None:
    seed()

    output = seed("--skip-if-seeded")

    assert "left it as it is" in output
    assert Customer.objects.count() == 20


@pytest.mark.django_db
def test_demo_logins_lists_the_primary_login_of_every_role_first() -> None:
    seed()
    out = StringIO()

    call_command("demo_logins", stdout=out)

    lines = out.getvalue().splitlines()
    assert f"Demo logins (password for all: {DEMO_PASSWORD})" in lines[1]
    usernames = [line.split()[0] for line in lines[4:]]
    assert usernames[:10] == [
        "teller",
        "lobby",
        "rm",
        "wealth",
        "supervisor",
        "compliance",
        "admin",
        "agent",
        "qa",
        "trainer",
    ]
    assert len(usernames) == 37


@pytest.mark.django_db
def test_demo_logins_on_an_empty_database_says_what_to_run() -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert out.getvalue().strip() == "No staff accounts yet: run `manage.py demo_seed` first."
