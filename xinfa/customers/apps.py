from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "xinfa.customers"
    label = "customers"
    verbose_name = _("客户")

    def ready(self) -> None:
        from xinfa.customers import signals  # noqa: F401  (connects the search-index receiver)
