"""Strip a complaint's text of names and personal numbers before it becomes a case."""

import re
from collections.abc import Iterable

from xinfa.analysis.engine.components.pii import mask_pii

# Digit runs left after PII masking (account fragments, order numbers) are hidden too:
# a reader of the case library never needs them.
_LONG_DIGITS = re.compile(r"\d{6,}")
_HONORIFICS = ("先生", "女士", "小姐", "阿姨", "大爷", "老师", "总", "经理")


def _name_forms(name: str) -> list[str]:
    """The name and the honorific forms staff use in notes (张伟先生, 张先生)."""
    name = name.strip()
    if len(name) < 2:
        return []
    return [name, *(prefix + honorific for prefix in (name, name[0]) for honorific in _HONORIFICS)]


def anonymise_text(
    text: str, *, customer_names: Iterable[str], staff_names: Iterable[str] = ()
) -> str:
    """Replace customer and staff names and every personal number in `text`."""
    result = mask_pii(text or "")
    replacements = [(form, "某客户") for name in customer_names for form in _name_forms(name)]
    replacements += [(form, "某员工") for name in staff_names for form in _name_forms(name)]
    for form, placeholder in sorted(replacements, key=lambda pair: len(pair[0]), reverse=True):
        result = result.replace(form, placeholder)
    return _LONG_DIGITS.sub(lambda match: "*" * len(match.group()), result)
