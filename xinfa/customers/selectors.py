"""Reads of customer data. Every read that shows a customer writes an access-log row."""

import datetime as dt
import re
import unicodedata
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.compliance.models import AccessAction
from xinfa.compliance.services import audit_record
from xinfa.core.exceptions import Forbidden, NotFound, ValidationFailed
from xinfa.core.masking import mask_id_number, mask_phone
from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import Capability
from xinfa.core.validators import normalize_phone
from xinfa.customers.models import (
    ELDERLY_AGE,
    Customer,
    CustomerNameGram,
    CustomerPreference,
    Holding,
)
from xinfa.customers.records import (
    Customer360,
    Customer360Counts,
    CustomerSummary,
    PreferenceEntry,
    holding_entry_of,
    life_event_entry_of,
    preference_entry_of,
    profile_of,
    summary_of,
)
from xinfa.customers.text import name_grams, search_form
from xinfa.service.selectors import (
    interaction_count_for_customer,
    interaction_timeline_for_customer,
)

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
MAX_SEARCH_RESULTS = 200
TIMELINE_LIMIT = 50

_ID18 = re.compile(r"^\d{17}[\dX]$")
_MASKED_PHONE = re.compile(r"^(\d{3})?\*+(\d{4})$")
_LAST4 = re.compile(r"^\d{4}$")
_CUSTOMER_NUMBER = re.compile(r"^C\d{1,10}$")
_FULL_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
_LONG_DIGITS = re.compile(r"\d{7,17}[\dXx]?")
_SEPARATORS = re.compile(r"[\s\-]")


__all__ = [
    "Customer360",
    "CustomerSummary",
    "customer_360",
    "customer_list",
    "customer_preference_list",
    "customer_query_filter",
    "customer_search",
    "mask_query",
]


def _require_view(actor: Any) -> None:
    if not user_has_capability(actor, Capability.CUSTOMER_VIEW):
        raise Forbidden(_("您的角色不能查看客户"))


def mask_query(query: str) -> str:
    """Mask ID and phone numbers inside a search query before it is logged."""

    def mask(match: re.Match[str]) -> str:
        value = match.group(0)
        return mask_id_number(value) if len(value) >= 15 else mask_phone(value)

    return _LONG_DIGITS.sub(mask, query)


def customer_query_filter(query: str) -> Q:
    """Turn a staff search string into a filter over the searchable keys.

    Keys: resident ID (full 18 characters only), full phone, masked phone
    (``138****1234``, ``*1234``), last four phone digits, customer number (exact or
    prefix), and name (substring; Traditional input matches Simplified names).

    Raises:
        ValidationFailed: the query is empty, too short, too long or has control characters.
    """
    text = unicodedata.normalize("NFKC", query or "").strip()
    if len(text) < MIN_QUERY_LENGTH:
        raise ValidationFailed(_("请输入至少两个字符"), field="q")
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationFailed(
            _("查询内容不能超过%(max)s个字符") % {"max": MAX_QUERY_LENGTH}, field="q"
        )
    if any(ord(char) < 32 for char in text):
        raise ValidationFailed(_("查询内容包含控制字符"), field="q")
    compact = _SEPARATORS.sub("", text).upper()
    if _ID18.match(compact):
        return Q(id_number=compact)
    masked = _MASKED_PHONE.match(compact)
    if masked:
        prefix, last4 = masked.groups()
        return Q(phone_last4=last4, phone_prefix=prefix) if prefix else Q(phone_last4=last4)
    if _CUSTOMER_NUMBER.match(compact):
        # A range on the unique index: LIKE 'C123%' cannot use it on SQLite.
        return Q(customer_number__gte=compact, customer_number__lt=compact + "~")
    number_prefix = Q(customer_number__istartswith=compact)
    if _LAST4.match(compact):
        return Q(phone_last4=compact) | number_prefix
    phone = normalize_phone(text)
    if _FULL_PHONE.match(phone):
        return Q(phone=phone) | Q(phone=phone.replace("-", "")) | number_prefix
    if not any(char.isdigit() for char in compact):
        return _name_filter(search_form(text))
    return Q(customer_number__istartswith=compact) | Q(search_name__contains=search_form(text))


def _name_filter(name: str) -> Q:
    """Match names containing `name`: candidates from the two-character index, then exact.

    search_name holds the Simplified, case-folded form of every name; the index rows
    (CustomerNameGram) turn the substring test into index lookups on both databases.
    """
    condition = Q(search_name__contains=name)
    # Up to three pieces narrow the candidates enough; the exact test does the rest.
    for gram in sorted(name_grams(name))[:3]:
        if len(gram) == 2:
            condition &= Q(pk__in=CustomerNameGram.objects.filter(gram=gram).values("customer_id"))
    return condition


def customer_search(*, actor: Any, query: str, limit: int = 50) -> list[CustomerSummary]:
    """Find customers by name, customer number, ID number or (masked) phone.

    Writes one ``customer.search`` access-log row with the query masked.

    Raises:
        Forbidden: the actor's role lacks customer.view.
        ValidationFailed: the query is empty, too short or malformed (field ``q``).
    """
    _require_view(actor)
    condition = customer_query_filter(query)
    limit = max(1, min(int(limit), MAX_SEARCH_RESULTS))
    rows = list(Customer.objects.filter(condition).order_by("customer_number")[:limit])
    audit_record(
        actor=actor,
        action=AccessAction.SEARCH,
        detail={"query": mask_query(query.strip()), "results": len(rows)},
    )
    return [summary_of(row) for row in rows]


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a non-leap year
        return today.replace(year=today.year - years, day=28)


