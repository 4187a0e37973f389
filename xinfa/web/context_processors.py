"""Template context shared by every page: the navigation the signed-in role may use."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _

from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import ROLE_CAPABILITIES, Capability, Role

# The live chat pages are for chat staff by role (xinfa.chat.views.CHAT_ROLES), not by capability.
CHAT_STAFF = frozenset({Role.AGENT, Role.SUPERVISOR})

# (url name, label, capability needed or the roles allowed); entries of modules that are not
# installed are skipped.
NAVIGATION: list[tuple[str, Any, str | frozenset[str] | None]] = [
    ("web:home", _("工作台"), None),
    ("web:customer_search", _("客户"), Capability.CUSTOMER_VIEW),
    ("web:queue_board", _("排队看板"), Capability.QUEUE_VIEW),
    ("complaints:list", _("投诉"), Capability.COMPLAINT_VIEW),
    ("quality:list", _("质检"), Capability.INTERACTION_VIEW),
    ("chat:workspace", _("在线客服"), CHAT_STAFF),
    ("web:supervisor_overview", _("主管总览"), Capability.SUPERVISOR_OVERVIEW),
    ("web:access_log", _("访问日志"), Capability.AUDIT_VIEW),
]


def unprefixed_path(request: HttpRequest) -> str:
    """Return the current path and query without a language prefix (/en/customers/ → /customers/).

    set_language translates `next` with the language of its own unprefixed URL (Chinese),
    which cannot resolve an /en/ path, so the switch always posts the neutral path.
    """
    path = request.get_full_path()
    language = get_language_from_path(request.path_info)
    if language and language != settings.LANGUAGE_CODE and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


def _may_open(user: Any, need: str | frozenset[str] | None) -> bool:
    if need is None:
        return True
    if isinstance(need, frozenset):
        return bool(user.is_active) and user.role in need
    return user_has_capability(user, need)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the menu entries the user's role may open, marking the current section."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "caps": frozenset(), "language_next": unprefixed_path(request)}
    home = reverse("web:home")
    items = []
    for name, label, need in NAVIGATION:
        if not _may_open(user, need):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # a module that is not installed in this deployment
            continue
        active = request.path == url if url == home else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {
        "navigation": items,
        # Lets templates show a link only to roles that may follow it: {% if "x.y" in caps %}.
        "caps": ROLE_CAPABILITIES.get(user.role, frozenset()) if user.is_active else frozenset(),
        "language_next": unprefixed_path(request),
    }
