from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "xinfa.service"
    label = "service"
    verbose_name = _("服务台")
