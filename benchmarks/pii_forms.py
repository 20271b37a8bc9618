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


# --- Chinese -----------------------------------------------------------------------------------------

MOBILE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 "
                   "166 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199").split()
AREA_CODES = ("010 020 021 022 023 024 025 027 028 029 0311 0351 0371 0411 0431 0451 0512 0531 0532 0551 "
              "0571 0574 0591 0592 0731 0755 0756 0769 0791 0851 0871 0898 0931").split()
REGIONS = ("110101 110105 120101 310104 310115 320102 320506 330106 330212 340104 350203 370202 "
           "410105 420106 430104 440106 440305 440606 450103 500103 510107 530102 610113 620102").split()
CARD_PREFIXES_ZH = ("622202", "622848", "621700", "622588", "622609", "621226", "436742", "625965", "623668",
                    "622908", "955880")
PROVINCES = [("广东省", "深圳市", ["南山区", "福田区", "宝安区"]), ("浙江省", "杭州市", ["西湖区", "余杭区", "滨江区"]),
             ("江苏省", "南京市", ["鼓楼区", "玄武区"]), ("四川省", "成都市", ["武侯区", "锦江区", "高新区"]),
             ("湖北省", "武汉市", ["洪山区", "江汉区"]), ("", "北京市", ["朝阳区", "海淀区", "东城区"]),
             ("", "上海市", ["浦东新区", "徐汇区", "静安区"]), ("山东省", "青岛市", ["市南区", "崂山区"]),
             ("河南省", "郑州市", ["金水区", "二七区"]), ("福建省", "厦门市", ["思明区", "湖里区"])]
ROADS = ("科技园路 建国路 中山路 人民路 解放大道 文一西路 南京东路 天府大道 长安街 学院路 延安西路 "
         "滨江大道 黄河路 新华街 东风路 望京街 和平里大街 幸福巷").split()
ESTATES = "阳光花园 幸福小区 翠苑 金色家园 锦绣公寓 万科城 碧桂园 华润大厦 绿地广场 东湖新村".split()
PINYIN = "zhangsan lisi wangwei liuyang chenjing yangfan zhaolei huangmin zhouxin wujie xuli sunhao".split()
ZH_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "gmail.com", "foxmail.com", "outlook.com", "139.com")


def zh_number(n: int, rng: random.Random) -> str:
    """A house number said in Chinese (八十八, 一百零五) or written."""
    if rng.random() < 0.5:
        return str(n)
    tens, units = divmod(n % 100, 10)
    hundreds = n // 100
    out = (ZH_DIGIT[hundreds] + "百") if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else ZH_DIGIT[tens]) + "十"
    elif hundreds and units:
        out += "零"
    if units:
        out += ZH_DIGIT[units]
    return out


def zh_phone(rng):
    number = rng.choice(MOBILE_PREFIXES) + digits(rng, 8)
    form = rng.choice(["plain", "grouped", "plus86", "spoken", "spoken"])
    if form == "plain":
        return form, number
    if form == "grouped":
        return form, written(number, rng, [3, 4, 4])
    if form == "plus86":
        return form, rng.choice(["+86 ", "+86", "86-", "0086 "]) + written(number, rng, [3, 4, 4], " -")
    return form, zh_spoken(number, rng, rng.choice([None, [3, 4, 4]]))


def zh_landline(rng):
    code = rng.choice(AREA_CODES)
    local_len = 8 if len(code) == 3 else rng.choice([7, 8])
    local = str(rng.randint(2, 8)) + digits(rng, local_len - 1)
    form = rng.choice(["dash", "paren", "space", "plain", "spoken"])
    if form == "dash":
        return form, f"{code}-{local}"
    if form == "paren":
        return form, f"({code}) {local[:4]} {local[4:]}"
    if form == "space":
        return form, f"{code} {local[:4]} {local[4:]}"
    if form == "plain":
        return form, code + local
    return form, zh_spoken(code + local, rng, [len(code), local_len])


def zh_local(rng):
    local = str(rng.randint(2, 8)) + digits(rng, rng.choice([6, 7]))
    return ("spoken", zh_spoken(local, rng)) if rng.random() < 0.4 else ("plain", local)


def resident_id(rng) -> str:
    born = f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return id_complete(rng.choice(REGIONS) + born + digits(rng, 3))


def zh_id_number(rng):
    number = resident_id(rng)
    form = rng.choice(["plain", "grouped", "spoken", "spoken", "misheard"])
    if form == "misheard":
        return form, misheard(number, rng)
    if form == "plain":
        return form, number
    if form == "grouped":
        return form, written(number, rng, [6, 8, 4], " ")
    return form, zh_spoken(number, rng)


def card_number(rng, prefixes, lengths) -> str:
    prefix = rng.choice(prefixes)
    return luhn_complete(prefix + digits(rng, rng.choice(lengths) - len(prefix) - 1))


def zh_bank_card(rng):
    number = card_number(rng, CARD_PREFIXES_ZH, [16, 19])
    form = rng.choice(["plain", "grouped", "spoken", "misheard"])
    if form == "misheard":
        return form, misheard(number, rng)
    if form == "plain":
        return form, number
    groups = [4] * (len(number) // 4) + ([len(number) % 4] if len(number) % 4 else [])
    if form == "grouped":
        return form, written(number, rng, groups, " ")
    return form, zh_spoken(number, rng, groups)


def zh_email(rng):
    local = rng.choice(PINYIN) + rng.choice(["", "", str(rng.randint(1, 999)), "." + rng.choice(PINYIN)])
    domain = rng.choice(ZH_DOMAINS)
    form = rng.choice(["written", "at_word", "aite", "aite_spaced"])
    if form == "written":
        return form, f"{local}@{domain}"
    name, tld = domain.rsplit(".", 1)
    if form == "at_word":
        return form, f"{local} at {domain}"
    if form == "aite":
        return form, f"{local}艾特{name}点{tld}"
    return form, f"{local} 艾特 {name} 点 {tld}"


def zh_address(rng):
    province, city, districts = rng.choice(PROVINCES)
    form = rng.choice(["full", "city", "road_only", "estate"])
    head = {"full": province + city + rng.choice(districts), "city": city + rng.choice(districts),
            "road_only": "", "estate": city + rng.choice(districts)}[form]
    if form == "estate":
        tail = f"{rng.choice(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
        return form, head + tail
    body = f"{rng.choice(ROADS)}{zh_number(rng.randint(1, 999), rng)}号"
    extra = rng.random()
    if extra < 0.3:
        body += f"{rng.choice(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
    elif extra < 0.5:
        body += f"{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
    return form, head + body


def order_digits(rng) -> str:
    return rng.choice(["2024", "2025", ""]) + digits(rng, rng.randint(8, 14))


def zh_order_number(rng):
    number = order_digits(rng)
    form = rng.choice(["digits", "letters", "spoken"])
    if form == "digits":
        return form, number
    if form == "letters":
        return form, rng.choice(["DD", "JD", "TB", "SF"]) + number
    return form, zh_spoken(number, rng)


ZH_FORMS = {"phone": zh_phone, "landline": zh_landline, "local": zh_local, "id_number": zh_id_number,
            "bank_card": zh_bank_card, "email": zh_email, "address": zh_address,
            "order_number": zh_order_number}

# --- English -----------------------------------------------------------------------------------------

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
        return f"{brand}/{form}", written(number, rng, groups)
    if form == "plain":
        return f"{brand}/{form}", number
    return f"{brand}/{form}", en_spoken(number, rng, groups)


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
