"""Customer 360: profile, preferences, life events and holdings."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfa.core.masking import mask_card_number, mask_email, mask_id_number, mask_phone
from xinfa.core.models import TimeStampedModel
from xinfa.core.validators import (
    validate_id_number,
    validate_name_characters,
    validate_no_control_characters,
    validate_phone,
)
from xinfa.customers.enums import (
    AgeBand,
    CustomerKind,
    HoldingKind,
    Language,
    LifeEventKind,
    RiskLevel,
    VipTier,
)
from xinfa.customers.text import search_form

ELDERLY_AGE = 60


def age_on(birth_date: dt.date, today: dt.date) -> int:
    """Return the age in whole years on a given day."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def age_band_for(age: int | None) -> str:
    """Map an age to the band used for service segmentation."""
    if age is None:
        return AgeBand.UNKNOWN
    if age < 18:
        return AgeBand.YOUTH
    if age <= 35:
        return AgeBand.YOUNG
    if age < ELDERLY_AGE:
        return AgeBand.MIDDLE
    if age < 75:
        return AgeBand.SENIOR
    return AgeBand.ELDERLY


class Customer(TimeStampedModel):
    customer_number = models.CharField(_("客户号"), max_length=20, unique=True)
    kind = models.CharField(
        _("客户类型"), max_length=12, choices=CustomerKind.choices, default=CustomerKind.INDIVIDUAL
    )
    name = models.CharField(
        _("姓名/名称"), max_length=100, db_index=True, validators=[validate_name_characters]
    )
    # Simplified, case-folded copy of the name so Traditional and Simplified searches meet.
    search_name = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    id_number = models.CharField(
        _("身份证号"), max_length=18, blank=True, validators=[validate_id_number]
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    # Prefix and last four digits let staff search by a masked number without the full one.
    phone_prefix = models.CharField(max_length=3, blank=True, editable=False)
    phone_last4 = models.CharField(max_length=4, blank=True, editable=False, db_index=True)
    email = models.EmailField(_("邮箱"), blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    gender = models.CharField(
        _("性别"), max_length=1, blank=True, choices=[("M", _("男")), ("F", _("女"))]
    )
    accessibility_needs = models.JSONField(_("无障碍需求"), default=list, blank=True)
    vip_tier = models.CharField(
        _("VIP等级"), max_length=12, choices=VipTier.choices, default=VipTier.NONE
    )
    risk_level = models.CharField(
        _("风险承受能力"), max_length=2, choices=RiskLevel.choices, blank=True
    )
    risk_assessed_on = models.DateField(_("风险测评日期"), null=True, blank=True)
    preferred_channel = models.CharField(_("偏好渠道"), max_length=20, blank=True)
    language = models.CharField(
        _("语言/方言"), max_length=16, choices=Language.choices, default=Language.MANDARIN
    )
    assigned_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_customers",
        verbose_name=_("客户经理"),
    )
    home_branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("开户网点"),
    )
    consent_marketing = models.BooleanField(_("同意营销联系"), default=False)
    consent_data_sharing = models.BooleanField(_("同意数据共享"), default=False)
    consent_recording = models.BooleanField(_("同意录音录像"), default=True)
    notes = models.TextField(_("备注"), blank=True, validators=[validate_no_control_characters])

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        indexes = [models.Index(fields=["phone_prefix", "phone_last4"])]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~models.Q(id_number=""),
                name="customer_unique_id_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer_number})"

    def save(self, *args: object, **kwargs: object) -> None:
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        self.phone_prefix = digits[:3] if len(digits) >= 7 else ""
        self.phone_last4 = digits[-4:] if len(digits) >= 7 else ""
        self.search_name = search_form(self.name)[:100]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "phone_prefix", "phone_last4"}  # type: ignore[misc]
        if update_fields is not None and "name" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def age(self) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, timezone.localdate())

    @property
    def age_band(self) -> str:
        return age_band_for(self.age)

    @property
    def is_elderly(self) -> bool:
        age = self.age
        return age is not None and age >= ELDERLY_AGE

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_email(self) -> str:
        return mask_email(self.email)


class CustomerPreference(TimeStampedModel):
    """A habit or wish the customer expressed, shown to whoever serves them next."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="preferences")
    category = models.CharField(_("类别"), max_length=30)
    text = models.CharField(_("内容"), max_length=300, validators=[validate_no_control_characters])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("客户偏好")
        verbose_name_plural = _("客户偏好")
        ordering = ["-created_at"]


class LifeEvent(TimeStampedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="life_events")
    kind = models.CharField(_("事件"), max_length=20, choices=LifeEventKind.choices)
    occurred_on = models.DateField(_("日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("人生事件")
        verbose_name_plural = _("人生事件")
        ordering = ["-occurred_on"]


class Holding(TimeStampedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="holdings")
    kind = models.CharField(_("产品类型"), max_length=20, choices=HoldingKind.choices)
    product_name = models.CharField(
        _("产品"), max_length=100, validators=[validate_name_characters]
    )
    account_number = models.CharField(_("账号/卡号"), max_length=32, blank=True)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2, default=0)
    currency = models.CharField(_("币种"), max_length=3, default="CNY")
    product_risk_level = models.CharField(
        _("产品风险等级"),
        max_length=2,
        blank=True,
        choices=[(f"R{i}", f"R{i}") for i in range(1, 6)],
    )
    opened_on = models.DateField(_("开立日期"), null=True, blank=True)
    matures_on = models.DateField(_("到期日"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("持有产品")
        verbose_name_plural = _("持有产品")
        ordering = ["kind", "-opened_on"]

    @property
    def masked_account_number(self) -> str:
        return mask_card_number(self.account_number)


class CustomerNameGram(models.Model):
    """A two-character piece of a customer's search name: the index behind name search.

    Chinese names are short and queries are usually two characters, which trigram indexes
    cannot serve; an index on (gram, customer) answers them on SQLite and PostgreSQL alike.
    Rows are written by `customers.services.customer_name_grams_refresh`, never by save().
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="name_grams")
    gram = models.CharField(max_length=2)

    class Meta:
        indexes = [models.Index(fields=["gram", "customer"])]
        constraints = [
            models.UniqueConstraint(fields=["customer", "gram"], name="customer_name_gram")
        ]

    def __str__(self) -> str:
        return self.gram
