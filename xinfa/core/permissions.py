"""Capability checks for DRF endpoints and server-rendered views."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from xinfa.core.roles import Capability, role_has_capability

if TYPE_CHECKING:
    from xinfa.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is signed in (for typing only)."""

    user: "User"


def capability_denied_message(capability: str) -> str:
    """The reason a refused user is shown: which permission their role lacks, by its label."""
    try:
        label = str(Capability(capability).label)
    except ValueError:
        label = capability
    return _("您的角色没有“%(capability)s”权限") % {"capability": label}


def user_has_capability(user: Any, capability: str) -> bool:
    """Return whether an authenticated, active staff user holds a capability."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return role_has_capability(getattr(user, "role", ""), capability)


def require(capability: str) -> type[BasePermission]:
    """Build a DRF permission class that demands one capability."""

    class HasCapability(BasePermission):
        @property
        def message(self) -> str:  # in the request's language, so not fixed at import
            return capability_denied_message(capability)

        def has_permission(self, request: Request, view: APIView) -> bool:
            return user_has_capability(request.user, capability)

    HasCapability.__name__ = f"Has_{capability.replace('.', '_')}"
    return HasCapability


def capability_required(
    capability: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view so that it needs sign-in and one capability (403 otherwise)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_has_capability(request.user, capability):
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator
