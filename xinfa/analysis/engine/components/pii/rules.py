"""Patterns and checksums that recognise Chinese personal data in free text.

All patterns run over a *folded* copy of the raw text (full-width digits, letters and
symbols mapped one-to-one onto ASCII), so match offsets are offsets into the raw text.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

# Full-width ASCII -> ASCII, ideographic / no-break space -> space: one char for one char.
FOLD_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
FOLD_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0xFFE5: ord("¥")})
# Spoken-style numerals from speech transcripts ("幺三八…"): one character for one digit,
# so a run of them reads as the digit string it dictates. 十/百 are positional, not mapped.
FOLD_TABLE.update(
    {
        ord(char): ord(str(digit))
        for digit, chars in enumerate(
            ("〇零", "一幺", "二", "三", "四", "五", "六", "七", "八", "九")
        )
        for char in chars
    }
)

# Province-level codes that open a resident ID number (GB/T 2260).
PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_L = r"(?<![0-9A-Za-z_])"
_R = r"(?![0-9A-Za-z_])"
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"

ID18_RE = re.compile(_L + r"(\d{6})( ?)((?:18|19|20)\d{2}" + _DATE + r")\2(\d{3}[\dXx])" + _R)
ID15_RE = re.compile(_L + r"(\d{6})(\d{2}" + _DATE + r")(\d{3})" + _R)
CARD_RE = re.compile(_L + r"([3-69]\d{3})([ -]?)(\d{4})\2(\d{4})\2(\d{4})(?:\2(\d{1,3}))?" + _R)
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z_+])(?:(?:\+|00)86[ -]?|\(\+?86\) ?)?(1[3-9]\d)([ -]?)(\d{4})\2(\d{4})" + _R
)
_AREA = r"0(?:10|2\d|[3-9]\d{2})"
LANDLINE_RE = re.compile(
    _L + r"(\(" + _AREA + r"\) ?|" + _AREA + r"[ -]?)([2-9]\d{2,3}[ -]\d{4}|[2-9]\d{6,7})"
    r"(?:(?:转|-|ext\.?|分机|#)(\d{1,6}))?" + _R
)
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,10}(?![A-Za-z0-9-])"
)

# A digit run continued by a separator and more digits is an amount, a date or a code.
_HAS_DIGIT = re.compile(r"[0-9]")
_JOINED_BEFORE = re.compile(r"\d[-.,/:]$")
_JOINED_AFTER = re.compile(r"^[-.,/:]\d")
# A lone 4-digit group just before: the tail of a longer grouped number (6222 0212 ...).
_GROUP_BEFORE = re.compile(r"(?<![0-9])[0-9]{4}[ -]$")
_CURRENCY_BEFORE = ("¥", "$", "€", "£", "RMB", "CNY")
_UNIT_AFTER = ("元", "块", "万", "亿", "%", "美元", "笔", "分钟", "秒", "天", "年", "次")
# Keywords that say the number is a reference code, not a phone or a card.
_REFERENCE_WORDS = (
    "订单",
    "单号",
    "流水",
    "交易号",
    "编号",
    "批次",
    "合同号",
    "凭证号",
    "参考号",
    "快递",
    "运单",
    "工单",
    "序列号",
    "业务号",
    "受理号",
    "验证码",
    "密码",
)
_PERSONAL_WORDS = ("卡号", "手机", "电话", "号码", "身份证", "证件", "联系", "打", "拨")


@dataclass(frozen=True)
class Candidate:
    type: str
    start: int
    end: int
    value: str  # digits / address in ASCII, separators removed (never leaves this package)


def id18_is_valid(number: str) -> bool:
    """Check region, birth date and the GB 11643 check digit of an 18-character ID."""
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in PROVINCES:
        return False
    if not _date_is_valid(number[6:14]):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def id15_is_valid(number: str) -> bool:
    """Check region and birth date (19yymmdd) of a first-generation 15-digit ID."""
    if len(number) != 15 or not number.isdigit() or number[:2] not in PROVINCES:
        return False
    return _date_is_valid("19" + number[6:12])


def id18_check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def luhn_is_valid(digits: str) -> bool:
    """Return True when a digit string passes the Luhn (mod 10) check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """Return the digit that makes `payload + digit` pass the Luhn check."""
    for digit in "0123456789":
        if luhn_is_valid(payload + digit):
            return digit
    raise AssertionError("unreachable: one Luhn digit always fits")


def _date_is_valid(yyyymmdd: str) -> bool:
    try:
        datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return yyyymmdd[:4] >= "1900"


