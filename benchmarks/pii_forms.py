"""The forms personal data takes in recognised speech, for the generated PII test set (pii_corpus.py).

Checksums are computed here independently of ``transcribe.pii`` so a bug there cannot hide here.
Each form function takes a ``random.Random`` and returns ``(form name, text)``.
"""

from __future__ import annotations

import random

ZH_DIGIT = "零一二三四五六七八九"
EN_DIGIT = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def luhn_complete(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def id_complete(first17: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


# --- saying numbers --------------------------------------------------------------------------------

def zh_spoken(number: str, rng: random.Random, groups: list[int] | None = None) -> str:
    """Chinese digit by digit: 幺 for 1 half the time (as on the phone), 两 for 2 now and then."""
    yao, liang = rng.random() < 0.5, rng.random() < 0.15
    chars = [("幺" if yao else "一") if c == "1" else ("两" if liang else "二") if c == "2"
             else "叉" if c in "Xx" else ZH_DIGIT[int(c)] for c in number]
    return _grouped(chars, groups, rng.choice(["", "", "，", " "]))


def en_spoken(number: str, rng: random.Random, groups: list[int] | None = None) -> str:
    """English words: "oh" for 0 often, "double five" sometimes, pairs ("twenty six") now and then."""
    oh = rng.random() < 0.6
    parts = _split(number, groups)
    said = [_say_group(part, rng, oh) for part in parts]
    return rng.choice([", ", " ", ", "]).join(said)


def _say_group(group: str, rng: random.Random, oh: bool) -> str:
    if len(group) == 4 and group[0] != "0" and group[2] != "0" and rng.random() < 0.2:
        return f"{_pair(group[:2])} {_pair(group[2:])}"
    words, i = [], 0
    while i < len(group):
        c = group[i]
        word = ("oh" if oh else "zero") if c == "0" else EN_DIGIT[int(c)]
        if group[i:i + 3] == c * 3 and rng.random() < 0.3:
            words.append(f"triple {word}")
            i += 3
        elif i + 1 < len(group) and group[i + 1] == c and rng.random() < 0.3:
            words.append(f"double {word}")
            i += 2
        else:
            words.append(word)
            i += 1
    return " ".join(words)


def _pair(pair: str) -> str:
    a, b = int(pair[0]), int(pair[1])
    if a == 1:
        return TEENS[b]
    return TENS[a] + (f" {EN_DIGIT[b]}" if b else "")


def _split(number: str, groups: list[int] | None) -> list[str]:
    groups = groups or [len(number)]
    out, i = [], 0
    for g in groups:
        out.append(number[i:i + g])
        i += g
    return out


def _grouped(chars: list[str], groups: list[int] | None, sep: str) -> str:
    return sep.join("".join(p) for p in _split("".join(chars), groups))


def misheard(number: str, rng: random.Random) -> str:
    """One digit recognised wrong: the checksum fails, the number is still someone's."""
    i = rng.randrange(len(number) - 1)
    return number[:i] + rng.choice([d for d in "0123456789" if d != number[i]]) + number[i + 1:]


def written(number: str, rng: random.Random, groups: list[int], seps: str = " -") -> str:
    sep = rng.choice(seps)
    return sep.join(_split(number, groups))


def order_digits(rng) -> str:
    return rng.choice(["2024", "2025", ""]) + digits(rng, rng.randint(8, 14))


def card_number(rng, prefixes, lengths) -> str:
    prefix = rng.choice(prefixes)
    return luhn_complete(prefix + digits(rng, rng.choice(lengths) - len(prefix) - 1))


# --- hard negatives ----------------------------------------------------------------------------------


def _fails_checks(rng, n: int) -> str:
    while True:
        number = str(rng.randint(1, 9)) + digits(rng, n - 1)
        if luhn_complete(number[:-1]) != number and not number.startswith(("13", "15", "18")):
            return number


def negative_values(rng: random.Random, language: str) -> dict[str, str]:
    """Numbers that look like identifiers but are not personal data."""
    year = str(rng.randint(1990, 2025))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    nonid = _fails_checks(rng, 17) + rng.choice("0123456789")
    values = {
        "price": str(rng.randint(10, 9999)), "small": str(rng.randint(2, 99)), "tiny": str(rng.randint(1, 9)),
        "money": f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}",
        "money_en": f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}",
        "date": f"{year}-{month:02d}-{day:02d}", "date_en": f"May {day}, {year}",
        "time": f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}", "month": str(month), "day": str(day),
        "year": year, "code": digits(rng, rng.choice([4, 5, 6])), "nonluhn": _fails_checks(rng, 16),
        "nonluhn_en": written(_fails_checks(rng, 16), rng, [4, 4, 4, 4], " "),
        "hotline": rng.choice(["400-820-8820", "95588", "10086", "800-810-8888", "4006-123-456"]),
        "tollfree": rng.choice(["1-800-555-0199", "1-888-123-4567", "(877) 555-0123", "800-642-7676"]),
        "invoice": digits(rng, 8), "nonid": nonid, "nonmobile": "1" + rng.choice("012") + digits(rng, 9),
        "big": f"{rng.randint(1, 9)}{rng.randint(0, 999):03d}{rng.randint(0, 999):03d}",
        "words": rng.choice(["three hundred and fifty", "twenty five", "forty", "two thousand", "ninety nine"]),
        "room": str(rng.randint(100, 999)), "zip": str(rng.randint(10000, 99999)),
        "model": rng.choice(["XR-", "A", "MX"]) + digits(rng, 4),
    }
    return values
