"""Synthetic but well-formed Chinese identity data: names, ID numbers, phones, cards, codes.

Every generated number passes the same checks the product applies to real input
(GB 11643 ID check character, Luhn for cards, GB 32100 for credit codes), so the
demo exercises validation and masking exactly like production data would.
"""

import datetime as dt
import random

from xinfa.core.validators import id_number_check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
)
# Given names follow the fashions of the decade of birth, so the elderly sound elderly.
_GIVEN_OLD_MALE = ("建国", "国强", "德明", "志华", "玉林", "文斌", "福生", "保国", "永祥", "树森")
_GIVEN_OLD_FEMALE = ("秀英", "桂兰", "玉珍", "淑芬", "凤英", "秀兰", "翠华", "素珍", "桂芳", "月娥")
_GIVEN_MID_MALE = ("伟", "强", "军", "勇", "磊", "涛", "斌", "海波", "建华", "晓东", "志刚", "卫东")
_GIVEN_MID_FEMALE = ("丽", "敏", "静", "艳", "红梅", "秀云", "丽娟", "晓燕", "海燕", "春梅", "慧")
_GIVEN_YOUNG_MALE = ("浩然", "子轩", "宇航", "俊杰", "一鸣", "思远", "梓豪", "博文", "泽宇", "天佑")
_GIVEN_YOUNG_FEMALE = (
    "欣怡",
    "梓涵",
    "诗琪",
    "雨桐",
    "可馨",
    "思彤",
    "佳怡",
    "若曦",
    "语嫣",
    "一诺",
)

# Region codes (GB/T 2260) of districts in the demo branches' cities and a few home towns.
CITY_REGIONS = {
    "北京": ("110101", "110105", "110108"),
    "上海": ("310101", "310104", "310115"),
    "广州": ("440103", "440104", "440106"),
    "成都": ("510104", "510107", "510108"),
    "合肥": ("340102", "340104"),
}
HOME_TOWN_REGIONS = ("130102", "320102", "330106", "370102", "410105", "420106", "430102", "500103")

_MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "180",
    "181",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)
CITY_AREA_CODES = {"北京": "010", "上海": "021", "广州": "020", "成都": "028", "合肥": "0551"}

# Fictional bank identification numbers under the UnionPay 62 prefix.
DEBIT_CARD_BIN = "621788"
CREDIT_CARD_BIN = "625906"

_CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def person_name(rng: random.Random, *, birth_year: int, gender: str) -> str:
    """Return a plausible full name for someone born in the given year."""
    pool: tuple[str, ...]
    if birth_year < 1965:
        pool = _GIVEN_OLD_MALE if gender == "M" else _GIVEN_OLD_FEMALE
    elif birth_year < 1990:
        pool = _GIVEN_MID_MALE if gender == "M" else _GIVEN_MID_FEMALE
    else:
        pool = _GIVEN_YOUNG_MALE if gender == "M" else _GIVEN_YOUNG_FEMALE
    return rng.choice(SURNAMES) + rng.choice(pool)


def polite_address(name: str, *, gender: str, age: int) -> str:
    """Return how staff address the customer: 张先生, 李女士, 王阿姨, 赵大爷."""
    surname = name[0]
    if age >= 65:
        return surname + ("大爷" if gender == "M" else "阿姨")
    return surname + ("先生" if gender == "M" else "女士")


def id_number(rng: random.Random, *, region: str, birth_date: dt.date, gender: str) -> str:
    """Return an 18-character resident ID number with a correct GB 11643 check character."""
    sequence = rng.randrange(0, 100) * 10 + rng.choice(
        (1, 3, 5, 7, 9) if gender == "M" else (0, 2, 4, 6, 8)
    )
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + id_number_check_char(first17)


def mobile_number(rng: random.Random) -> str:
    """Return an 11-digit mainland mobile number."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline_number(rng: random.Random, *, city: str) -> str:
    """Return a landline number with the city's area code: 028-85561234."""
    return f"{CITY_AREA_CODES.get(city, '010')}-{rng.randrange(2, 9)}{rng.randrange(10**7):07d}"


def luhn_check_digit(partial: str) -> str:
    """Return the Luhn check digit that completes a card number."""
    total = 0
    for index, char in enumerate(reversed(partial)):
        digit = int(char)
        if index % 2 == 0:  # doubled positions, counting from the digit left of the check digit
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def is_luhn_valid(number: str) -> bool:
    """Return whether a digit string passes the Luhn check."""
    return number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def card_number(rng: random.Random, *, bin_prefix: str, length: int) -> str:
    """Return a card number of the given length that passes the Luhn check."""
    body = bin_prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(bin_prefix) - 1))
    return body + luhn_check_digit(body)


def organization_code(rng: random.Random) -> str:
    """Return a 9-character organisation code (GB 11714) with its check character."""
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    total = sum(
        _CREDIT_CODE_CHARS.index(char) * weight
        for char, weight in zip(body, _ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character of a unified social credit code."""
    total = sum(
        _CREDIT_CODE_CHARS.index(char) * weight
        for char, weight in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return _CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code(rng: random.Random, *, region: str) -> str:
    """Return an 18-character unified social credit code for a company (type 91)."""
    first17 = "91" + region + organization_code(rng)
    return first17 + credit_code_check_char(first17)


def birth_date_for_age(rng: random.Random, *, age: int, today: dt.date) -> dt.date:
    """Return a birth date that gives exactly `age` whole years on `today`."""
    days_back = rng.randrange(0, 365)
    candidate = today.replace(year=today.year - age - 1, month=1, day=1) + dt.timedelta(
        days=days_back
    )
    while (
        today.year - candidate.year - ((today.month, today.day) < (candidate.month, candidate.day))
    ) != age:
        candidate += dt.timedelta(days=1)
    return candidate
