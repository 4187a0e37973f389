"""Check complaint clocks now (cron in the embedded deployment; Celery beat when scaled)."""

from typing import Any

from django.core.management.base import BaseCommand

from xinfa.complaints.services import complaint_clocks_check


class Command(BaseCommand):
    help = "Raise near-breach and breach alerts for running complaint clocks."

    def handle(self, *args: Any, **options: Any) -> None:
        alerts = complaint_clocks_check()
        for alert in alerts:
            self.stdout.write(
                f"{alert.clock.complaint.number} {alert.clock.kind} {alert.level} → "
                + ", ".join(str(user) for user in alert.recipients.all())
            )
        self.stdout.write(f"{len(alerts)} new alert(s)")
