"""Display filters used by the templates."""

from decimal import Decimal

import pytest

from xinfa.web.templatetags.xinfa_ui import duration, label, money


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, "—"),
        ("", "—"),
        ("x", "—"),
        (0, "0秒"),
        (59.6, "1分00秒"),
        (185, "3分05秒"),
        (3600, "1小时00分"),
        (5432, "1小时30分"),
        (-5, "0秒"),
    ],
)
def test_duration(seconds: object, shown: str) -> None:
    assert duration(seconds) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("50000"), "50,000.00"), ("1234.5", "1,234.50"), (0, "0.00"), ("n/a", "n/a")],
)
def test_money(value: object, shown: str) -> None:
    assert money(value) == shown


@pytest.mark.parametrize(
    ("value", "enum", "shown"),
    [
        ("counter", "channel", "柜面"),
        ("gold", "vip", "金卡"),
        ("follow_up", "outcome", "待跟进"),
        ("nope", "channel", "nope"),
        ("", "channel", ""),
        (None, "status", ""),
        ("cash", "unknown-enum", "cash"),
    ],
)
def test_label(value: object, enum: str, shown: str) -> None:
    assert label(value, enum) == shown
