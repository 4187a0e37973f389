"""`manage.py demo_seed`: fill an empty database with a realistic Chinese demo bank."""

import datetime as dt
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from xinfa.accounts.models import Branch
from xinfa.core.arguments import whole_number
from xinfa.customers.models import Customer
from xinfa.demo.generator import DEMO_PASSWORD, SeedReport, seed_demo_bank


def _moment(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Seed the demo bank: branches, staff in every role, customers and months of history."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--customers", type=whole_number(1, 2_000_000), default=300)
        parser.add_argument("--months", type=whole_number(1, 120), default=3)
        parser.add_argument("--interactions-per-day", type=whole_number(1, 100_000), default=40)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--until",
            type=_moment,
            default=None,
            help="End of the history (ISO date-time, default now); same seed + until = same data.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="ERASE every row in the database (manage.py flush), then seed.",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")
        parser.add_argument(
            "--skip-if-seeded",
            action="store_true",
            help="Exit quietly (status 0) when the database already has data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif Customer.objects.exists() or Branch.objects.exists():
            if options["skip_if_seeded"]:
                self.stdout.write("The database already holds data; demo_seed left it as it is.")
                return
            raise CommandError(
                "the database already holds branches or customers; demo_seed only fills an "
                "empty database (run it with --reset to erase everything and seed again)"
            )
        started = time.monotonic()
        total = options["customers"] + options["interactions_per_day"] * 30 * options["months"]
        with tqdm(
            total=total, unit="rows", desc="demo_seed", disable=options["verbosity"] < 1
        ) as bar:
            report = seed_demo_bank(
                customers=options["customers"],
                months=options["months"],
                interactions_per_day=options["interactions_per_day"],
                seed=options["seed"],
                now=options["until"],
                progress=bar,
            )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Seeded {report.branches} branches, {report.staff} staff, "
            f"{report.customers} customers, "
            f"{report.interactions} interactions, {report.messages} messages, "
            f"{report.tickets} queue tickets in {elapsed:.1f} s."
        )
        if not options["quiet_logins"]:
            self.stdout.write(logins_table(report))


def logins_table(report: SeedReport) -> str:
    """Return the demo logins as an aligned text table."""
    return format_logins(report.logins)


def format_logins(logins: list[tuple[str, str, str, str]]) -> str:
    """Format (username, role, name, branch) rows under the shared demo password."""
    lines = [f"\nDemo logins (password for all: {DEMO_PASSWORD})", ""]
    lines.append(f"{'username':<14}{'role':<10}{'name':<8}branch")
    for username, role, name, branch in logins:
        # CJK glyphs are two columns wide in a terminal: pad by display width, not length.
        lines.append(f"{username:<14}{_pad(role, 10)}{_pad(name, 8)}{branch}")
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    shown = sum(2 if ord(char) > 0x2E7F else 1 for char in text)
    return text + " " * max(1, width - shown)
