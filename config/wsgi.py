"""WSGI entry point (management tools only; the product is served over ASGI)."""

from config.settings.select import select_settings_module

select_settings_module()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
