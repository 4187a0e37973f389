"""Validators for Chinese identity and contact data, usable from models and imports."""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID18 = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
# C0 controls but tab / newline / return, DEL, and half a UTF-16 surrogate pair (only a JSON
# \u escape makes one; it cannot be stored as UTF-8, so saving it would fail mid-request).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def id_number_check_char(first17: str) -> str:
    """Return the GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def id_number_birth_date(id_number: str) -> dt.date | None:
    """Return the birth date encoded in an 18-digit ID number, or None if it is not a date."""
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def is_valid_id_number(id_number: str) -> bool:
    """Check an 18-digit resident ID number: format, birth date and GB 11643 check digit."""
    value = (id_number or "").strip().upper()
    if not _ID18.match(value):
        return False
    if id_number_birth_date(value) is None:
        return False
    return id_number_check_char(value[:17]) == value[17]


def validate_id_number(value: str) -> None:
    """Django validator for resident ID numbers."""
    if value and not is_valid_id_number(value):
        raise ValidationError(
            _("身份证号码无效：格式、出生日期或校验位不正确。"), code="invalid_id_number"
        )


def normalize_phone(value: str) -> str:
    """Strip spaces, dashes between groups and a +86 prefix from a phone number."""
    phone = re.sub(r"[\s()]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("0086"):
        phone = phone[4:]
    if _MOBILE.match(phone.replace("-", "")):
        return phone.replace("-", "")
    return phone


def validate_phone(value: str) -> None:
    """Django validator for mainland mobile (11 digits) and landline (0xx-xxxxxxx) numbers."""
    if value and not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise ValidationError(
            _("电话号码格式不正确：应为11位手机号或带区号的固定电话。"), code="invalid_phone"
        )


def has_control_characters(text: str) -> bool:
    """True when free text holds NUL, another control character (tabs and newlines are
    fine), DEL, or an unpaired surrogate."""
    return _CONTROL_RE.search(text) is not None


def validate_no_control_characters(value: str) -> None:
    """Refuse NUL and other control characters in free text (tabs and newlines allowed)."""
    if value and has_control_characters(value):
        raise ValidationError(_("文本包含不可见的控制字符。"), code="control_characters")


def has_invisible_format_characters(text: str) -> bool:
    """True when text holds a Unicode format character (category Cf): zero-width spaces and
    joiners, bidi embeddings / overrides / isolates, soft hyphens, byte-order marks."""
    return any(unicodedata.category(char) == "Cf" for char in text)


def validate_name_characters(value: str) -> None:
    """Names of people, branches and products: no control characters, and no invisible
    format characters, which make one name display as another (a right-to-left override)
    or slip past duplicate search (a zero-width space inside 张三)."""
    validate_no_control_characters(value)
    if value and has_invisible_format_characters(value):
        raise ValidationError(
            _("名称包含不可见的格式字符（如零宽字符或文字方向控制符）。"),
            code="invisible_characters",
        )
