"""Template context shared by every page: the navigation the signed-in role may use."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import Capability

# (url name, label, capability needed)
NAVIGATION = [
    ("web:home", _("工作台"), None),
    ("web:customer_search", _("客户"), Capability.CUSTOMER_VIEW),
    ("web:queue_board", _("排队看板"), Capability.QUEUE_VIEW),
    ("web:supervisor_overview", _("主管总览"), Capability.SUPERVISOR_OVERVIEW),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [
        {"url": reverse(name), "label": label, "active": request.path == reverse(name)}
        for name, label, capability in NAVIGATION
        if capability is None or user_has_capability(user, capability)
    ]
    return {"navigation": items}
