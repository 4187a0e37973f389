"""The demo bank generator: branches, staff, customers and months of service history."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from xinfa.customers.models import Customer, CustomerPreference
from xinfa.demo.generator.bank import DEMO_PASSWORD, create_bank
from xinfa.demo.generator.customers import create_customers
from xinfa.demo.generator.history import write_history
from xinfa.demo.generator.timestamps import historical_timestamps
from xinfa.service.models import Interaction, InteractionEvent, ServiceLogEntry

__all__ = ["DEMO_PASSWORD", "SeedReport", "seed_demo_bank"]


@dataclass(frozen=True)
class SeedReport:
    """What was created, and the logins to print."""

    branches: int
    staff: int
    customers: int
    interactions: int
    messages: int
    tickets: int
    logins: list[tuple[str, str, str, str]]


def seed_demo_bank(
    *,
    customers: int,
    months: int,
    interactions_per_day: int,
    seed: int,
    now: dt.datetime | None = None,
    progress: object = None,
) -> SeedReport:
    """Fill an empty database with the demo bank, deterministic for a seed and end time.

    Raises:
        IntegrityError: the database already holds demo rows (the command checks first).
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    start = today - dt.timedelta(days=30 * months - 1)
    with (
        transaction.atomic(),
        historical_timestamps(
            Customer, CustomerPreference, Interaction, ServiceLogEntry, InteractionEvent
        ),
    ):
        bank = create_bank(rng)
        profiles = create_customers(rng, bank, count=customers, today=today, progress=progress)
        counts = write_history(
            rng,
            bank,
            profiles,
            start=start,
            end=today,
            per_day=interactions_per_day,
            now=now,
            progress=progress,
        )
    return SeedReport(
        branches=len(bank.branches),
        staff=len(bank.logins),
        customers=len(profiles),
        interactions=counts.interactions,
        messages=counts.messages,
        tickets=counts.tickets,
        logins=bank.logins,
    )
