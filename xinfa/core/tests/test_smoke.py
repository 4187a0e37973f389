import pytest

from xinfa.core.masking import mask_id_number, mask_phone
from xinfa.core.validators import has_control_characters, is_valid_id_number


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
