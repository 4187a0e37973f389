from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xinfa.core"
    label = "core"
