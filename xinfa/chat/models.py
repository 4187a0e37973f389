"""Chat-only records beside the service desk: sessions, phone codes, presence, routing,
whispers, attachments and surveys. Turns themselves are `service.Message` rows."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfa.chat.enums import (
    DecisionKind,
    IdentityMethod,
    PresenceStatus,
    SessionState,
    Skill,
)
from xinfa.core.validators import validate_no_control_characters


class ChatSession(models.Model):
    """One customer chat: who they are, where it waits, who serves it."""

    interaction = models.OneToOneField(
        "service.Interaction", on_delete=models.PROTECT, related_name="chat_session"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chat_sessions",
    )
    # SHA-256 of the random session token; the token itself is shown once and never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    identity_method = models.CharField(max_length=10, choices=IdentityMethod.choices)
    masked_phone = models.CharField(max_length=20, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=SessionState.choices, default=SessionState.BOT
    )
    queue = models.CharField(_("队列"), max_length=20, choices=Skill.choices, blank=True)
    language = models.CharField(_("语言"), max_length=20, default="zh-hans")
    priority = models.PositiveSmallIntegerField(_("优先级"), default=0)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chat_sessions",
    )
    bot_failures = models.PositiveSmallIntegerField(default=0)
    handoff_reason = models.CharField(max_length=40, blank=True)
    customer_delivered_sequence = models.PositiveIntegerField(default=0)
    customer_read_sequence = models.PositiveIntegerField(default=0)
    agent_read_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("在线会话")
        verbose_name_plural = _("在线会话")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "queue", "-priority", "queued_at"]),
            models.Index(fields=["agent", "state"]),
        ]

    def __str__(self) -> str:
        return f"chat #{self.pk} ({self.state})"


class PhoneVerification(models.Model):
    """A one-time code sent by SMS; only hashes of the phone and the code are kept."""

    public_id = models.CharField(max_length=32, unique=True)
    phone_digest = models.CharField(max_length=64, db_index=True)
    masked_phone = models.CharField(max_length=20)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"verification {self.masked_phone}"


class AgentPresence(models.Model):
    """Whether a staff member takes chats now, in which skills and languages, how many."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=PresenceStatus.choices, default=PresenceStatus.OFFLINE
    )
    skills = models.JSONField(_("技能"), default=list, blank=True)
    languages = models.JSONField(_("语言"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("同时接待上限"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("坐席在线状态")
        verbose_name_plural = _("坐席在线状态")

    def __str__(self) -> str:
        return f"{self.user} {self.status}"


class RoutingDecision(models.Model):
    """Why a chat went to a queue or an agent; never edited."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=12, choices=DecisionKind.choices)
    queue = models.CharField(max_length=20, choices=Skill.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300)
    position = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.session_id} {self.kind} {self.queue}"


class ChatWhisper(models.Model):
    """A supervisor's note to the agent inside a live chat; the customer never sees it."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="whispers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000, validators=[validate_no_control_characters])
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"whisper #{self.session_id}.{self.pk}"


def attachment_path(instance: "ChatAttachment", filename: str) -> str:
    return f"chat/{instance.session_id}/{instance.sha256}.{instance.extension}"


class ChatAttachment(models.Model):
    """An image the customer sent; the turn that carries it is a service message."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="attachments")
    message = models.OneToOneField(
        "service.Message", on_delete=models.CASCADE, related_name="chat_attachment"
    )
    file = models.FileField(upload_to=attachment_path)
    content_type = models.CharField(max_length=20)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.content_type} #{self.session_id}"


class ChatSurvey(models.Model):
    """The customer's satisfaction with one chat (CSAT 1–5)."""

    interaction = models.OneToOneField(
        "service.Interaction", on_delete=models.CASCADE, related_name="chat_survey"
    )
    session = models.OneToOneField(ChatSession, on_delete=models.CASCADE, related_name="survey")
    score = models.PositiveSmallIntegerField(
        _("满意度"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(
        _("意见"), max_length=500, blank=True, validators=[validate_no_control_characters]
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会话满意度")
        verbose_name_plural = _("会话满意度")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="chat_survey_score_range"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.interaction_id} {self.score}"
