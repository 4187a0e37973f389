"""Search-index upkeep: the one kind of work done in a signal (it is a derived index, like a
cache, and must follow every save whatever code path made it)."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from xinfa.customers.models import Customer
from xinfa.customers.services import customer_name_grams_refresh


@receiver(post_save, sender=Customer, dispatch_uid="customer_name_grams")
def customer_name_grams_follow_save(
    sender: type[Customer], instance: Customer, **kwargs: Any
) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields is None or "search_name" in update_fields or "name" in update_fields:
        customer_name_grams_refresh(customer_ids=[instance.pk])
