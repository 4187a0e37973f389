"""Random but checksum-correct personal data (and near misses) for PII test sets.

Every valid ID is built with the GB 11643 check digit and every valid card with Luhn;
the "bad_" makers break exactly one rule so the detector must reject them.
"""

import random

from xinfa.analysis.engine.components.pii.rules import id18_check_digit, luhn_check_digit

REGIONS = (
    "110101", "110105", "120104", "130102", "140105", "210102", "220102", "310104",
    "310115", "320102", "320583", "330106", "340104", "350203", "360102", "370202",
    "410105", "420106", "430104", "440106", "440305", "450103", "500103", "510104",
    "520102", "530102", "610113", "620102", "650102", "460106",
)  # fmt: skip
CARD_PREFIXES = (
    "622202", "621700", "622848", "621661", "622588", "625807", "623058", "622609",
    "436742", "518710", "621483", "622700", "955880", "603367", "622262",
)  # fmt: skip
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151",
    "152", "155", "157", "158", "159", "166", "170", "173", "176", "177", "178", "180",
    "181", "182", "185", "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip
AREAS = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029",
         "0311", "0351", "0371", "0431", "0451", "0512", "0531", "0571", "0591", "0755",
         "0757", "0769", "0871", "0898")  # fmt: skip
EMAIL_USERS = ("zhangwei", "li.na", "wangfang88", "liuyang_1990", "chen.jie", "yangmin",
               "zhao.lei2008", "huangli", "xiaoming", "sunhao", "zhou-ying", "wu.tao",
               "kevin.xu", "amy_lin", "tom2021", "hello.world", "bank.user",
               "gao.yuan")  # fmt: skip
EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "foxmail.com", "sina.com",
                 "outlook.com", "hotmail.com", "yeah.net", "sohu.com", "aliyun.com",
                 "example.com.cn", "corp-mail.cn")  # fmt: skip


def to_fullwidth(text: str) -> str:
    """Map ASCII letters, digits and symbols onto their full-width forms."""
    return "".join(
        chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ("\u3000" if ch == " " else ch)
        for ch in text
    )


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _birth(rng: random.Random) -> str:
    year = rng.randint(1940, 2006)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return f"{year:04d}{month:02d}{day:02d}"


def id18(rng: random.Random) -> str:
    """A valid 18-character resident ID number."""
    first17 = rng.choice(REGIONS) + _birth(rng) + _digits(rng, 3)
    return first17 + id18_check_digit(first17)


def id15(rng: random.Random) -> str:
    """A valid first-generation 15-digit ID (19yymmdd birth date)."""
    birth = _birth(rng)
    return rng.choice(REGIONS) + birth[2:] + _digits(rng, 3)


def card(rng: random.Random, length: int | None = None) -> str:
    """A Luhn-valid card number of 16 or 19 digits (sometimes 17/18)."""
    length = length or rng.choice((16, 16, 16, 19, 19, 17, 18))
    prefix = rng.choice(CARD_PREFIXES)
    payload = prefix + _digits(rng, length - len(prefix) - 1)
    return payload + luhn_check_digit(payload)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + _digits(rng, 8)


def landline(rng: random.Random) -> tuple[str, str]:
    """Area code and local number (8 digits, or 7 after some 4-digit codes)."""
    area = rng.choice(AREAS)
    local_length = 8 if len(area) == 3 or rng.random() < 0.7 else 7
    return area, rng.choice("2345678") + _digits(rng, local_length - 1)


def email(rng: random.Random) -> str:
    user = rng.choice(EMAIL_USERS)
    if rng.random() < 0.4:
        user += str(rng.randint(1, 999))
    return f"{user}@{rng.choice(EMAIL_DOMAINS)}"


def bad_id(rng: random.Random) -> str:
    """An 18-character ID with a wrong check digit or an impossible birth date."""
    number = id18(rng)
    if rng.random() < 0.5:
        wrong = rng.choice([c for c in "0123456789X" if c != number[-1]])
        return number[:17] + wrong
    first17 = number[:10] + rng.choice(("0230", "1332", "0431", "1300", "0000")) + number[14:17]
    return first17 + id18_check_digit(first17)


def bad_card(rng: random.Random) -> str:
    """A card-like number that fails the Luhn check."""
    number = card(rng, rng.choice((16, 19)))
    wrong = rng.choice([c for c in "0123456789" if c != number[-1]])
    return number[:-1] + wrong
