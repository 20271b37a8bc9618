"""A labelled PII test set generated from code with a fixed seed: what a recogniser writes in calls.

Each example is a sentence (Chinese or English) with the exact spans of the personal data in it.
Personal data is valid by the issuers' rules (real prefixes and area codes, checksums, real dates)
and comes in the forms speech recognition produces: written digits in several groupings, Chinese
digits (一三八…, 幺 for 1, 两 for 2), English words ("five five five", "oh", "double five", "twenty six
seventy one"), "at"/"dot"/"艾特"/"点" e-mails, numbers spelled out in addresses. About half the
sentences hold no personal data but hard negatives: prices, times, dates, quantities, order counts,
hotlines, numbers that fail Luhn or the ID checksum.

    python benchmarks/pii_corpus.py [--seed N] [--n N]   # prints a sample

Use one seed to look at failures while developing (``DEV_SEED``) and another to report (``TEST_SEED``).
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pii_forms import negative_values  # noqa: E402
from pii_forms_en import EN_FORMS  # noqa: E402
from pii_forms_zh import ZH_FORMS  # noqa: E402

DEV_SEED = 20240512
TEST_SEED = 7
STRUCTURED = ("phone", "id_number", "bank_card", "email", "ssn", "order_number")


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Example:
    language: str
    text: str
    spans: tuple[Span, ...]
    form: str  # how the personal data was said, e.g. "phone/spoken"; "negative" for none


ZH_TEMPLATES = {
    "phone": ["我的手机号是{phone}，麻烦记一下", "您可以打{phone}联系我", "电话{phone}", "好的，{phone}，对吧？",
              "那个号码是{phone}，白天都能打通", "有问题打我电话{phone}就行", "我换号了，新号码{phone}"],
    "landline": ["我家座机是{landline}", "公司电话是{landline}，转人工", "您打{landline}也可以"],
    "local": ["座机{local}", "家里电话是{local}"],
    "id_number": ["我的身份证号码是{id_number}", "身份证{id_number}，您核对一下", "证件号是{id_number}"],
    "bank_card": ["卡号是{bank_card}", "退款到我的银行卡{bank_card}", "我用的信用卡，{bank_card}"],
    "email": ["我的邮箱是{email}", "发到{email}吧", "邮箱地址{email}，谢谢"],
    "address": ["寄到{address}", "我住在{address}，麻烦快一点", "地址是{address}", "收货地址改成{address}吧"],
    "order_number": ["我的订单号是{order_number}", "单号{order_number}，一直没到", "订单编号{order_number}"],
    "two": ["手机{phone}，邮箱{email}", "地址{address}，电话{phone}", "身份证{id_number}，手机号{phone}"],
}
EN_TEMPLATES = {
    "phone": ["My number is {phone}.", "You can reach me at {phone}.", "Call me back on {phone}, please.",
              "It's {phone}.", "Yeah, {phone}, that's my cell.", "The best number is {phone}."],
    "bank_card": ["The card number is {bank_card}.", "I paid with {bank_card}.", "It's {bank_card}, expires in May.",
                  "Sure, my credit card is {bank_card}."],
    "ssn": ["My social is {ssn}.", "Social security number {ssn}.", "SSN is {ssn}.", "It's {ssn}, my social."],
    "ssn_written": ["It's {ssn_written}.", "Here you go, {ssn_written}."],
    "email": ["My email is {email}.", "Send it to {email}.", "It's {email}, all lowercase."],
    "address": ["I live at {address}.", "Ship it to {address}.", "The address is {address}.",
                "We moved to {address} last month."],
    "order_number": ["My order number is {order_number}.", "The order ID is {order_number}.",
                     "Tracking number {order_number}, it hasn't moved."],
    "two": ["Email is {email} and phone is {phone}.", "I'm at {address}, and my number is {phone}."],
}
ZH_NEGATIVES = [
    "一共是{price}元，大概三到五个工作日到", "这个套餐每个月{small}块钱", "您一共下了{small}单，总金额{money}元",
    "我是{date}下的单，{time}左右", "预计{month}月{day}号送到", "我买了{small}件，退{tiny}件",
    "我们的客服热线是{hotline}", "这个编号{nonluhn}查不到", "您的验证码是{code}", "我等了{tiny}个小时了",
    "工号{code}为您服务", "第{tiny}次打电话了", "今年{year}年{month}月的账单", "{tiny}号线地铁站旁边那个店",
    "取件码{code}", "发票号码{invoice}", "我一个人等了两个小时", "请问还有什么可以帮您？", "好的，马上为您处理",
    "价格是{big}元", "积分{money}分", "流水号不对，是{nonid}吗？", "快递柜编号{nonmobile}",
]
EN_NEGATIVES = [
    "That comes to ${money_en} with tax.", "The meeting is at {time} on {date}.", "It's about a {tiny} hour drive.",
    "I ordered {words} units last year.", "Call our toll-free line {tollfree}.", "Oh, one more thing.",
    "I've been a customer for {tiny} years.", "The gift code is {nonluhn_en}.", "Your confirmation came on {date_en}.",
    "Flight {code} lands at {time}.", "The invoice total is {money_en} dollars.", "Room {room} at the hotel.",
    "We had {small} calls about it.", "My zip code is {zip}.", "It costs {price} dollars a month.",
    "The model number is {model}.", "That was back in {year}.", "Thank you for calling, how can I help?",
    "Extension {code} please.", "I waited {words} minutes on hold.", "Your balance is {big} dollars.",
]


def _fill(template: str, values: dict[str, str]) -> tuple[str, list[tuple[str, int, int]]]:
    text, slots, cursor = [], [], 0
    length = 0
    for match in re.finditer(r"\{(\w+)\}", template):
        literal = template[cursor:match.start()]
        text.append(literal)
        length += len(literal)
        value = values[match.group(1)]
        slots.append((match.group(1), length, length + len(value)))
        text.append(value)
        length += len(value)
        cursor = match.end()
    text.append(template[cursor:])
    return "".join(text), slots


_KIND_OF_SLOT = {"landline": "phone", "local": "phone", "ssn_written": "ssn"}


def _styled(rng: random.Random, language: str, template: str, values: dict[str, str]):
    """How the recogniser writes the sentence: Whisper mixes in Traditional characters in Chinese;
    some recognisers write English without capitals or punctuation."""
    if language == "zh" and rng.random() < TRADITIONAL_SHARE:
        convert = _to_traditional()
        converted = {k: convert(v) for k, v in values.items()}
        parts = re.split(r"(\{\w+\})", template)
        new_template = "".join(p if p.startswith("{") else convert(p) for p in parts)
        if all(len(converted[k]) == len(v) for k, v in values.items()):
            return "traditional", new_template, converted
    if language == "en" and rng.random() < LOWERCASE_SHARE:
        parts = re.split(r"(\{\w+\})", template)
        new_template = "".join(p if p.startswith("{") else re.sub(r"[.,?!]", "", p.lower()) for p in parts)
        return "lowercase", new_template, {k: v.lower() for k, v in values.items()}
    return "", template, values


def _to_traditional():
    global _CONVERTER
    if _CONVERTER is None:
        from opencc import OpenCC

        _CONVERTER = OpenCC("s2t").convert
    return _CONVERTER


_CONVERTER = None
TRADITIONAL_SHARE = 0.2
LOWERCASE_SHARE = 0.2


def _positive(rng: random.Random, language: str, slot_kind: str) -> Example:
    templates, forms = (ZH_TEMPLATES, ZH_FORMS) if language == "zh" else (EN_TEMPLATES, EN_FORMS)
    template = rng.choice(templates[slot_kind])
    values, form_names = {}, []
    for name in re.findall(r"\{(\w+)\}", template):
        form_name, value = forms[name](rng)
        values[name] = value
        form_names.append(f"{_KIND_OF_SLOT.get(name, name)}/{form_name}")
    style, template, values = _styled(rng, language, template, values)
    text, slots = _fill(template, values)
    spans = tuple(Span(_KIND_OF_SLOT.get(name, name), s, e) for name, s, e in slots)
    form = "+".join(form_names) + (f" ({style})" if style else "")
    return Example(language, text, spans, form)


def _negative(rng: random.Random, language: str) -> Example:
    template = rng.choice(ZH_NEGATIVES if language == "zh" else EN_NEGATIVES)
    style, template, values = _styled(rng, language, template, negative_values(rng, language))
    text, _ = _fill(template, values)
    return Example(language, text, (), "negative" + (f" ({style})" if style else ""))


def generate(seed: int = TEST_SEED, per_kind: int = 200, negatives: int = 1200) -> list[Example]:
    """The labelled set: ``per_kind`` sentences per template group and language, plus negatives."""
    rng = random.Random(seed)
    examples = []
    for language, templates in (("zh", ZH_TEMPLATES), ("en", EN_TEMPLATES)):
        for slot_kind in templates:
            examples += [_positive(rng, language, slot_kind) for _ in range(per_kind)]
        examples += [_negative(rng, language) for _ in range(negatives)]
    return examples


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEV_SEED)
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    sample = random.Random(args.seed).sample(generate(args.seed, per_kind=20, negatives=100), args.n)
    for ex in sample:
        marked = ex.text
        for span in sorted(ex.spans, key=lambda s: -s.start):
            marked = f"{marked[:span.start]}⟦{span.kind}:{marked[span.start:span.end]}⟧{marked[span.end:]}"
        print(f"{ex.language} {ex.form:<32} {marked}")
