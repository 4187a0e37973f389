"""Interactions across channels, their messages and service log, and the lobby queue."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfa.core.models import TimeStampedModel
from xinfa.core.validators import validate_no_control_characters
from xinfa.service.enums import (
    Channel,
    EventKind,
    InteractionKind,
    InteractionStatus,
    Outcome,
    ServiceType,
    Speaker,
    TicketStatus,
    TriageTarget,
)

MAX_MESSAGE_LENGTH = 5000


class Interaction(TimeStampedModel):
    """One contact: a visit, a call, a chat or an e-mail thread."""

    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("客户"),
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("类型"), max_length=10, choices=InteractionKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=InteractionStatus.choices, default=InteractionStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_interactions",
        verbose_name=_("经办人"),
    )
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    subject = models.CharField(
        _("主题"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    started_at = models.DateTimeField(_("开始时间"), db_index=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices, blank=True)
    handle_seconds = models.PositiveIntegerField(_("处理时长（秒）"), null=True, blank=True)
    # Identifier in the source system; imports use it so re-importing creates no duplicates.
    external_ref = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["customer", "-started_at"]),
            models.Index(fields=["handled_by", "-started_at"]),
            models.Index(fields=["status", "-started_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()}"


class Message(models.Model):
    """One turn of a conversation."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="messages")
    sequence = models.PositiveIntegerField(_("序号"))
    speaker = models.CharField(_("发言方"), max_length=10, choices=Speaker.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(
        _("内容"), max_length=MAX_MESSAGE_LENGTH, validators=[validate_no_control_characters]
    )
    sent_at = models.DateTimeField(_("时间"))
    # Set by chat clients so a resent message is recognised, not stored twice.
    client_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULL = none

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["interaction", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["interaction", "sequence"], name="message_sequence"),
            models.UniqueConstraint(
                fields=["interaction", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="message_client_id",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.interaction_id}.{self.sequence} {self.speaker}"


class ServiceLogEntry(TimeStampedModel):
    """Need → process → result, as the staff member recorded it."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="service_log"
    )
    need = models.CharField(
        _("客户需求"), max_length=500, validators=[validate_no_control_characters]
    )
    process = models.TextField(
        _("处理过程"), max_length=2000, blank=True, validators=[validate_no_control_characters]
    )
    result = models.CharField(
        _("处理结果"), max_length=500, blank=True, validators=[validate_no_control_characters]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("服务日志")
        verbose_name_plural = _("服务日志")
        ordering = ["created_at"]


class InteractionEvent(models.Model):
    """History of an interaction: opened, transferred, escalated, closed. Never edited."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        # The supervisor overview counts escalations per day.
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"#{self.interaction_id} {self.kind}"


class Counter(models.Model):
    branch = models.ForeignKey("accounts.Branch", on_delete=models.CASCADE, related_name="counters")
    code = models.CharField(_("窗口"), max_length=20)
    service_types = models.JSONField(_("可办理业务"), default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        constraints = [models.UniqueConstraint(fields=["branch", "code"], name="counter_code")]

    def __str__(self) -> str:
        return self.code


class QueueTicket(models.Model):
    """A lobby queue number: issued, called to a counter, served, or triaged elsewhere."""

    branch = models.ForeignKey("accounts.Branch", on_delete=models.PROTECT, related_name="tickets")
    number = models.CharField(_("号码"), max_length=10)
    service_type = models.CharField(_("业务类型"), max_length=12, choices=ServiceType.choices)
    business_date = models.DateField(db_index=True)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    is_priority = models.BooleanField(_("优先"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    issued_at = models.DateTimeField(_("取号时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    counter = models.ForeignKey(Counter, on_delete=models.SET_NULL, null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    wait_seconds = models.PositiveIntegerField(_("等候时长（秒）"), null=True, blank=True)
    handle_seconds = models.PositiveIntegerField(_("办理时长（秒）"), null=True, blank=True)
    triage_target = models.CharField(
        _("分流去向"), max_length=14, choices=TriageTarget.choices, blank=True
    )
    triage_reason = models.CharField(_("分流原因"), max_length=300, blank=True)
    interaction = models.OneToOneField(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "business_date", "number"], name="ticket_number_per_day"
            )
        ]
        indexes = [models.Index(fields=["branch", "business_date", "status"])]

    def __str__(self) -> str:
        return self.number
