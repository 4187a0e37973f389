"""Masking of personal data for display, logs and exports.

These helpers take the stored value and return the form any role may see; the
full value is only shown through an audited read (see compliance.services).
"""

import re

_NON_DIGIT = re.compile(r"\D")


def mask_phone(phone: str) -> str:
    """Mask a phone number, keeping the first three and last four digits: 138****1234."""
    if not phone:
        return ""
    digits = _NON_DIGIT.sub("", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(id_number: str) -> str:
    """Mask a resident ID number, keeping the region code and last four: 110101********1234."""
    if not id_number:
        return ""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return f"{id_number[:6]}{'*' * (len(id_number) - 10)}{id_number[-4:]}"


def mask_card_number(card_number: str) -> str:
    """Mask a bank card number, keeping the first six and last four digits."""
    digits = _NON_DIGIT.sub("", card_number or "")
    if len(digits) < 10:
        return "*" * len(digits)
    return f"{digits[:6]}{'*' * (len(digits) - 10)}{digits[-4:]}"


def mask_email(email: str) -> str:
    """Mask an e-mail address, keeping the first character of the local part and the domain."""
    if not email or "@" not in email:
        return "*" * len(email or "")
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_name(name: str) -> str:
    """Mask a personal name for anonymised output, keeping the family name: 张**."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)
