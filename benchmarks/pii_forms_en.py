"""English forms of personal data for the generated PII test set (see pii_forms.py)."""

from __future__ import annotations

from pii_forms import EN_DIGIT, _pair, card_number, digits, en_spoken, misheard, order_digits, written

AREA_CODES_US = ("212 213 206 303 305 312 404 415 469 503 512 602 617 646 702 713 718 720 773 805 "
                 "858 917 919 972").split()
STREETS = ("Maple Oak Pine Elm Cedar Washington Lincoln Park Main Sunset Lake Hill Highland Jefferson "
           "Madison Franklin Willow Chestnut Spring Ridge").split()
SUFFIXES = "Street St Avenue Ave Road Rd Boulevard Blvd Drive Dr Lane Ln Court Way Place Terrace".split()
CITIES = [("Springfield", "IL"), ("Austin", "TX"), ("Portland", "OR"), ("Denver", "CO"),
          ("San Jose", "CA"), ("Columbus", "OH"), ("Raleigh", "NC"), ("Boston", "MA")]
FIRST = "john mary james linda robert susan michael karen david lisa".split()
LAST = "smith johnson brown garcia miller davis wilson moore taylor lee".split()
EN_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com", "comcast.net")


def us_phone_digits(rng) -> str:
    line = f"01{rng.randint(0, 99):02d}" if rng.random() < 0.2 else digits(rng, 4)
    return rng.choice(AREA_CODES_US) + str(rng.randint(2, 9)) + digits(rng, 2) + line


def en_phone(rng):
    number = us_phone_digits(rng)
    form = rng.choice(["paren", "dash", "dot", "plus1", "spoken", "spoken"])
    if form == "paren":
        return form, f"({number[:3]}) {number[3:6]}-{number[6:]}"
    if form == "dash":
        return form, f"{number[:3]}-{number[3:6]}-{number[6:]}"
    if form == "dot":
        return form, f"{number[:3]}.{number[3:6]}.{number[6:]}"
    if form == "plus1":
        return form, rng.choice(["+1 ", "1-"]) + f"{number[:3]}-{number[3:6]}-{number[6:]}"
    return form, en_spoken(number, rng, [3, 3, 4])


def en_bank_card(rng):
    brand = rng.choice(["visa", "mastercard", "amex", "discover"])
    prefixes, length = {"visa": (("4",), 16), "mastercard": (("51", "52", "53", "54", "55"), 16),
                        "amex": (("34", "37"), 15), "discover": (("6011",), 16)}[brand]
    number = card_number(rng, prefixes, [length])
    groups = [4, 6, 5] if length == 15 else [4, 4, 4, 4]
    form = rng.choice(["grouped", "plain", "spoken", "misheard"])
    if form == "misheard":
        return form, written(misheard(number, rng), rng, groups)
    if form == "grouped":
        return form, written(number, rng, groups)
    if form == "plain":
        return form, number
    return form, en_spoken(number, rng, groups)


def ssn_digits(rng) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def en_ssn(rng):
    number = ssn_digits(rng)
    form = rng.choice(["dash", "space", "spoken"])
    if form == "spoken":
        return form, en_spoken(number, rng, [3, 2, 4])
    return form, written(number, rng, [3, 2, 4], "-" if form == "dash" else " ")


def en_ssn_written(rng):
    number = ssn_digits(rng)
    return "dash", written(number, rng, [3, 2, 4], "-")


def en_email(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    joiner = rng.choice([".", "_", "", ""])
    local = first + joiner + last + rng.choice(["", "", str(rng.randint(1, 99))])
    domain = rng.choice(EN_DOMAINS)
    form = rng.choice(["written", "spoken", "spoken"])
    if form == "written":
        return form, f"{local}@{domain}"
    said_local = first + {".": " dot ", "_": " underscore ", "": ""}[joiner] + last
    number = local[len(first + joiner + last):]
    said_local += (" " + " ".join(EN_DIGIT[int(c)] for c in number)) if number and rng.random() < 0.5 else number
    name, tld = domain.rsplit(".", 1)
    return form, f"{said_local} at {name} dot {tld}"


def en_house_number(rng) -> tuple[str, str]:
    n = rng.randint(1, 9999)
    if rng.random() < 0.6:
        return "digits", str(n)
    if n >= 1000 and n % 100 >= 10 and n % 1000 >= 100:
        return "spoken_pairs", f"{_pair(str(n)[:2])} {_pair(str(n)[2:])}"
    if 100 <= n < 1000 and n % 100 >= 10:
        return "spoken_pairs", f"{EN_DIGIT[n // 100]} {_pair(str(n)[1:])}"
    return "spoken_digits", " ".join(EN_DIGIT[int(c)] for c in str(n))


def en_address(rng):
    number_form, number = en_house_number(rng)
    street = rng.choice(STREETS) + " " + rng.choice(SUFFIXES)
    if rng.random() < 0.15:
        street = rng.choice(["North", "South", "East", "West", "N.", "S."]) + " " + street
    text = f"{number} {street}"
    if rng.random() < 0.3:
        text += f", {rng.choice(['Apt', 'Apartment', 'Suite', 'Unit'])} {rng.randint(1, 40)}{rng.choice(['', 'B'])}"
    if rng.random() < 0.4:
        city, state = rng.choice(CITIES)
        text += f", {city}, {state}" + (f" {rng.randint(10000, 99999)}" if rng.random() < 0.6 else "")
    return number_form, text


def en_order_number(rng):
    number = order_digits(rng)
    form = rng.choice(["digits", "letters", "spoken"])
    if form == "digits":
        return form, number
    if form == "letters":
        return form, rng.choice(["AB", "ORD-", "W", "112-"]) + number
    return form, en_spoken(number, rng)


EN_FORMS = {"phone": en_phone, "bank_card": en_bank_card, "ssn": en_ssn, "ssn_written": en_ssn_written,
            "email": en_email, "address": en_address, "order_number": en_order_number}
