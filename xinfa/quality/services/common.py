"""Helpers shared by the quality services."""

from typing import Any

from xinfa.core.exceptions import Forbidden
from xinfa.core.permissions import capability_denied_message
from xinfa.core.roles import role_has_capability


def ensure_capability(actor: Any, capability: str) -> None:
    """Refuse an actor that is not an active staff user holding a capability.

    Raises:
        Forbidden: no actor, inactive, or the role lacks the capability.
    """
    if (
        actor is None
        or not getattr(actor, "is_active", False)
        or not role_has_capability(getattr(actor, "role", ""), capability)
    ):
        raise Forbidden(capability_denied_message(capability))
