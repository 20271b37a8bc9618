"""Chinese forms of personal data for the generated PII test set (see pii_forms.py)."""

from __future__ import annotations

import random

from pii_forms import ZH_DIGIT, card_number, digits, id_complete, misheard, order_digits, written, zh_spoken

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
