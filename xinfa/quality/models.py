"""Rubrics (versioned YAML), inspections with per-rule outcomes, review, overrides, appeals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfa.quality.enums import AppealStatus, RuleOutcomeKind, RunStatus, SampleReason


class Rubric(models.Model):
    slug = models.SlugField(_("标识"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("质检标准")
        verbose_name_plural = _("质检标准")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class RubricVersion(models.Model):
    """One immutable version of a rubric: the canonical YAML the engine loads."""

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("版本"))
    yaml = models.TextField(_("规则 YAML"))
    is_active = models.BooleanField(_("生效中"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("质检标准版本")
        verbose_name_plural = _("质检标准版本")
        ordering = ["rubric", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "version"], name="rubric_version_unique"),
            models.UniqueConstraint(
                fields=["rubric"], condition=models.Q(is_active=True), name="rubric_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rubric.slug} v{self.version}"


class Inspection(models.Model):
    """The engine's verdict on one conversation (live while open, final at close)."""

    interaction = models.ForeignKey(
        "service.Interaction", on_delete=models.CASCADE, related_name="inspections"
    )
    rubric_version = models.ForeignKey(
        RubricVersion, on_delete=models.PROTECT, related_name="inspections"
    )
    # The agent inspected (the interaction's handler at the time), for appeals and trends.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
    )
    engine_score = models.FloatField(_("引擎得分"))
    score = models.FloatField(_("得分"), db_index=True)  # after overrides
    passed = models.BooleanField(_("合格"))
    critical_failures = models.JSONField(_("严重违规"), default=list)
    has_critical = models.BooleanField(_("有严重违规"), default=False, db_index=True)
    result = models.JSONField(_("引擎结果"), default=dict)
    is_final = models.BooleanField(_("结束后质检"), default=True)
    is_hostile = models.BooleanField(_("客户敌对"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("质检结果")
        verbose_name_plural = _("质检结果")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "rubric_version", "is_final"], name="inspection_unique"
            )
        ]
        indexes = [models.Index(fields=["agent", "created_at"])]

    def __str__(self) -> str:
        return f"inspection {self.pk} of #{self.interaction_id}"


class RuleOutcome(models.Model):
    """One rule's effective outcome in an inspection (kept in step with overrides)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="outcomes")
    rule_id = models.CharField(max_length=64)
    outcome = models.CharField(max_length=16, choices=RuleOutcomeKind.choices)
    engine_outcome = models.CharField(max_length=16, choices=RuleOutcomeKind.choices)
    points = models.FloatField()
    weight = models.FloatField()
    critical = models.BooleanField(default=False)
    bonus = models.BooleanField(default=False)
    evidence = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "rule_id"], name="rule_outcome_unique")
        ]
        indexes = [models.Index(fields=["rule_id", "outcome"])]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.outcome}"


class InspectionRun(models.Model):
    """A batch re-run of one rubric version over closed conversations; resumable."""

    rubric_version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    cursor = models.PositiveBigIntegerField(default=0)  # last interaction id handled
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.done}/{self.total})"


class ReviewSample(models.Model):
    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="review_sample"
    )
    reason = models.CharField(_("抽检原因"), max_length=16, choices=SampleReason.choices)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-drawn_at", "-pk"]

    def __str__(self) -> str:
        return f"sample of inspection {self.inspection_id} ({self.reason})"


class RuleOverride(models.Model):
    """An inspector's change of one rule outcome. Never edited, never deleted."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="overrides")
    rule_id = models.CharField(max_length=64)
    from_outcome = models.CharField(max_length=16, choices=RuleOutcomeKind.choices)
    to_outcome = models.CharField(max_length=16, choices=RuleOutcomeKind.choices)
    reason = models.CharField(_("理由"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.from_outcome} -> {self.to_outcome}"


class Appeal(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="appeals")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("申诉理由"), max_length=1000)
    status = models.CharField(
        _("状态"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("处理意见"), max_length=1000, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"], condition=models.Q(status="open"), name="one_open_appeal"
            )
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.status})"
