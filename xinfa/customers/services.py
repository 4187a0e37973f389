"""Writes of customer data: profile, preferences, life events, holdings, audited PII reads."""

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.compliance.models import AccessAction
from xinfa.compliance.services import audit_record
from xinfa.core.exceptions import Conflict, Forbidden, NotFound, ValidationFailed
from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import Capability
from xinfa.core.validators import id_number_birth_date, is_valid_id_number, normalize_phone
from xinfa.customers.enums import Accessibility
from xinfa.customers.models import (
    Customer,
    CustomerNameGram,
    CustomerPreference,
    Holding,
    LifeEvent,
)
from xinfa.customers.text import name_grams

CUSTOMER_NUMBER_PREFIX = "C"
CUSTOMER_NUMBER_DIGITS = 10
MIN_REASON_LENGTH = 2
_NUMBER_ATTEMPTS = 5

# Fields a caller may set; the rest (search keys, timestamps) are derived.
EDITABLE_FIELDS = frozenset(
    {
        "customer_number",
        "kind",
        "name",
        "id_number",
        "credit_code",
        "phone",
        "email",
        "birth_date",
        "gender",
        "accessibility_needs",
        "vip_tier",
        "risk_level",
        "risk_assessed_on",
        "preferred_channel",
        "language",
        "assigned_manager",
        "assigned_manager_id",
        "home_branch",
        "home_branch_id",
        "consent_marketing",
        "consent_data_sharing",
        "consent_recording",
        "notes",
    }
)
_CUSTOMER_NUMBER = re.compile(r"^[A-Za-z0-9]{1,20}$")
_AUTO_NUMBER = re.compile(rf"^{CUSTOMER_NUMBER_PREFIX}\d{{{CUSTOMER_NUMBER_DIGITS}}}$")


def customer_number_format(sequence: int) -> str:
    """Format a sequence number as a customer number: C0000000042."""
    return f"{CUSTOMER_NUMBER_PREFIX}{sequence:0{CUSTOMER_NUMBER_DIGITS}d}"


def customer_number_next() -> str:
    """Return the next free generated customer number."""
    last = (
        Customer.objects.filter(customer_number__regex=_AUTO_NUMBER.pattern)
        .order_by("-customer_number")
        .values_list("customer_number", flat=True)
        .first()
    )
    sequence = int(last[len(CUSTOMER_NUMBER_PREFIX) :]) + 1 if last else 1
    return customer_number_format(sequence)


