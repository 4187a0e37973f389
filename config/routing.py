"""WebSocket routes; each app that serves live updates adds its consumers here."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
