"""Masking of personal data for display, logs and exports.

These helpers take the stored value and return the form any role may see; the full value
is only shown through an audited read (see customers.services.customer_reveal_pii). The
rules are the analysis engine's own (the engine imports no Django, so the one
implementation lives there and is re-exported here).
"""

from xinfa.analysis.engine.components.pii.masking import (
    mask_card_number,
    mask_email,
    mask_id_number,
    mask_phone,
)

__all__ = ["mask_card_number", "mask_email", "mask_id_number", "mask_name", "mask_phone"]


def mask_name(name: str) -> str:
    """Mask a personal name for anonymised output, keeping the family name: 张**."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)