def customer_fields_normalise(fields: dict[str, Any]) -> dict[str, Any]:
    """Trim text, upper-case ID numbers, normalise phones and check accessibility codes.

    Raises:
        ValidationFailed: an unknown field was given.
        django.core.exceptions.ValidationError: unknown accessibility codes.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationFailed(_("未知字段：%(name)s") % {"name": name}, field=name)
    values = dict(fields)
    for key in ("name", "customer_number", "credit_code", "email", "notes"):
        if isinstance(values.get(key), str):
            values[key] = values[key].strip()
    number = values.get("customer_number")
    if number and not (isinstance(number, str) and _CUSTOMER_NUMBER.match(number)):
        raise ValidationError({"customer_number": _("客户号只能包含字母和数字，最长20位")})
    if isinstance(values.get("id_number"), str):
        values["id_number"] = values["id_number"].strip().upper()
    if isinstance(values.get("phone"), str):
        values["phone"] = normalize_phone(values["phone"].strip())
    needs = values.get("accessibility_needs")
    if needs is not None:
        if not isinstance(needs, list | tuple) or any(
            need not in Accessibility.values for need in needs
        ):
            raise ValidationError(
                {
                    "accessibility_needs": _("可选值：%(allowed)s")
                    % {"allowed": ", ".join(Accessibility.values)}
                }
            )
        values["accessibility_needs"] = sorted(set(needs))
    return values


def customer_check_consistency(
    customer: Customer, *, exclude_pk: int | None, check_duplicate_id: bool = True
) -> None:
    """Check rules that span fields, before full_clean so errors name the right field.

    Fills the birth date from the ID number and dates a risk level with no date.

    Raises:
        django.core.exceptions.ValidationError: birth date and ID disagree, duplicate ID,
            or a birth date in the future.
    """
    if customer.id_number and is_valid_id_number(customer.id_number):
        encoded = id_number_birth_date(customer.id_number)
        if customer.birth_date is None:
            customer.birth_date = encoded
        elif encoded != customer.birth_date:
            raise ValidationError({"birth_date": _("出生日期与身份证号不一致")})
        duplicate = Customer.objects.filter(id_number=customer.id_number)
        if exclude_pk is not None:
            duplicate = duplicate.exclude(pk=exclude_pk)
        if check_duplicate_id and duplicate.exists():
            raise ValidationError({"id_number": _("该身份证号已属于另一位客户")})
    if customer.birth_date and customer.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("出生日期不能晚于今天")})
    if customer.risk_level and customer.risk_assessed_on is None:
        customer.risk_assessed_on = timezone.localdate()


def _save_new(customer: Customer) -> None:
    """Insert a customer, generating its number (retrying if a parallel insert took it)."""
    generated = not customer.customer_number
    for _attempt in range(_NUMBER_ATTEMPTS):
        if generated:
            customer.customer_number = customer_number_next()
        customer.full_clean()
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError as exc:
            if not generated:
                raise Conflict(_("客户号或身份证号已存在"), field="customer_number") from exc
            continue
        return
    raise Conflict(_("无法生成客户号，请重试"), field="customer_number")


def customer_create(*, actor: Any, **fields: Any) -> Customer:
    """Create a customer after full validation; the number is generated when not given.

    Traditional characters and emoji in names are kept exactly as entered.

    Raises:
        ValidationFailed: an unknown field was given.
        django.core.exceptions.ValidationError: a field is invalid (checksum, phone, length,
            control characters, duplicate ID number); ``message_dict`` names each field.
        Conflict: a parallel write took the customer number or ID number.
    """
    values = customer_fields_normalise(fields)
    with transaction.atomic():
        customer = Customer(**values)
        customer_check_consistency(customer, exclude_pk=None)
        _save_new(customer)
        audit_record(
            actor=actor,
            action=AccessAction.CREATE,
            customer_id=customer.pk,
            detail={"fields": sorted(values)},
        )
    return customer


def customer_update(*, actor: Any, customer_id: int, **fields: Any) -> Customer:
    """Change some fields of a customer after full validation.

    A new risk level without a date is dated today.

    Raises:
        NotFound: no customer has this id.
        ValidationFailed: an unknown field was given.
        django.core.exceptions.ValidationError: a field is invalid.
    """
    values = customer_fields_normalise(fields)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
        if customer is None:
            raise NotFound(_("客户不存在"), field="customer_id")
        if "risk_level" in values and values["risk_level"] != customer.risk_level:
            assessed = timezone.localdate() if values["risk_level"] else None
            values.setdefault("risk_assessed_on", assessed)
        changed = sorted(key for key, value in values.items() if getattr(customer, key) != value)
        for key, value in values.items():
            setattr(customer, key, value)
        customer_check_consistency(customer, exclude_pk=customer.pk)
        customer.full_clean()
        if changed:
            update_fields = {key.removesuffix("_id") for key in changed}
            update_fields |= {"birth_date", "risk_assessed_on", "updated_at"}
            try:
                customer.save(update_fields=sorted(update_fields))
            except IntegrityError as exc:
                raise Conflict(_("客户号或身份证号已存在"), field="customer_number") from exc
            audit_record(
                actor=actor,
                action=AccessAction.UPDATE,
                customer_id=customer.pk,
                detail={"fields": changed},
            )
    return customer


def customer_reveal_pii(*, actor: Any, customer_id: int, reason: str) -> dict[str, str]:
    """Return a customer's full ID number, phone and e-mail, audited as ``customer.view_pii``.

    Raises:
        Forbidden: the actor's role lacks customer.view_pii (nothing is logged as a reveal).
        ValidationFailed: the reason is missing or shorter than two characters.
        NotFound: no customer has this id.
    """
    if not user_has_capability(actor, Capability.CUSTOMER_VIEW_PII):
        raise Forbidden(_("您的角色不能查看完整的个人信息"))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationFailed(_("请填写查看原因（至少两个字）"), field="reason")
    customer = Customer.objects.filter(pk=customer_id).only("id_number", "phone", "email").first()
    if customer is None:
        raise NotFound(_("客户不存在"), field="customer_id")
    audit_record(
        actor=actor,
        action=AccessAction.VIEW_PII,
        customer_id=customer.pk,
        reason=reason,
        detail={"fields": ["id_number", "phone", "email"]},
    )
    return {"id_number": customer.id_number, "phone": customer.phone, "email": customer.email}


def _customer_or_404(customer_id: int) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).only("pk").first()
    if customer is None:
        raise NotFound(_("客户不存在"), field="customer_id")
    return customer


def customer_preference_add(
    *, actor: Any, customer_id: int, category: str, text: str
) -> CustomerPreference:
    """Record a habit or wish of the customer, shown to whoever serves them next.

    Raises:
        NotFound: no customer has this id.
        django.core.exceptions.ValidationError: empty, over-long or control characters.
    """
    with transaction.atomic():
        customer = _customer_or_404(customer_id)
        preference = CustomerPreference(
            customer=customer,
            category=(category or "").strip(),
            text=(text or "").strip(),
            recorded_by=actor,
        )
        preference.full_clean()
        preference.save()
    return preference


def customer_preference_deactivate(*, actor: Any, preference_id: int) -> CustomerPreference:
    """Stop showing a preference that no longer holds (kept for history).

    Raises:
        NotFound: no preference has this id.
    """
    with transaction.atomic():
        preference = CustomerPreference.objects.select_for_update().filter(pk=preference_id).first()
        if preference is None:
            raise NotFound(_("偏好不存在"), field="preference_id")
        if preference.is_active:
            preference.is_active = False
            preference.save(update_fields=["is_active", "updated_at"])
    return preference


def customer_life_event_add(
    *,
    actor: Any,
    customer_id: int,
    kind: str,
    occurred_on: dt.date | None = None,
    note: str = "",
) -> LifeEvent:
    """Record a life event (marriage, retirement…) that changes what the customer needs.

    Raises:
        NotFound: no customer has this id.
        django.core.exceptions.ValidationError: unknown kind, future date or over-long note.
    """
    if occurred_on is not None and occurred_on > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"occurred_on": _("日期过远")})
    with transaction.atomic():
        customer = _customer_or_404(customer_id)
        event = LifeEvent(
            customer=customer, kind=kind, occurred_on=occurred_on, note=(note or "").strip()
        )
        event.full_clean()
        event.save()
    return event


def customer_holding_add(
    *,
    actor: Any,
    customer_id: int,
    kind: str,
    product_name: str,
    account_number: str = "",
    amount: Decimal | int | str = 0,
    currency: str = "CNY",
    product_risk_level: str = "",
    opened_on: dt.date | None = None,
    matures_on: dt.date | None = None,
) -> Holding:
    """Record a product the customer holds.

    Raises:
        NotFound: no customer has this id.
        django.core.exceptions.ValidationError: unknown kind, bad amount or dates out of order.
    """
    if opened_on and matures_on and matures_on < opened_on:
        raise ValidationError({"matures_on": _("到期日不能早于开立日期")})
    account = re.sub(r"[\s\-]", "", account_number or "")
    if account and not account.isdigit():
        raise ValidationError({"account_number": _("账号只能包含数字")})
    try:
        value = Decimal(str(amount))
    except InvalidOperation as exc:
        raise ValidationError({"amount": _("金额格式不正确")}) from exc
    if not value.is_finite():
        raise ValidationError({"amount": _("金额格式不正确")})
    with transaction.atomic():
        customer = _customer_or_404(customer_id)
        holding = Holding(
            customer=customer,
            kind=kind,
            product_name=(product_name or "").strip(),
            account_number=account,
            amount=value,
            currency=currency.upper(),
            product_risk_level=product_risk_level,
            opened_on=opened_on,
            matures_on=matures_on,
        )
        holding.full_clean()
        holding.save()
    return holding


def customer_name_grams_refresh(*, customer_ids: Iterable[int] | None = None) -> int:
    """Rewrite the name-search index rows of some customers (all when ids is None).

    Every save() of a customer refreshes its rows (a post_save receiver in signals.py: the
    table is a search index, like a cache); bulk writes that bypass save() — demo and
    benchmark seeding — call this afterwards. Returns the number of index rows written.
    """
    rows = (
        Customer.objects.all()
        if customer_ids is None
        else Customer.objects.filter(pk__in=list(customer_ids))
    )
    written = 0
    with transaction.atomic():
        for chunk in _chunks(rows.values_list("pk", "search_name").iterator(), 2000):
            ids = [pk for pk, _name in chunk]
            CustomerNameGram.objects.filter(customer_id__in=ids).delete()
            grams = [
                CustomerNameGram(customer_id=pk, gram=gram)
                for pk, search_name in chunk
                for gram in sorted(name_grams(search_name))
            ]
            CustomerNameGram.objects.bulk_create(grams, batch_size=2000)
            written += len(grams)
    return written


def _chunks(rows: Iterable[tuple[int, str]], size: int) -> Iterable[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
