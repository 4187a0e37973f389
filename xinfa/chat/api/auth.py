"""Customer authentication for the chat API: `Authorization: Chat <session token>`."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from xinfa.chat.models import ChatSession
from xinfa.chat.services import chat_session_for_token
from xinfa.core.exceptions import Forbidden

KEYWORD = b"chat"


class ChatSessionAuthentication(BaseAuthentication):
    """Authenticate a customer by the session token; request.auth is the ChatSession."""

    def authenticate(self, request: Request) -> tuple[Any, ChatSession] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Authorization: Chat <token>")
        try:
            session = chat_session_for_token(parts[1].decode("ascii", "replace"))
        except Forbidden as exc:
            raise exceptions.AuthenticationFailed(exc.message) from exc
        return AnonymousUser(), session

    def authenticate_header(self, request: Request) -> str:
        return "Chat"


class IsChatCustomer(BasePermission):
    """A request carrying a valid chat session token."""

    message = "a chat session token is required"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, ChatSession)


def own_session(request: Request, session_id: int) -> ChatSession:
    """Return the caller's session, refusing any other id (one token opens one chat).

    Raises:
        Forbidden: the id is not the caller's chat.
    """
    session = request.auth
    if not isinstance(session, ChatSession) or session.pk != session_id:
        raise Forbidden(_("这不是您的会话"), field="session_id")
    return session


class ChatSessionAuthenticationScheme(OpenApiAuthenticationExtension):
    """Describe `Authorization: Chat <token>` in the OpenAPI schema."""

    target_class = "xinfa.chat.api.auth.ChatSessionAuthentication"
    name = "chatSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Chat <session token>",
        }
