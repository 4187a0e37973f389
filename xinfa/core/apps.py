from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "xinfa.core"
    label = "core"

    def ready(self) -> None:
        from xinfa.core.converters import RowIdConverter

        # Before any URLconf is loaded, so every app's urls.py can write <id:...>.
        register_converter(RowIdConverter, "id")
