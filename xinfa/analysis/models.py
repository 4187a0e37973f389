"""Stored results of the turn pipeline, beside the message they describe."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageAnalysis(models.Model):
    """The pipeline annotations of one message and the component versions that made them.

    Annotations hold offsets, labels, probabilities and masked PII only; the raw text stays
    in the message itself.
    """

    message = models.OneToOneField(
        "service.Message", on_delete=models.CASCADE, related_name="analysis"
    )
    annotations = models.JSONField(_("分析结果"), default=dict)
    # {annotation name: component key with version}, so an audit can re-run exactly this.
    provenance = models.JSONField(_("组件版本"), default=dict)
    analysed_at = models.DateTimeField(_("分析时间"))

    class Meta:
        verbose_name = _("消息分析")
        verbose_name_plural = _("消息分析")

    def __str__(self) -> str:
        return f"analysis of message {self.message_id}"
