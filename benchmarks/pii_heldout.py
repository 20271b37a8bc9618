"""Hand-written call snippets with personal data marked ⟦kind:text⟧: a check outside the generator.

The generated set (pii_corpus.py) only holds the forms its author enumerated. These sentences were
written separately, the way callers and agents actually say things (area code "then" the number,
phonetic spelling, room numbers without 室, a foreign number). Their first run found gaps that were
then closed in general form (filler words inside numbers, 人民南路四段, 2单元401, 艾特一六三, "W 1 1…"),
so they are no longer an independent measure. The two misses they kept (望京SOHO塔3的1205, "m as in
mary, i, k, e") were closed in 2026-11 together with those of the second set (FRESH_*, below); the
third set (THIRD_*) was written after that and is the one never tuned on.
"""

from __future__ import annotations

import re

from pii_corpus import Example, Span

_MARK = re.compile(r"⟦(\w+):(.*?)⟧")

ZH = """
喂你好，我手机号是⟦phone:一八六，幺零二四，七七五九⟧
您稍等，我念一下卡号啊，⟦bank_card:六二二二，零二幺二，三四五六，七八九零⟧
身份证是⟦id_number:三四零一零四一九八八零三一五二零一叉⟧
我家地址是⟦address:杭州市西湖区文三路478号华星科技大厦5楼⟧
送到⟦address:朝阳区望京SOHO塔3的1205⟧
邮箱是 ⟦email:wang_fang1988@163.com⟧
邮箱就是我名字拼音⟦email:wangfang，艾特一六三点com⟧
座机号码是⟦phone:零二一，六四三七，八八九九⟧
我的订单号是 ⟦order_number:2024 0315 8876 5432 1⟧
快递单号⟦order_number:SF1234567890123⟧你帮我查一下
麻烦打这个号码：⟦phone:159 0123 4567⟧
手机尾号是5678的那个
我们这个活动是满199减30，8月31号截止
您的会员等级是黄金会员，积分是12880
客服热线4008-123-123，工作时间九点到六点
收件人张伟，电话⟦phone:13912345678⟧，地址⟦address:江苏省苏州市工业园区星湖街328号⟧
我身份证后四位是1234
银行卡是工商银行的，⟦bank_card:6212 2640 0000 1234 567⟧
我在⟦address:浦东新区张江镇祖冲之路2290号⟧上班
家住⟦address:海淀区中关村南大街5号院3号楼2单元401⟧
二零二四年三月十五号下的单，一共三百八十八块
我打了三次电话，等了二十分钟
电话是⟦phone:1 3 8 1 2 3 4 5 6 7 8⟧
我的手机是⟦phone:+86 13800138000⟧，微信同号
您好，工号一零二三四五为您服务
这边给您退款两百九十九元，三到五个工作日到账
我的新手机号码是⟦phone:幺五零，两两三三，四四五五⟧，旧的那个停了
寄到⟦address:四川省成都市武侯区人民南路四段27号⟧
"""

EN = """
Yeah it's area code ⟦phone:four one five, then eight six seven, fifty three oh nine⟧.
You can reach me at ⟦phone:650-253-0000⟧ extension 42.
My card number is ⟦bank_card:4532 0151 1283 0366⟧ and the CVV is 123.
The last four of my social are 6789.
Social is ⟦ssn:078-05-1120⟧.
Email me at ⟦email:sarah.oconnor@example.org⟧ please.
It's ⟦email:m as in mary, i, k, e at yahoo dot com⟧.
I'm at ⟦address:350 Fifth Avenue, New York, NY 10118⟧.
Ship it to ⟦address:1 Infinite Loop, Cupertino, CA 95014⟧.
My address is ⟦address:4059 Mt Lee Drive, Hollywood⟧.
Send it to ⟦address:P.O. Box 1234, Austin, TX 78701⟧.
We close at 5 and open at 9 tomorrow.
Your total is two hundred forty nine ninety nine.
I've called like 3 or 4 times since March 12th.
The tracking says it left the facility at 10:42.
Our fax line is 1-800-555-0100.
I was on hold for forty five minutes.
It's a 2019 Honda Civic with 45,000 miles on it.
Call me on my cell, ⟦phone:917 555 0142⟧.
My number's ⟦phone:eight one eight, five five five, oh one nine nine⟧.
Her number is ⟦phone:+44 20 7946 0958⟧.
My card is a Visa ending in 4242.
It's ⟦bank_card:4111-1111-1111-1111⟧, expiration 12/26.
SSN ⟦ssn:123 45 6789⟧, date of birth March 3rd 1980.
my order number is ⟦order_number:W 1 1 2 7 8 5 5 4 3⟧
i live at ⟦address:twenty two baker street apartment b⟧
The refund of $49.99 will post in 3 to 5 business days.
Can you confirm the ticket 4471? It was opened on 2024-03-15.
"""


