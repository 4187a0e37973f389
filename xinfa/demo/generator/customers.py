"""Customers of every segment, with preferences, life events and holdings."""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models
from django.utils import timezone

from xinfa.accounts.models import Branch
from xinfa.core.roles import Role
from xinfa.customers.enums import (
    Accessibility,
    CustomerKind,
    Language,
    LifeEventKind,
    RiskLevel,
    VipTier,
)
from xinfa.customers.models import Customer, CustomerPreference, Holding, LifeEvent, age_on
from xinfa.customers.services import customer_name_grams_refresh, customer_number_format

# search_form is what Customer.save() uses to fill search_name; bulk_create must do the same.
from xinfa.customers.text import search_form
from xinfa.demo.generator import identity
from xinfa.demo.generator.bank import DemoBank
from xinfa.demo.generator.holdings import holdings_for
from xinfa.demo.generator.texts import (
    CORPORATE_NAMES,
    CORPORATE_SUFFIXES,
    CUSTOMER_NOTES,
    LIFE_EVENT_NOTES,
    PREFERENCES,
)

BATCH = 500
T = TypeVar("T")
M = TypeVar("M", bound=models.Model)
_AGE_BANDS = ((16, 17, 2), (18, 35, 30), (36, 59, 38), (60, 74, 20), (75, 92, 10))
_VIP = (
    (VipTier.NONE, 70),
    (VipTier.GOLD, 15),
    (VipTier.PLATINUM, 8),
    (VipTier.DIAMOND, 5),
    (VipTier.PRIVATE, 2),
)
_DIALECT_BY_CITY = {
    "广州": Language.CANTONESE,
    "成都": Language.SICHUANESE,
    "上海": Language.SHANGHAINESE,
}


@dataclass
class CustomerProfile:
    """What dialogue generation needs to know about a customer, without another query."""

    pk: int
    name: str
    address: str
    kind: str
    age: int | None
    gender: str
    vip_tier: str
    risk_level: str
    branch: Branch
    language: str
    accessibility: list[str]
    card_tail: str
    phone_tail: str
    products: list[str] = field(default_factory=list)

    @property
    def is_elderly(self) -> bool:
        return self.age is not None and self.age >= 60

    @property
    def is_corporate(self) -> bool:
        return self.kind == CustomerKind.CORPORATE


def _weighted(rng: random.Random, options: tuple[tuple[T, int], ...]) -> T:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


class _Registry:
    """Values that must stay unique across the whole run."""

    def __init__(self) -> None:
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()

    def unique(self, make: object, seen: set[str]) -> str:
        while True:
            value = make()  # type: ignore[operator]
            if value not in seen:
                seen.add(value)
                return value


def _individual(
    rng: random.Random, registry: _Registry, branch: Branch, today: dt.date
) -> Customer:
    low, high, _ = rng.choices(_AGE_BANDS, weights=[band[2] for band in _AGE_BANDS])[0]
    age = rng.randint(low, high)
    gender = rng.choice("MF")
    birth = identity.birth_date_for_age(rng, age=age, today=today)
    region = (
        rng.choice(identity.CITY_REGIONS[branch.city])
        if rng.random() < 0.8
        else rng.choice(identity.HOME_TOWN_REGIONS)
    )
    id_number = registry.unique(
        lambda: identity.id_number(rng, region=region, birth_date=birth, gender=gender),
        registry.id_numbers,
    )
    phone = (
        identity.landline_number(rng, city=branch.city)
        if age >= 75 and rng.random() < 0.25
        else registry.unique(lambda: identity.mobile_number(rng), registry.phones)
    )
    accessibility: list[str] = []
    if rng.random() < (0.35 if age >= 75 else 0.03):
        accessibility = [rng.choice(list(Accessibility.values))]
    language = Language.MANDARIN
    dialect = _DIALECT_BY_CITY.get(branch.city)
    if dialect and rng.random() < (0.55 if age >= 60 else 0.1):
        language = dialect
    if Accessibility.HEARING in accessibility and rng.random() < 0.4:
        language = Language.SIGN
    adult = age >= 18
    risk = ""
    if adult and rng.random() < 0.7:
        top = 2 if age >= 75 else 3 if age >= 60 else 5
        risk = f"C{rng.randint(1, top)}"
    return Customer(
        kind=CustomerKind.INDIVIDUAL,
        name=identity.person_name(rng, birth_year=birth.year, gender=gender),
        id_number=id_number,
        phone=phone,
        birth_date=birth,
        gender=gender,
        email=f"user{rng.randrange(10**6)}@example.cn" if age < 60 and rng.random() < 0.4 else "",
        accessibility_needs=accessibility,
        vip_tier=_weighted(rng, _VIP) if adult else VipTier.NONE,
        risk_level=risk,
        risk_assessed_on=today - dt.timedelta(days=rng.randint(10, 900)) if risk else None,
        preferred_channel=rng.choice(("counter", "phone"))
        if age >= 60
        else rng.choice(("app", "chat", "counter")),
        language=language,
        home_branch=branch,
        consent_marketing=rng.random() < 0.45,
        consent_data_sharing=rng.random() < 0.3,
        notes=rng.choice(CUSTOMER_NOTES) if rng.random() < 0.08 else "",
    )


