"""WebSocket routes; each app that serves live updates adds its consumers here."""

from django.urls import URLPattern, path

from xinfa.chat.consumers import AgentChatConsumer, CustomerChatConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/chat/", CustomerChatConsumer.as_asgi()),
    path("ws/agent/", AgentChatConsumer.as_asgi()),
]