def _looks_like_id(digits: str) -> bool:
    # Structure only (region + a 18xx/19xx/20xx year): an ID with a bad date or check
    # digit must not come back as a card just because it happens to pass Luhn.
    return len(digits) == 18 and digits[:2] in PROVINCES and digits[6:8] in ("18", "19", "20")


def _context_allows(text: str, start: int, end: int, *, check_words: bool) -> bool:
    """Reject numbers glued to more digits, currency, units or reference-code labels.

    `text` is the raw text: a full-width comma is a clause break, an ASCII one may be a
    thousands separator.
    """
    before = text[max(0, start - 8) : start].translate(FOLD_TABLE)
    after = text[end : end + 3].translate(FOLD_TABLE)
    if _JOINED_BEFORE.search(text[max(0, start - 2) : start]) or _JOINED_AFTER.match(
        text[end : end + 2]
    ):
        return False
    stripped = before.rstrip()
    if _GROUP_BEFORE.search(before):
        return False
    if stripped.endswith(_CURRENCY_BEFORE) or after.lstrip().startswith(_UNIT_AFTER):
        return False
    if not check_words:
        return True
    reference = max(before.rfind(word) for word in _REFERENCE_WORDS)
    personal = max(before.rfind(word) for word in _PERSONAL_WORDS)
    return reference < 0 or personal > reference


def _id_candidates(raw: str, folded: str) -> list[Candidate]:
    found = []
    for match in ID18_RE.finditer(folded):
        number = (match.group(1) + match.group(3) + match.group(4)).upper()
        if id18_is_valid(number) and _context_allows(
            raw, match.start(), match.end(), check_words=False
        ):
            found.append(Candidate("id_number", match.start(), match.end(), number))
    for match in ID15_RE.finditer(folded):
        number = match.group()
        if id15_is_valid(number) and _context_allows(
            raw, match.start(), match.end(), check_words=True
        ):
            found.append(Candidate("id_number", match.start(), match.end(), number))
    return found


def _card_candidates(raw: str, folded: str) -> list[Candidate]:
    found = []
    for match in CARD_RE.finditer(folded):
        separator = match.group(2)
        digits = "".join(match.group(i) or "" for i in (1, 3, 4, 5, 6))
        if not luhn_is_valid(digits) or (not separator and _looks_like_id(digits)):
            continue
        if separator == " " and re.match(r" \d", folded[match.end() : match.end() + 2]):
            continue
        if _context_allows(raw, match.start(), match.end(), check_words=True):
            found.append(Candidate("bank_card", match.start(), match.end(), digits))
    return found


def _mobile_candidates(raw: str, folded: str) -> list[Candidate]:
    found = []
    for match in MOBILE_RE.finditer(folded):
        if match.group(2) == " " and re.match(r" \d", folded[match.end() : match.end() + 2]):
            continue
        if _context_allows(raw, match.start(), match.end(), check_words=True):
            digits = match.group(1) + match.group(3) + match.group(4)
            found.append(Candidate("mobile", match.start(), match.end(), digits))
    return found


def _landline_candidates(raw: str, folded: str) -> list[Candidate]:
    found = []
    for match in LANDLINE_RE.finditer(folded):
        if _context_allows(raw, match.start(), match.end(), check_words=True):
            area = re.sub(r"\D", "", match.group(1))
            value = area + re.sub(r"\D", "", match.group(2))
            if match.group(3):
                value += "-" + match.group(3)
            found.append(Candidate("landline", match.start(), match.end(), value))
    return found


def _email_candidates(raw: str, folded: str) -> list[Candidate]:
    if "@" not in folded:
        return []
    return [
        Candidate("email", match.start(), match.end(), match.group())
        for match in EMAIL_RE.finditer(folded)
    ]


# Earlier finders win when two candidates overlap (an e-mail holding a phone number,
# an ID number that also passes Luhn).
FINDERS: tuple[Callable[[str, str], list[Candidate]], ...] = (
    _email_candidates,
    _id_candidates,
    _card_candidates,
    _mobile_candidates,
    _landline_candidates,
)


def find_candidates(text: str) -> list[Candidate]:
    """Return non-overlapping PII candidates in `text`, sorted by position."""
    folded = text.translate(FOLD_TABLE)
    if _HAS_DIGIT.search(folded) is None and "@" not in folded:
        return []
    taken: list[Candidate] = []
    for finder in FINDERS:
        for candidate in finder(text, folded):
            if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in taken):
                taken.append(candidate)
    return sorted(taken, key=lambda candidate: candidate.start)
