"""The append-only access log: every read of customer data and every export."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "customer.view", _("查看客户")
    VIEW_PII = "customer.view_pii", _("查看完整敏感信息")
    SEARCH = "customer.search", _("搜索客户")
    EXPORT = "customer.export", _("导出")
    IMPORT = "customer.import", _("导入")
    CREATE = "customer.create", _("新建客户")
    UPDATE = "customer.update", _("修改客户")
    INTERACTION_VIEW = "interaction.view", _("查看服务记录")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access-log row."""


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")


class AccessLog(models.Model):
    """Who read which customer's data, when, and why. Rows are never changed."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_logs"
    )
    action = models.CharField(_("动作"), max_length=40, choices=AccessAction.choices)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
    )
    interaction_id = models.BigIntegerField(_("关联服务"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("访问日志")
        verbose_name_plural = _("访问日志")
        ordering = ["-at"]
        indexes = [models.Index(fields=["actor", "at"]), models.Index(fields=["customer", "at"])]

    def __str__(self) -> str:
        when = self.at.strftime("%Y-%m-%d %H:%M") if self.at else ""
        return f"{when} {self.action} #{self.customer_id or '-'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log is append-only")
