"""`manage.py demo_logins`: list the demo bank's sign-ins (one per role first)."""

from typing import Any

from django.core.management.base import BaseCommand

from xinfa.accounts.models import User
from xinfa.core.roles import Role
from xinfa.demo.generator.bank import PRIMARY_USERNAMES
from xinfa.demo.management.commands.demo_seed import format_logins


class Command(BaseCommand):
    help = "Print the demo logins: the first user of each role, then the others."

    def handle(self, *args: Any, **options: Any) -> None:
        primary = set(PRIMARY_USERNAMES.values())
        users = User.objects.filter(is_active=True).select_related("branch").order_by("pk")
        ordered = sorted(users, key=lambda user: (user.username not in primary, user.pk))
        if not ordered:
            self.stdout.write("No staff accounts yet: run `manage.py demo_seed` first.")
            return
        self.stdout.write(
            format_logins(
                [
                    (
                        user.username,
                        str(Role(user.role).label) if user.role in Role.values else user.role,
                        user.display_name,
                        user.branch.name if user.branch else "",
                    )
                    for user in ordered
                ]
            )
        )
