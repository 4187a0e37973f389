"""WebSocket routes; each app that serves live updates adds its consumers here."""

from typing import TYPE_CHECKING, cast

from channels.consumer import AsyncConsumer
from django.urls import path

from xinfa.chat.consumers import AgentChatConsumer, CustomerChatConsumer

if TYPE_CHECKING:
    from channels.routing import URLRouter, _ExtendedURLPattern


def websocket_path(route: str, consumer: type[AsyncConsumer]) -> "_ExtendedURLPattern":
    """`path()` for a consumer, as Channels routes them."""
    # django-stubs type `path()` for HTTP views only, not for ASGI applications.
    pattern = path(route, consumer.as_asgi())  # type: ignore[arg-type]
    return cast("_ExtendedURLPattern", pattern)


websocket_urlpatterns: "list[_ExtendedURLPattern | URLRouter]" = [
    websocket_path("ws/chat/", CustomerChatConsumer),
    websocket_path("ws/agent/", AgentChatConsumer),
]
