"""`manage.py roles_table`: print the roles × capabilities matrix as Markdown."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from xinfa.core.roles import ROLE_CAPABILITIES, Capability, Role


def roles_table() -> str:
    """Return a Markdown table: one row per capability, one column per role."""
    header = "| capability | " + " | ".join(f"{role.label} `{role.value}`" for role in Role) + " |"
    rule = "|---|" + "---|" * len(Role)
    lines = [header, rule]
    for capability in Capability:
        marks = [
            "✓" if capability.value in ROLE_CAPABILITIES.get(role.value, frozenset()) else ""
            for role in Role
        ]
        lines.append(f"| `{capability.value}` {capability.label} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the roles × capabilities matrix (from xinfa/core/roles.py) as Markdown."

    def add_arguments(self, parser: ArgumentParser) -> None:
        pass

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(roles_table())
