import argparse

import pytest

from xinfa.core.arguments import real_number, whole_number


@pytest.mark.parametrize("value", ["0", "-5", "11", "abc", "1.5", "", "٣", "99999999999999999999"])
def test_whole_number_refuses_with_the_range(value: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="from 1 to 10, got"):
        whole_number(1, 10)(value)


def test_whole_number_accepts_the_bounds() -> None:
    parse = whole_number(1, 10)
    assert (parse("1"), parse(" 10 ")) == (1, 10)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "1001", "x"])
def test_real_number_refuses_non_finite_and_out_of_range(value: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=r"from 0\.01 to 1000"):
        real_number(0.01, 1000)(value)


def test_real_number_accepts_a_fraction() -> None:
    assert real_number(0.01, 1000)("2.5") == 2.5
