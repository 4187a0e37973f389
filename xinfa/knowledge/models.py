"""FAQ entries and standard scripts, by audience."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfa.knowledge.enums import Audience, ScriptKind


class FaqEntry(models.Model):
    question = models.CharField(_("问题"), max_length=300)
    answer = models.TextField(_("答案"), max_length=3000)
    audience = models.CharField(
        _("适用客群"), max_length=16, choices=Audience.choices, default=Audience.GENERAL
    )
    category = models.CharField(_("分类"), max_length=40)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["category", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "audience"], name="faq_question_unique")
        ]

    def __str__(self) -> str:
        return self.question


class Script(models.Model):
    kind = models.CharField(_("类型"), max_length=16, choices=ScriptKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"), max_length=3000)
    audience = models.CharField(
        _("适用客群"), max_length=16, choices=Audience.choices, default=Audience.GENERAL
    )
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("标准话术")
        verbose_name_plural = _("标准话术")
        ordering = ["kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "title"], name="script_unique")]

    def __str__(self) -> str:
        return self.title
