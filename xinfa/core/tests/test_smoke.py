import pytest
from django.core.exceptions import ValidationError

from xinfa.core.masking import mask_id_number, mask_phone
from xinfa.core.validators import (
    has_control_characters,
    is_valid_id_number,
    validate_name_characters,
)


def test_mask_phone_keeps_prefix_and_last_four() -> None:
    assert mask_phone("13812341234") == "138****1234"


def test_mask_id_number_keeps_region_and_last_four() -> None:
    assert mask_id_number("11010119900307803X") == "110101********803X"


def test_is_valid_id_number_checks_gb11643_digit() -> None:
    assert is_valid_id_number("11010519491231002X")
    assert not is_valid_id_number("110105194912310021")


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("转账\t失败\r\n请处理", False),
        ("表情😀和繁體", False),
        ("nul\x00", True),
        ("bell\x07", True),
        ("delete\x7f", True),
        ("half a pair\ud800", True),
    ],
)
def test_has_control_characters(text: str, refused: bool) -> None:
    assert has_control_characters(text) is refused


@pytest.mark.parametrize(
    "name",
    [
        "张伟",
        "張偉",
        "阿依古丽·买买提",
        "O'Brien Ltd.",
        "上海 星辰贸易有限公司",
        "李娜（对公）",
        "",
    ],
)
def test_validate_name_characters_accepts_real_names(name: str) -> None:
    validate_name_characters(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("张\u200b伟", "invisible_characters"),  # zero-width space: 张伟 twice in search
        ("\u202e伟张", "invisible_characters"),  # right-to-left override: displays as 张伟
        ("张伟\u2066", "invisible_characters"),  # bidi isolate
        ("\ufeff张伟", "invisible_characters"),  # byte-order mark pasted from a file
        ("张\u00ad伟", "invisible_characters"),  # soft hyphen
        ("张\u200d伟", "invisible_characters"),  # zero-width joiner
        ("张\x00伟", "control_characters"),
    ],
)
def test_validate_name_characters_refuses_invisible_characters(name: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_name_characters(name)
    assert caught.value.code == code
