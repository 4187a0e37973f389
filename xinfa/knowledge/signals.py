"""Cache invalidation only: an edited FAQ entry makes every worker rebuild its index."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from xinfa.knowledge.models import FaqEntry
from xinfa.knowledge.selectors import knowledge_version_bump


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def faq_changed(**_kwargs: Any) -> None:
    knowledge_version_bump()
