from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "xinfa.demo"
    label = "demo"
    verbose_name = "Demo data"
