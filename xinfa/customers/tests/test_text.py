import pytest

from xinfa.customers.text import search_form, to_simplified


@pytest.mark.parametrize(
    ("text", "expected"),
    [("張偉", "张伟"), ("ＺＨＡＮＧ Wei", "zhang wei"), (" 陳小明😀 ", "陈小明😀"), ("", "")],
)
def test_search_form_normalises_script_width_and_case(text, expected) -> None:
    assert search_form(text) == expected


def test_to_simplified_leaves_simplified_alone() -> None:
    assert to_simplified("银行理财") == "银行理财"
