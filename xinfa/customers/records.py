"""Read-only views of a customer that any role with customer.view may see (PII masked)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.utils import timezone

from xinfa.customers.enums import Accessibility, AgeBand, Language, RiskLevel, VipTier
from xinfa.customers.models import Customer, CustomerPreference, Holding, LifeEvent
from xinfa.service.enums import Channel
from xinfa.service.selectors import TimelineEntry

# Suitability rules ask for a fresh risk assessment every year.
RISK_ASSESSMENT_VALID_DAYS = 365


def _label(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class CustomerSummary:
    id: int
    customer_number: str
    name: str
    kind: str
    masked_phone: str
    masked_id_number: str
    vip_tier: str
    risk_level: str
    age_band: str
    is_elderly: bool


@dataclass(frozen=True)
class AccessibilityNeed:
    code: str
    label: str


@dataclass(frozen=True)
class CustomerProfile:
    kind_label: str
    gender: str
    masked_email: str
    credit_code: str
    age_band_label: str
    accessibility_needs: list[AccessibilityNeed]
    vip_tier_label: str
    risk_level_label: str
    risk_assessed_on: dt.date | None
    is_risk_assessment_due: bool
    preferred_channel: str
    preferred_channel_label: str
    language: str
    language_label: str
    assigned_manager_id: int | None
    assigned_manager_name: str
    home_branch_id: int | None
    home_branch_name: str
    consent_marketing: bool
    consent_data_sharing: bool
    consent_recording: bool
    notes: str


@dataclass(frozen=True)
class PreferenceEntry:
    id: int
    category: str
    text: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True)
class LifeEventEntry:
    id: int
    kind: str
    kind_label: str
    occurred_on: dt.date | None
    note: str


@dataclass(frozen=True)
class HoldingEntry:
    id: int
    kind: str
    kind_label: str
    product_name: str
    masked_account_number: str
    amount: Decimal
    currency: str
    product_risk_level: str
    opened_on: dt.date | None
    matures_on: dt.date | None
    is_active: bool


@dataclass(frozen=True)
class Customer360Counts:
    interactions: int
    preferences: int
    life_events: int
    holdings: int


@dataclass(frozen=True)
class Customer360:
    """Everything staff see on one customer's page; PII is masked."""

    summary: CustomerSummary
    profile: CustomerProfile
    preferences: list[PreferenceEntry]
    life_events: list[LifeEventEntry]
    holdings: list[HoldingEntry]
    timeline: list[TimelineEntry]
    counts: Customer360Counts
    timeline_page: Page  # which TIMELINE_LIMIT-long slice of the contacts `timeline` is


def summary_of(customer: Customer) -> CustomerSummary:
    """Build the masked summary of one customer."""
    return CustomerSummary(
        id=customer.pk,
        customer_number=customer.customer_number,
        name=customer.name,
        kind=customer.kind,
        masked_phone=customer.masked_phone,
        masked_id_number=customer.masked_id_number,
        vip_tier=customer.vip_tier,
        risk_level=customer.risk_level,
        age_band=str(customer.age_band),
        is_elderly=customer.is_elderly,
    )


def profile_of(customer: Customer) -> CustomerProfile:
    """Build the masked profile; expects manager and branch already joined."""
    assessed = customer.risk_assessed_on
    is_due = bool(customer.risk_level) and (
        assessed is None or (timezone.localdate() - assessed).days > RISK_ASSESSMENT_VALID_DAYS
    )
    manager = customer.assigned_manager
    branch = customer.home_branch
    return CustomerProfile(
        kind_label=str(customer.get_kind_display()),
        gender=customer.gender,
        masked_email=customer.masked_email,
        credit_code=customer.credit_code,
        age_band_label=_label(AgeBand, customer.age_band),
        accessibility_needs=[
            AccessibilityNeed(code=str(code), label=_label(Accessibility, str(code)))
            for code in (customer.accessibility_needs or [])
        ],
        vip_tier_label=_label(VipTier, customer.vip_tier),
        risk_level_label=_label(RiskLevel, customer.risk_level) if customer.risk_level else "",
        risk_assessed_on=assessed,
        is_risk_assessment_due=is_due,
        preferred_channel=customer.preferred_channel,
        preferred_channel_label=(
            _label(Channel, customer.preferred_channel) if customer.preferred_channel else ""
        ),
        language=customer.language,
        language_label=_label(Language, customer.language),
        assigned_manager_id=customer.assigned_manager_id,
        assigned_manager_name=str(manager) if manager else "",
        home_branch_id=customer.home_branch_id,
        home_branch_name=branch.name if branch else "",
        consent_marketing=customer.consent_marketing,
        consent_data_sharing=customer.consent_data_sharing,
        consent_recording=customer.consent_recording,
        notes=customer.notes,
    )


def preference_entry_of(preference: CustomerPreference) -> PreferenceEntry:
    """Build one preference entry; expects recorded_by already joined."""
    return PreferenceEntry(
        id=preference.pk,
        category=preference.category,
        text=preference.text,
        recorded_at=preference.created_at,
        recorded_by=str(preference.recorded_by) if preference.recorded_by else "",
    )


def life_event_entry_of(event: LifeEvent) -> LifeEventEntry:
    """Build one life-event entry."""
    return LifeEventEntry(
        id=event.pk,
        kind=event.kind,
        kind_label=str(event.get_kind_display()),
        occurred_on=event.occurred_on,
        note=event.note,
    )


def holding_entry_of(holding: Holding) -> HoldingEntry:
    """Build one holding entry with the account number masked."""
    return HoldingEntry(
        id=holding.pk,
        kind=holding.kind,
        kind_label=str(holding.get_kind_display()),
        product_name=holding.product_name,
        masked_account_number=holding.masked_account_number,
        amount=holding.amount,
        currency=holding.currency,
        product_risk_level=holding.product_risk_level,
        opened_on=holding.opened_on,
        matures_on=holding.matures_on,
        is_active=holding.is_active,
    )
