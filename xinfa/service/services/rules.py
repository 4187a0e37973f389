"""Checks shared by the service-desk services: free text, capabilities, who may act."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfa.core.dates import date_range_message, is_date_in_range
from xinfa.core.exceptions import Forbidden, ValidationFailed
from xinfa.core.permissions import capability_denied_message
from xinfa.core.roles import Capability, role_has_capability
from xinfa.core.validators import has_control_characters

_WORK_LABELS = {"interaction": gettext_lazy("服务记录"), "ticket": gettext_lazy("排队号")}


def clean_text(value: Any, *, field: str, max_length: int, required: bool = True) -> str:
    """Return stripped free text, refusing non-strings, NUL/control characters and bad lengths.

    Raises:
        ValidationFailed: not a string, empty when required, too long, or control characters.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed(_("必须是文本"), field=field)
    text = value.strip()
    if required and not text:
        raise ValidationFailed(_("不能为空"), field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("最多 %(max)s 个字符（当前 %(length)s 个）")
            % {"max": max_length, "length": len(text)},
            field=field,
        )
    if has_control_characters(text):
        raise ValidationFailed(_("包含控制字符"), field=field)
    return text


def clean_choice(value: Any, *, field: str, choices: Any) -> str:
    """Return `value` if it is one of a TextChoices' values.

    Raises:
        ValidationFailed: the value is not one of the choices.
    """
    if not isinstance(value, str) or value not in choices.values:
        allowed = ", ".join(choices.values)
        raise ValidationFailed(
            _("“%(value)s”不是可选值之一：%(allowed)s") % {"value": value, "allowed": allowed},
            field=field,
        )
    return value


def clean_moment(value: dt.datetime | None, *, field: str) -> dt.datetime:
    """Return an aware datetime: now when None, the current zone's time when naive.

    Raises:
        ValidationFailed: the value is not a datetime.
    """
    if value is None:
        return timezone.now()
    if not isinstance(value, dt.datetime):
        raise ValidationFailed(_("必须是日期和时间"), field=field)
    if not is_date_in_range(value):
        raise ValidationFailed(date_range_message(), field=field)
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


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


def is_supervising(actor: Any) -> bool:
    """Return whether the actor may act on anyone's work (supervisor overview holders)."""
    return role_has_capability(getattr(actor, "role", ""), Capability.SUPERVISOR_OVERVIEW)


def ensure_handler_or_supervisor(actor: Any, handler_id: int | None, *, what: str) -> None:
    """Only the staff member handling a piece of work, or a supervisor, may change it.

    Work nobody handles yet (imported records) is open to anyone with the capability.

    Raises:
        Forbidden: the actor neither handles the work nor supervises.
    """
    if handler_id is None or handler_id == actor.pk or is_supervising(actor):
        return
    raise Forbidden(
        _("只有正在处理该%(what)s的员工或主管可以执行此操作")
        % {"what": _WORK_LABELS.get(what, what)}
    )


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the aware start and end (exclusive) of a local calendar day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


def seconds_between(start: dt.datetime, end: dt.datetime) -> int:
    """Return whole seconds from start to end, never negative."""
    return max(0, int((end - start).total_seconds()))