def customer_list(
    *,
    actor: Any,
    query: str = "",
    kind: str = "",
    vip_tier: str = "",
    risk_level: str = "",
    elderly: bool | None = None,
    branch_id: int | None = None,
    assigned_manager_id: int | None = None,
) -> QuerySet[Customer]:
    """Return customers matching the filters, ordered by customer number; audited as a search.

    Raises:
        Forbidden: the actor's role lacks customer.view.
        ValidationFailed: the query is given but too short or malformed (field ``q``).
    """
    _require_view(actor)
    rows = Customer.objects.all()
    if query.strip():
        rows = rows.filter(customer_query_filter(query))
    filters = {"kind": kind, "vip_tier": vip_tier, "risk_level": risk_level}
    rows = rows.filter(**{key: value for key, value in filters.items() if value})
    if elderly is not None:
        cutoff = _years_ago(timezone.localdate(), ELDERLY_AGE)
        old = Q(birth_date__lte=cutoff)
        rows = rows.filter(old) if elderly else rows.exclude(old)
    if branch_id is not None:
        rows = rows.filter(home_branch_id=branch_id)
    if assigned_manager_id is not None:
        rows = rows.filter(assigned_manager_id=assigned_manager_id)
    detail: dict[str, object] = {key: value for key, value in filters.items() if value}
    detail.update(
        {
            "query": mask_query(query.strip()),
            "elderly": elderly,
            "branch": branch_id,
            "manager": assigned_manager_id,
        }
    )
    audit_record(actor=actor, action=AccessAction.SEARCH, detail=detail)
    return rows.order_by("customer_number")


def customer_360(
    *,
    actor: Any,
    customer_id: int,
    reason: str = "",
    interaction_id: int | None = None,
    timeline_page: int = 1,
) -> Customer360:
    """Return one customer's full page: profile, preferences, events, holdings, timeline
    (the newest TIMELINE_LIMIT contacts, or older ones for a later `timeline_page`; a page
    past the last gives the last).

    Runs a fixed number of queries whatever the customer holds, and writes one
    ``customer.view`` access-log row with the reason and the interaction served.

    Raises:
        Forbidden: the actor's role lacks customer.view.
        NotFound: no customer has this id.
    """
    _require_view(actor)
    customer = (
        Customer.objects.select_related("assigned_manager", "home_branch")
        .prefetch_related(
            Prefetch(
                "preferences",
                queryset=CustomerPreference.objects.filter(is_active=True)
                .select_related("recorded_by")
                .order_by("-created_at", "-pk"),
                to_attr="active_preferences",
            ),
        )
        # A call of its own, so the plugin keeps `active_preferences` typed as preferences.
        .prefetch_related(
            "life_events",
            Prefetch(
                "holdings",
                queryset=Holding.objects.order_by("-is_active", "kind", "-opened_on", "pk"),
            ),
        )
        .filter(pk=customer_id)
        .first()
    )
    if customer is None:
        raise NotFound(_("客户不存在"), field="customer_id")
    preferences = [preference_entry_of(row) for row in customer.active_preferences]
    life_events = [life_event_entry_of(row) for row in customer.life_events.all()]
    holdings = [holding_entry_of(row) for row in customer.holdings.all()]
    contacts = Paginator(
        range(interaction_count_for_customer(customer_id=customer.pk)), TIMELINE_LIMIT
    )
    page = contacts.page(min(max(timeline_page, 1), contacts.num_pages))
    timeline = interaction_timeline_for_customer(
        customer_id=customer.pk, limit=TIMELINE_LIMIT, offset=(page.number - 1) * TIMELINE_LIMIT
    )
    audit_record(
        actor=actor,
        action=AccessAction.VIEW,
        customer_id=customer.pk,
        interaction_id=interaction_id,
        reason=reason.strip(),
    )
    return Customer360(
        summary=summary_of(customer),
        profile=profile_of(customer),
        preferences=preferences,
        life_events=life_events,
        holdings=holdings,
        timeline=timeline,
        timeline_page=page,
        counts=Customer360Counts(
            interactions=contacts.count,
            preferences=len(preferences),
            life_events=len(life_events),
            holdings=sum(1 for row in holdings if row.is_active),
        ),
    )


def customer_preference_list(*, actor: Any, customer_id: int) -> list[PreferenceEntry]:
    """Return a customer's active preferences, newest first; audited as a view.

    Raises:
        Forbidden: the actor's role lacks customer.view.
        NotFound: no customer has this id.
    """
    _require_view(actor)
    if not Customer.objects.filter(pk=customer_id).exists():
        raise NotFound(_("客户不存在"), field="customer_id")
    rows = (
        CustomerPreference.objects.filter(customer_id=customer_id, is_active=True)
        .select_related("recorded_by")
        .order_by("-created_at", "-pk")
    )
    entries = [preference_entry_of(row) for row in rows]
    audit_record(
        actor=actor,
        action=AccessAction.VIEW,
        customer_id=customer_id,
        detail={"section": "preferences"},
    )
    return entries
