"""Celery application: a worker in the scaled deployment, eager in-process when embedded."""

from celery import Celery

from config.settings.select import select_settings_module

select_settings_module()

app = Celery("xinfa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
