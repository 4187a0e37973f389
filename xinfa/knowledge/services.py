"""Writes to the knowledge base."""

from django.db import transaction

from xinfa.knowledge.models import FaqEntry, Script
from xinfa.knowledge.seed_data import FAQS, SCRIPTS
from xinfa.knowledge.selectors import knowledge_version_bump


def knowledge_seed() -> tuple[int, int]:
    """Load the starter FAQs and scripts; entries already there are left as they are.

    Returns:
        The numbers of FAQ entries and scripts created.

    Raises:
        Nothing: the seed data is fixed and valid.
    """
    with transaction.atomic():
        faq_created = 0
        for category, audience, question, answer in FAQS:
            _entry, created = FaqEntry.objects.get_or_create(
                question=question,
                audience=audience,
                defaults={"answer": answer, "category": category},
            )
            faq_created += created
        script_created = 0
        for kind, audience, title, text in SCRIPTS:
            _script, created = Script.objects.get_or_create(
                kind=kind, title=title, defaults={"text": text, "audience": audience}
            )
            script_created += created
        transaction.on_commit(knowledge_version_bump)
    return faq_created, script_created
