"""What each demo customer holds: cards (Luhn-valid numbers), deposits, products, loans."""

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from xinfa.customers.enums import HoldingKind
from xinfa.customers.models import Customer, Holding
from xinfa.demo.generator import identity
from xinfa.demo.generator.texts import PRODUCTS

if TYPE_CHECKING:
    from xinfa.demo.generator.customers import CustomerProfile


def holdings_for(
    rng: random.Random, customer: Customer, profile: "CustomerProfile", today: dt.date
) -> list[Holding]:
    """Return the unsaved holdings of one customer; fills the profile's card tail and products."""
    opened = customer.created_at.date()
    if profile.is_corporate:
        account = f"{rng.randrange(10**14, 10**15)}"
        rows = [
            Holding(
                customer=customer,
                kind=HoldingKind.ACCOUNT,
                product_name="对公基本存款账户",
                account_number=account,
                amount=Decimal(rng.randint(5, 800) * 10000),
                opened_on=opened,
            )
        ]
        if rng.random() < 0.4:
            rows.append(
                Holding(
                    customer=customer,
                    kind=HoldingKind.LOAN,
                    product_name="小微企业流动资金贷款",
                    amount=Decimal(rng.randint(20, 300) * 10000),
                    opened_on=opened,
                    matures_on=today + dt.timedelta(days=rng.randint(60, 700)),
                )
            )
        return rows
    card = identity.card_number(rng, bin_prefix=identity.DEBIT_CARD_BIN, length=19)
    profile.card_tail = card[-4:]
    rows = [
        Holding(
            customer=customer,
            kind=HoldingKind.DEBIT_CARD,
            product_name="心法借记卡（一类户）",
            account_number=card,
            amount=Decimal(rng.randint(100, 300000)),
            opened_on=opened,
        )
    ]
    age = profile.age or 0
    if 22 <= age < 65 and rng.random() < 0.4:
        rows.append(
            Holding(
                customer=customer,
                kind=HoldingKind.CREDIT_CARD,
                product_name="心法标准信用卡",
                account_number=identity.card_number(
                    rng, bin_prefix=identity.CREDIT_CARD_BIN, length=16
                ),
                amount=Decimal(rng.choice((10000, 20000, 30000, 50000))),
                opened_on=opened,
            )
        )
        profile.products.append("信用卡")
    if age >= 18 and rng.random() < 0.5:
        rows.append(
            Holding(
                customer=customer,
                kind=HoldingKind.DEPOSIT,
                product_name="三年期整存整取",
                amount=Decimal(rng.randint(1, 100) * 10000),
                opened_on=today - dt.timedelta(days=rng.randint(30, 1000)),
                matures_on=today + dt.timedelta(days=rng.randint(10, 900)),
            )
        )
    if profile.risk_level:
        limit = int(profile.risk_level[1])
        # A few elderly customers hold a product above their risk level: the mis-selling
        # checks need real cases to find.
        mismatch = profile.is_elderly and rng.random() < 0.05
        allowed = [p for p in PRODUCTS if int(p[2][1]) <= limit or (mismatch and p[2] == "R3")]
        for name, kind, level in rng.sample(allowed, k=min(len(allowed), rng.choice((0, 1, 1, 2)))):
            rows.append(
                Holding(
                    customer=customer,
                    kind=kind,
                    product_name=name,
                    product_risk_level=level,
                    amount=Decimal(rng.randint(1, 50) * 10000),
                    opened_on=today - dt.timedelta(days=rng.randint(20, 700)),
                )
            )
            profile.products.append(name)
    if 28 <= age < 60 and rng.random() < 0.2:
        rows.append(
            Holding(
                customer=customer,
                kind=HoldingKind.LOAN,
                product_name="个人住房贷款",
                amount=Decimal(rng.randint(50, 300) * 10000),
                opened_on=today - dt.timedelta(days=rng.randint(100, 3000)),
                matures_on=today + dt.timedelta(days=rng.randint(3000, 9000)),
            )
        )
        profile.products.append("房贷")
    return rows
