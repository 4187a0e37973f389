"""Staff, branches and teams."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfa.core.roles import Role, role_has_capability
from xinfa.core.validators import validate_name_characters


class Branch(models.Model):
    code = models.CharField(_("机构号"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100, validators=[validate_name_characters])
    city = models.CharField(_("城市"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("网点")
        verbose_name_plural = _("网点")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(_("名称"), max_length=100, validators=[validate_name_characters])
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="teams")
    supervisor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_teams",
    )

    class Meta:
        verbose_name = _("团队")
        verbose_name_plural = _("团队")
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet["User"]):
    def people(self) -> "UserQuerySet":
        """Active staff who are people: the ones work can be given to or counted for."""
        return self.filter(is_active=True, is_service_account=False)


class StaffManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def people(self) -> UserQuerySet:
        return self.get_queryset().people()


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.AGENT)
    employee_number = models.CharField(_("工号"), max_length=20, blank=True)
    display_name = models.CharField(
        _("姓名"), max_length=50, blank=True, validators=[validate_name_characters]
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    # Accounts that record automated work (the chat bot); never a person to assign or count.
    is_service_account = models.BooleanField(_("系统账号"), default=False)

    objects: ClassVar[StaffManager] = StaffManager()

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = _("员工")

    def __str__(self) -> str:
        return self.display_name or self.username

    def has_capability(self, capability: str) -> bool:
        return self.is_active and role_has_capability(self.role, capability)