def _corporate(rng: random.Random, branch: Branch) -> Customer:
    stem, city = rng.choice(
        [item for item in CORPORATE_NAMES if item[1] == branch.city] or CORPORATE_NAMES
    )
    return Customer(
        kind=CustomerKind.CORPORATE,
        name=f"{city}{stem}{rng.choice(CORPORATE_SUFFIXES)}"
        + ("" if rng.random() < 0.6 else f"（{rng.randint(2, 9)}分公司）"),
        credit_code=identity.credit_code(rng, region=identity.CITY_REGIONS[branch.city][0]),
        phone=identity.landline_number(rng, city=branch.city),
        email=f"finance{rng.randrange(10**4)}@corp.example.cn",
        vip_tier=rng.choice((VipTier.NONE, VipTier.GOLD, VipTier.PLATINUM)),
        risk_level=rng.choice((RiskLevel.C2, RiskLevel.C3)),
        preferred_channel="counter",
        home_branch=branch,
        consent_recording=True,
    )


def _fill_derived(customer: Customer, *, number: int, opened: dt.datetime) -> None:
    """Set what Customer.save() would derive, since bulk_create skips save()."""
    digits = "".join(ch for ch in customer.phone if ch.isdigit())
    customer.phone_prefix = digits[:3] if len(digits) >= 7 else ""
    customer.phone_last4 = digits[-4:] if len(digits) >= 7 else ""
    customer.search_name = search_form(customer.name)[:100]
    customer.customer_number = customer_number_format(number)
    customer.created_at = customer.updated_at = opened


def create_customers(
    rng: random.Random, bank: DemoBank, *, count: int, today: dt.date, progress: object = None
) -> list[CustomerProfile]:
    """Create `count` customers (about 8 % corporate) with their preferences, events and holdings.

    Raises:
        IntegrityError: a customer number or ID number already exists (seed into an empty DB).
    """
    customers: list[Customer] = []
    registry = _Registry()
    tz = timezone.get_current_timezone()
    for number in range(1, count + 1):
        branch = rng.choice(bank.physical_branches)
        customer = (
            _corporate(rng, branch)
            if rng.random() < 0.08
            else _individual(rng, registry, branch, today)
        )
        opened_day = today - dt.timedelta(days=rng.randint(120, 365 * 20))
        _fill_derived(
            customer, number=number, opened=dt.datetime.combine(opened_day, dt.time(10), tz)
        )
        managers = bank.staff(branch, Role.RELATIONSHIP_MANAGER) + bank.staff(
            branch, Role.WEALTH_MANAGER
        )
        if customer.vip_tier != VipTier.NONE or customer.kind == CustomerKind.CORPORATE:
            customer.assigned_manager = rng.choice(managers)
        customers.append(customer)
    for start in range(0, len(customers), BATCH):
        Customer.objects.bulk_create(customers[start : start + BATCH])
        if progress is not None:
            progress.update(len(customers[start : start + BATCH]))  # type: ignore[attr-defined]
    # bulk_create skips save(), so the name-search index is written here.
    customer_name_grams_refresh(customer_ids=[customer.pk for customer in customers])
    profiles = [_profile(rng, customer, today) for customer in customers]
    _create_details(rng, bank, customers, profiles, today)
    return profiles


