"""Complaints: the case, its immutable transitions, clocks, remedies, follow-ups, cases."""

from typing import Any, NoReturn

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfa.complaints.enums import (
    AlertLevel,
    ClockBasis,
    ClockKind,
    ComplaintCategory,
    ComplaintStatus,
    RemedyKind,
    RootCause,
    Severity,
)
from xinfa.core.models import TimeStampedModel
from xinfa.core.validators import validate_no_control_characters
from xinfa.service.enums import Channel

TEXT = [validate_no_control_characters]


class Complaint(TimeStampedModel):
    number = models.CharField(_("投诉编号"), max_length=20, unique=True)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="complaints"
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    interaction = models.ForeignKey(
        "service.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("关联服务记录"),
    )
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    occurred_at = models.DateTimeField(_("发生时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True, validators=TEXT)
    staff_involved = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="complaints_involved_in",
        verbose_name=_("涉及员工"),
    )
    description = models.TextField(_("事件经过"), max_length=5000, validators=TEXT)
    customer_request = models.TextField(_("客户诉求"), max_length=2000, blank=True, validators=TEXT)
    category = models.CharField(_("类别"), max_length=20, choices=ComplaintCategory.choices)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    amount_in_dispute = models.DecimalField(
        _("争议金额"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    suggested_category = models.CharField(max_length=20, blank=True)
    suggested_severity = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.ACCEPTED,
        db_index=True,
    )
    escalation_level = models.PositiveSmallIntegerField(_("升级层级"), default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_complaints",
        verbose_name=_("负责人"),
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investigated_complaints",
        verbose_name=_("调查人"),
    )
    accepted_at = models.DateTimeField(_("受理时间"))
    first_contact_at = models.DateTimeField(_("首次联系时间"), null=True, blank=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    root_cause = models.CharField(
        _("根本原因"), max_length=30, choices=RootCause.choices, blank=True
    )
    responsible_department = models.CharField(_("责任部门"), max_length=100, blank=True)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任人"),
    )
    findings = models.TextField(_("调查结论"), max_length=5000, blank=True, validators=TEXT)
    decision = models.TextField(_("处理决定"), max_length=5000, blank=True, validators=TEXT)
    decision_letter = models.TextField(_("答复函"), blank=True)
    # Identifier in the source file; imports use it so re-importing creates no duplicates.
    external_ref = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-accepted_at"]
        indexes = [models.Index(fields=["customer", "-accepted_at"])]

    def __str__(self) -> str:
        return self.number


class ImmutableRowError(Exception):
    """Raised on any attempt to change a recorded transition."""


class ComplaintTransition(models.Model):
    """One step of the workflow: who moved the complaint from where to where, and why."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ComplaintStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_status} → {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableRowError("complaint transitions cannot be edited")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableRowError("complaint transitions cannot be deleted")


class ComplaintClock(models.Model):
    """A deadline on a complaint; pauses and extensions are kept beside it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    basis = models.CharField(max_length=10, choices=ClockBasis.choices)
    started_at = models.DateTimeField()
    budget_hours = models.PositiveIntegerField()
    due_at = models.DateTimeField(null=True, blank=True)  # None while paused
    met_at = models.DateTimeField(null=True, blank=True)
    is_met_on_time = models.BooleanField(null=True)
    near_breach_alerted = models.BooleanField(default=False)
    breach_alerted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind"], name="one_clock_per_kind")
        ]

    def __str__(self) -> str:
        return str(f"{self.complaint_id} {self.kind}")


class ClockPause(models.Model):
    clock = models.ForeignKey(ComplaintClock, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return str(f"pause {self.started_at:%Y-%m-%d %H:%M}")


class ClockExtension(models.Model):
    clock = models.ForeignKey(ComplaintClock, on_delete=models.CASCADE, related_name="extensions")
    extra_days = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(f"+{self.extra_days}d")


class ClockAlert(models.Model):
    clock = models.ForeignKey(ComplaintClock, on_delete=models.CASCADE, related_name="alerts")
    level = models.CharField(max_length=12, choices=AlertLevel.choices)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="complaint_alerts")
    at = models.DateTimeField(auto_now_add=True)
    is_acknowledged = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clock", "level"], name="one_alert_per_level")
        ]

    def __str__(self) -> str:
        return str(f"{self.clock} {self.level}")


class PublicHoliday(models.Model):
    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        verbose_name = _("法定节假日")
        verbose_name_plural = _("法定节假日")
        ordering = ["date"]

    def __str__(self) -> str:
        return str(f"{self.date} {self.name}")


class Remedy(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(_("补救方式"), max_length=20, choices=RemedyKind.choices)
    amount = models.DecimalField(
        _("金额"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    note = models.CharField(_("说明"), max_length=500, blank=True, validators=TEXT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.get_kind_display())


class FollowUp(models.Model):
    """The 回访: scheduled after the response, records satisfaction and retention."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="follow_ups")
    scheduled_for = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    will_stay = models.BooleanField(null=True)
    note = models.CharField(max_length=1000, blank=True, validators=TEXT)

    class Meta:
        ordering = ["scheduled_for"]

    def __str__(self) -> str:
        return str(f"follow-up {self.scheduled_for:%Y-%m-%d}")


class ComplaintCase(TimeStampedModel):
    """An anonymised lesson from a closed complaint, for the case library and training."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.SET_NULL, null=True, blank=True, related_name="case"
    )
    title = models.CharField(_("标题"), max_length=200, validators=TEXT)
    category = models.CharField(_("类别"), max_length=20, choices=ComplaintCategory.choices)
    root_cause = models.CharField(
        _("根本原因"), max_length=30, choices=RootCause.choices, blank=True
    )
    summary = models.TextField(_("经过（已脱敏）"), validators=TEXT)
    what_went_wrong = models.TextField(_("问题所在"), validators=TEXT)
    what_worked = models.TextField(_("有效做法"), blank=True, validators=TEXT)
    lesson = models.TextField(_("经验教训"), validators=TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("案例")
        verbose_name_plural = _("案例")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.title)
