"""Masking of personal data: the one implementation, also used by the Django apps.

`xinfa.core.masking` re-exports these functions (the engine imports no Django app, so the
dependency points from core to the engine, never back).
"""

import re

_NON_DIGIT = re.compile(r"\D")


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: 138****1234."""
    digits = _NON_DIGIT.sub("", phone or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(id_number: str) -> str:
    """Keep the region code and the last four characters: 110101********1234."""
    if not id_number:
        return ""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return f"{id_number[:6]}{'*' * (len(id_number) - 10)}{id_number[-4:]}"


def mask_card_number(card_number: str) -> str:
    """Keep the first six and the last four digits."""
    digits = _NON_DIGIT.sub("", card_number or "")
    if len(digits) < 10:
        return "*" * len(digits)
    return f"{digits[:6]}{'*' * (len(digits) - 10)}{digits[-4:]}"


def mask_email(email: str) -> str:
    """Keep the first character of the local part and the domain: a***@x.com."""
    if not email or "@" not in email:
        return "*" * len(email or "")
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"