def _profile(rng: random.Random, customer: Customer, today: dt.date) -> CustomerProfile:
    age = age_on(customer.birth_date, today) if customer.birth_date else None
    address = (
        identity.polite_address(customer.name, gender=customer.gender, age=age or 0)
        if customer.kind == CustomerKind.INDIVIDUAL
        else "您"
    )
    branch = customer.home_branch
    if branch is None:  # not reached: every generated customer has a home branch
        raise ValueError(f"customer {customer.pk} has no home branch")
    return CustomerProfile(
        pk=customer.pk,
        name=customer.name,
        address=address,
        kind=customer.kind,
        age=age,
        gender=customer.gender,
        vip_tier=customer.vip_tier,
        risk_level=customer.risk_level,
        branch=branch,
        language=customer.language,
        accessibility=list(customer.accessibility_needs),
        card_tail="",
        phone_tail=customer.phone_last4 or f"{rng.randrange(10**4):04d}",
    )


def _suits(tag: str, customer: Customer, profile: CustomerProfile) -> bool:
    if tag == "any":
        return True
    if tag == "corporate":
        return profile.is_corporate
    if profile.is_corporate:
        return False
    age = profile.age or 0
    checks = {
        "elderly": age >= 60,
        "young": age < 36,
        "middle": 36 <= age < 60,
        "cantonese": customer.language == Language.CANTONESE,
        "sichuanese": customer.language == Language.SICHUANESE,
    }
    return checks.get(tag, tag in profile.accessibility)


def _insert(manager: models.Manager[M], rows: list[M]) -> None:
    for start in range(0, len(rows), BATCH):
        manager.bulk_create(rows[start : start + BATCH])


def _create_details(
    rng: random.Random,
    bank: DemoBank,
    customers: list[Customer],
    profiles: list[CustomerProfile],
    today: dt.date,
) -> None:
    preferences: list[CustomerPreference] = []
    events: list[LifeEvent] = []
    holdings: list[Holding] = []
    tz = timezone.get_current_timezone()
    for customer, profile in zip(customers, profiles, strict=True):
        staff = bank.staff(profile.branch, Role.TELLER) + bank.staff(
            profile.branch, Role.LOBBY_MANAGER
        )
        suitable = [item for item in PREFERENCES if _suits(item[2], customer, profile)]
        for category, text, _ in rng.sample(
            suitable, k=min(len(suitable), rng.choice((0, 1, 1, 2, 3)))
        ):
            at = dt.datetime.combine(
                today - dt.timedelta(days=rng.randint(5, 400)), dt.time(11), tz
            )
            preferences.append(
                CustomerPreference(
                    customer=customer,
                    category=category,
                    text=text,
                    recorded_by=rng.choice(staff),
                    created_at=at,
                    updated_at=at,
                )
            )
        for kind in rng.sample(list(LifeEventKind.values), k=rng.choice((0, 0, 1, 1, 2))):
            if profile.is_corporate and kind != LifeEventKind.BUSINESS:
                continue
            day = today - dt.timedelta(days=rng.randint(10, 1500))
            events.append(
                LifeEvent(
                    customer=customer,
                    kind=kind,
                    occurred_on=day,
                    note=rng.choice(LIFE_EVENT_NOTES[kind]),
                )
            )
        holdings.extend(holdings_for(rng, customer, profile, today))
    _insert(CustomerPreference.objects, preferences)
    _insert(LifeEvent.objects, events)
    _insert(Holding.objects, holdings)