# A second set, written on 2026-11-22 before anything was run on it. Its first run: structured
# recall 0.913, precision 0.958 (misses: an estate part named like a district 芳城园一区 then 3门,
# a lettered building B座, pinyin glued to Chinese digits, letters spelled with commas, a quadrant
# "Avenue NW", a lowercase spoken street after "it's", and "reference" taken as the cue of the number
# before it). The rules were then widened in general form, so it is no longer independent either.
FRESH_ZH = """
您好，我的手机号码是⟦phone:一三九 八七六五 四三二一⟧，麻烦回个电话
我再报一遍啊，⟦phone:幺三五，零零幺幺，二二三三⟧
你打我老婆的电话吧，⟦phone:186-0210-3344⟧
家里座机⟦phone:010-8765 4321⟧，白天没人接
身份证号⟦id_number:11010519491231002X⟧
我身份证是⟦id_number:四四零三零四，一九九零零一零一，一二三三⟧
卡号是⟦bank_card:6228 4800 1234 5671⟧
退到我建行卡上，卡号⟦bank_card:六二一七 零零零零 幺零零幺 二三四五 六七七⟧
我的邮箱⟦email:zhangsan.bj@qq.com⟧
邮箱是⟦email:liming二零二零艾特qq点com⟧
地址写⟦address:广东省深圳市南山区深南大道9988号⟧
送到⟦address:上海市徐汇区漕溪北路88号圣爱大厦1602室⟧
我住⟦address:北京市丰台区方庄芳城园一区12号楼3门502⟧
地址是⟦address:武汉市洪山区珞喻路1037号⟧华中科技大学东门
放到⟦address:天河区体育西路103号维多利广场B座⟧前台就行
订单号是⟦order_number:DD20241108776655⟧
我十一月八号下的单，到现在已经五天了
你们这个优惠券满五十减十，我用了两张
骑手说还有三公里，十分钟就到
我这个会员卡是二零一九年办的
这个套餐一百二十九一个月，流量四十个G
您的工单号是二三四五，我们会在二十四小时内处理
我们店在三楼，电梯上来右手边第二家
价格是六百八十八元，已经打了八折
"""

FRESH_EN = """
My phone number is ⟦phone:(312) 555-0187⟧.
Yeah so it's ⟦phone:two oh six, five five five, one two one two⟧.
You can text me at ⟦phone:7 0 2 5 5 5 0 1 9 3⟧.
The number on file should be ⟦phone:+1 646 555 0110⟧.
Card number ⟦bank_card:5500 0000 0000 0004⟧.
It's ⟦bank_card:three seven eight two, eight two two four, six three one, zero zero zero five⟧.
My social security number is ⟦ssn:219-09-9999⟧.
Social's ⟦ssn:five four three, two one, nine eight seven six⟧.
Send the receipt to ⟦email:j.rodriguez42@outlook.com⟧.
It's ⟦email:tom underscore baker at gmail dot com⟧.
My email is ⟦email:k, a, t, e, dot, l, e, e at icloud dot com⟧.
I moved to ⟦address:742 Evergreen Terrace, Springfield⟧.
Deliver to ⟦address:1600 Pennsylvania Avenue NW, Washington, DC 20500⟧.
The billing address is ⟦address:55 Water Street, Suite 300, Brooklyn, NY 11201⟧.
it's ⟦address:eighteen oak lane⟧
My order number is ⟦order_number:113-4456789-1234567⟧.
I ordered two pizzas at 7:45 and they came at 9.
The promo code was SAVE20 and it didn't work.
I've been a customer for 12 years.
It cost $1,249.00 before tax.
The room was like 72 degrees.
Flight 1234 leaves from gate B22.
I'll call you back in 15 minutes.
Your case ID is 88213 and the reference is ABC-77.
"""


