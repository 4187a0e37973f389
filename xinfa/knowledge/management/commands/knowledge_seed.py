from typing import Any

from django.core.management.base import BaseCommand

from xinfa.knowledge.services import knowledge_seed


class Command(BaseCommand):
    help = "Load the starter FAQs and standard / risk-disclosure scripts (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        faqs, scripts = knowledge_seed()
        self.stdout.write(f"knowledge: {faqs} FAQ entries and {scripts} scripts created")
