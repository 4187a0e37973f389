import datetime as dt
import random

import pytest

from xinfa.core.validators import is_valid_id_number, validate_phone
from xinfa.customers.models import age_on
from xinfa.demo.generator import identity


def test_id_number_passes_gb11643_and_encodes_birth_date_and_gender() -> None:
    rng = random.Random(1)
    birth = dt.date(1948, 2, 29)
    for gender in ("M", "F"):
        number = identity.id_number(rng, region="510107", birth_date=birth, gender=gender)
        assert is_valid_id_number(number)
        assert number[:14] == "51010719480229"
        assert int(number[16]) % 2 == (1 if gender == "M" else 0)


def test_id_number_check_char_known_value() -> None:
    # 11010519491231002X is the textbook GB 11643 example.
    number = identity.id_number(
        random.Random(0), region="110105", birth_date=dt.date(1949, 12, 31), gender="F"
    )
    assert is_valid_id_number(number)
    assert is_valid_id_number("11010519491231002X")


@pytest.mark.parametrize(
    ("number", "valid"),
    [("4111111111111111", True), ("79927398713", True), ("79927398710", False), ("12a4", False)],
)
def test_is_luhn_valid_known_numbers(number: str, valid: bool) -> None:
    assert identity.is_luhn_valid(number) is valid


def test_card_number_has_bin_length_and_luhn() -> None:
    rng = random.Random(3)
    for _ in range(50):
        card = identity.card_number(rng, bin_prefix=identity.DEBIT_CARD_BIN, length=19)
        assert card.startswith("621788")
        assert len(card) == 19
        assert identity.is_luhn_valid(card)


def test_credit_code_check_char_matches_standard_example() -> None:
    assert identity.credit_code_check_char("91350100M000100Y4") == "3"


def test_credit_code_is_18_chars_with_valid_check() -> None:
    code = identity.credit_code(random.Random(7), region="440106")
    assert len(code) == 18
    assert code.startswith("91440106")
    assert identity.credit_code_check_char(code[:17]) == code[17]


def test_phone_numbers_pass_the_product_validator() -> None:
    rng = random.Random(5)
    validate_phone(identity.mobile_number(rng))
    landline = identity.landline_number(rng, city="成都")
    validate_phone(landline)
    assert landline.startswith("028-")


@pytest.mark.parametrize("age", [0, 17, 35, 60, 75, 92])
def test_birth_date_for_age_gives_exact_age(age: int) -> None:
    today = dt.date(2026, 3, 1)
    birth = identity.birth_date_for_age(random.Random(age), age=age, today=today)
    assert age_on(birth, today) == age


def test_polite_address_uses_age_and_gender() -> None:
    assert identity.polite_address("王秀英", gender="F", age=80) == "王阿姨"
    assert identity.polite_address("赵建国", gender="M", age=70) == "赵大爷"
    assert identity.polite_address("李浩然", gender="M", age=30) == "李先生"
    assert identity.polite_address("陈静", gender="F", age=40) == "陈女士"