# A third set, written on 2026-11-22 after those changes and before anything was run on it: the
# untuned measure. Keep it so: report its misses, never tune on them.
THIRD_ZH = """
麻烦寄到⟦address:南京市鼓楼区中山北路200号⟧，谢谢
我电话⟦phone:一五八 二二三三 四四五五⟧
联系人李娜，⟦phone:137-1234-5678⟧
我办公室电话是⟦phone:0755-26881234⟧
身份证⟦id_number:320584198511204562⟧
卡号⟦bank_card:6222 0212 3456 7894⟧
我的邮箱是⟦email:chenhao_88@sina.com⟧
邮箱⟦email:wx一二三四五艾特163点com⟧
地址是⟦address:成都市锦江区春熙路步行街18号⟧
送到⟦address:杭州市余杭区文一西路969号⟧
我住在⟦address:阳光花园7栋2单元1503⟧
快递放⟦address:西湖区古荡新村东区5幢⟧门口
我下午三点以后在家
这单一共七十五块钱
我等了四十分钟了
你们客服电话一直占线
两份套餐一份饮料
活动截止到十二月三十一号
"""

THIRD_EN = """
Call me at ⟦phone:(415) 555-2671⟧ after six.
My cell is ⟦phone:nine one seven, four four four, two one one two⟧.
The card is ⟦bank_card:4000 0566 5566 5556⟧.
Use the Amex, ⟦bank_card:3782 822463 10005⟧.
My SSN is ⟦ssn:457-55-5462⟧.
Social is ⟦ssn:four five seven, five five, five four six two⟧.
Email is ⟦email:dan.miller@company.co.uk⟧.
It's ⟦email:jenny underscore lee eighty eight at hotmail dot com⟧.
I'm at ⟦address:221B Baker Street, London⟧.
Ship to ⟦address:500 W 2nd Street, Austin, TX 78701⟧.
please send it to ⟦address:forty two wallaby way, sydney⟧
I waited 45 minutes on hold.
The order total was 32.50.
I have 2 kids and a dog.
We're on the 3rd floor.
Version 14.2 of the app crashes.
It's a one way street.
It's the third time this week.
"""


def _parse(line: str, language: str) -> Example:
    text, spans, cursor = [], [], 0
    length = 0
    for m in _MARK.finditer(line):
        text.append(line[cursor:m.start()])
        length += m.start() - cursor
        spans.append(Span(m.group(1), length, length + len(m.group(2))))
        text.append(m.group(2))
        length += len(m.group(2))
        cursor = m.end()
    text.append(line[cursor:])
    return Example(language, "".join(text), tuple(spans), "held-out" if spans else "negative")


def held_out() -> list[Example]:
    return [_parse(line.strip(), language) for language, block in (("zh", ZH), ("en", EN))
            for line in block.strip().splitlines() if line.strip()]


def fresh() -> list[Example]:
    """The second hand-written set (FRESH_ZH, FRESH_EN), never tuned on."""
    return [_parse(line.strip(), language) for language, block in (("zh", FRESH_ZH), ("en", FRESH_EN))
            for line in block.strip().splitlines() if line.strip()]


def third() -> list[Example]:
    """The third hand-written set (THIRD_ZH, THIRD_EN), never tuned on."""
    return [_parse(line.strip(), language) for language, block in (("zh", THIRD_ZH), ("en", THIRD_EN))
            for line in block.strip().splitlines() if line.strip()]
