"""Validity checks of identifier numbers: the rules the issuers use, so a random number rarely passes."""

from __future__ import annotations

from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PROVINCE_CODES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
})
_TOLL_FREE_US = frozenset({"800", "888", "877", "866", "855", "844", "833"})


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number carries in its last digit."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a resident ID's first 17 digits."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def resident_id_valid(chars: str) -> bool:
    """An 18-character PRC resident ID: province code, a real birth date and the MOD 11-2 check."""
    if len(chars) != 18 or not chars[:17].isdigit():
        return False
    if int(chars[:2]) not in _PROVINCE_CODES:
        return False
    try:
        born = date(int(chars[6:10]), int(chars[10:12]), int(chars[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2030:
        return False
    return id_check_char(chars[:17]) == chars[17].upper()


def card_number_valid(digits: str) -> bool:
    """A payment/bank card number: 13 to 19 digits passing Luhn."""
    return 13 <= len(digits) <= 19 and luhn_valid(digits)


def cn_mobile_valid(digits: str) -> bool:
    """A mainland mobile number, bare (1[3-9] + 9 digits) or after 86 / 0086."""
    for prefix in ("0086", "86", ""):
        if digits.startswith(prefix):
            rest = digits[len(prefix):]
            if len(rest) == 11 and rest[0] == "1" and rest[1] in "3456789":
                return True
    return False


def cn_landline_valid(digits: str) -> bool:
    """A mainland landline with its area code: 0 + 2- or 3-digit code + 7- or 8-digit local number.

    Service numbers (400 / 800) are the company's, not personal data, and are left alone.
    """
    if len(digits) < 10 or len(digits) > 12 or digits[0] != "0":
        return False
    code_len = 2 if digits[1] in "12" else 3
    local = digits[1 + code_len:]
    return 7 <= len(local) <= 8 and local[0] in "2345678"


def us_phone_valid(digits: str) -> bool:
    """A NANP number (NPA-NXX-XXXX, optionally after 1); toll-free numbers are the company's."""
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10:
        return False
    area, exchange = digits[:3], digits[3:6]
    return (area[0] in "23456789" and exchange[0] in "23456789" and area not in _TOLL_FREE_US
            and area[1:] != "11")


def ssn_valid(digits: str) -> bool:
    """A US Social Security number: area 001-899 except 666, group 01-99, serial 0001-9999."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def service_number(digits: str) -> bool:
    """A company's hotline (US toll-free 8xx, mainland 400 / 800): not personal data."""
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return len(digits) == 10 and (digits[:3] in _TOLL_FREE_US or digits[:3] in ("400", "800"))
