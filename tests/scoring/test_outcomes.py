"""Rules read from the call's outcome, found on blind-test2's misses (tests/scoring/blind/test2):
a soft deflection is evasive only in a call that reached nothing; a customer's confirmation that the
agent's guidance worked resolves a call with no remedy word; a next step with a time window is a
handoff; a greeting is a salutation however the opening goes on."""

from __future__ import annotations

import pytest

from callqa.records import Turn
from scoring import build_scorer
from scoring.confirmation import confirmed_fix
from scoring.deferral import time_windows
from scoring.stonewall import unresolved_deflections
from tests.scoring.scoring_helpers import call, settings


@pytest.fixture(scope="module")
def scorer():
    return build_scorer(settings())


def _agent(text: str, index: int = 0) -> Turn:
    return Turn(index, "agent", float(index), float(index) + 1.0, text)


STONEWALL_EN = [
    ("agent", "Thanks for calling Munchly support, this is Dan. How can I help?"),
    ("customer", "The restaurant cancelled my order last night and I still got charged thirty dollars."),
    ("agent", "I'm really sorry. Refunds get released on our end right away, after that it sits with your bank. "
              "I'd recommend giving them a call."),
    ("customer", "Can you not check if it actually went out?"),
    ("agent", "Unfortunately I don't have visibility into the payment side, so the bank is really your best bet."),
    ("customer", "This is ridiculous."),
    ("agent", "Thank you for calling, have a good day."),
]


def test_a_polite_push_in_a_call_that_reached_nothing_is_evasive(scorer):
    card = scorer.score(call("en", STONEWALL_EN))
    assert card.value("resolution_level") == 0
    assert card.value("violation.evasive") == 2
    notes = [e.note for e in card.get("violation.evasive").evidence]
    assert all(n.startswith("no remedy and no handoff") for n in notes)


def test_the_same_push_in_a_resolved_call_is_not_evasive(scorer):
    lines = STONEWALL_EN[:3] + [
        ("customer", "Okay."),
        ("agent", "Actually I can see it bounced back, so I've issued a full refund of thirty dollars to your card."),
        ("customer", "Great, thank you."),
        ("agent", "Is there anything else I can help with? Thank you for calling, have a good day."),
        ("customer", "No, that's all, thanks.")]
    card = scorer.score(call("en", lines))
    assert card.value("resolution_level") >= 2
    assert card.value("violation.evasive") == 0


def test_a_disclaimer_without_a_push_is_a_refusal_not_evasive():
    turns = (_agent("规定就是这样，商家接单以后就不能取消了。"), _agent("这个确实没办法，我们无法取消。", 2))
    assert unresolved_deflections(turns, "zh") == []
    pushed = turns + (_agent("您也可以自己在App里申请取消试试。", 4),)
    found = unresolved_deflections(pushed, "zh")
    assert [e.turn for e in found] == [2, 4]
    assert found[-1].note.endswith("sends the customer to act")


def test_an_offer_asked_is_not_a_push():
    assert unresolved_deflections((_agent("您需要联系商家吗？我可以帮您联系。"),), "zh") == []
    assert unresolved_deflections((_agent("Would you like me to call the restaurant for you?"),), "en") == []


GUIDED_ZH = [
    ("agent", "您好，欢迎致电饭团外卖，我是客服小陈，请问有什么可以帮您？"),
    ("customer", "我换手机号了，原来的号注销了，现在登不上账号。"),
    ("agent", "好的，您在登录页面最下面点手机号不可用，输入原来的手机号，再按提示刷脸验证就可以换绑。"),
    ("customer", "好，刷脸通过了，显示成功了，我现在登进来了。"),
    ("agent", "好的，请问还有其他问题吗？"),
    ("customer", "没有了，谢谢你，很耐心。"),
    ("agent", "不客气，感谢您对饭团外卖的支持，祝您用餐愉快，再见。"),
]


def test_a_fix_the_customer_confirms_resolves_the_call(scorer):
    card = scorer.score(call("zh", GUIDED_ZH))
    assert card.value("resolution_level") == 3
    remedy = [e for e in card.get("resolution_level").evidence if e.turn == 2]
    assert remedy and "help the customer confirms worked" in remedy[0].cue
    unconfirmed = GUIDED_ZH[:3] + [("customer", "好。")] + GUIDED_ZH[4:]
    assert scorer.score(call("zh", unconfirmed)).value("resolution_level") == 0


def test_seeing_is_not_confirming():
    agent = (_agent("您打开首页右下角的我的，再点会员中心，积分就在头像下面那一行显示。", 2),)
    seen = (Turn(3, "customer", 3.0, 4.0, "哦，看到了。"),)
    assert confirmed_fix(agent, seen, "zh") is None
    understood = (Turn(3, "customer", 3.0, 4.0, "Oh okay, that makes sense."),)
    help_, said = confirmed_fix((_agent("The credit part went back to your wallet and the card part was sent "
                                        "on Wednesday, so it lands by Tuesday.", 2),), understood, "en")
    assert (help_.turn.index, said.phrase) == (2, "makes sense")


@pytest.mark.parametrize("text,language,window", [
    ("商家那边三个工作日内开好会发到您邮箱", "zh", "三个工作日内"),
    ("骑手十分钟之内给您送到", "zh", "十分钟之内"),
    ("They'll be emailed to you within two working days.", "en", "within two working days"),
    ("The billing team processes these in three to five business days.", "en", "three to five business days"),
    ("好的，已经给您退款了。", "zh", None),
    ("I've refunded the order.", "en", None),
])
def test_a_time_window_is_a_next_step(text, language, window):
    found = time_windows((_agent(text),), language)
    assert [m.phrase for m in found] == ([window] if window else [])


def test_a_request_logged_with_a_time_is_level_one(scorer):
    lines = [("agent", "您好欢迎致电饭团外卖，我是客服七号，请问您需要什么帮助？"),
             ("customer", "你好，我想开个发票，公司报销用的，App里找不到开发票的地方。"),
             ("agent", "这家店没有开通平台代开发票，需要商家自己开，我这边给商家发一个开票申请。"),
             ("customer", "好的。"),
             ("agent", "商家那边三个工作日内开好会发到您邮箱，超时没收到您再打过来。您还有其他要问的吗？"),
             ("customer", "没了，谢谢。"),
             ("agent", "不客气，感谢您对饭团的支持，祝您工作顺利，再见。")]
    card = scorer.score(call("zh", lines))
    assert card.value("resolution_level") == 1


@pytest.mark.parametrize("language,opening,met", [
    ("en", "Munchly support, hi, this is Jen, how can I help?", True),
    ("en", "Hello, Munchly. What do you need?", True),
    ("en", "Hello? Hello, can you hear me?", False),
    ("zh", "喂 下午好呀 外卖售后这边 我叫小周 您讲", True),
    ("zh", "您好 饭团外卖 您说", True),
    ("zh", "喂，你好，什么问题？", False),
])
def test_a_greeting_is_a_salutation_that_opens_the_call(scorer, language, opening, met):
    lines = [("agent", opening), ("customer", "My order is late." if language == "en" else "我的外卖还没到。")]
    assert scorer.score(call(language, lines)).value("script.greeting") == (1.0 if met else 0.0)


def test_a_confirmed_fix_and_a_next_step_with_a_time_meet_the_solution_step(scorer):
    assert scorer.score(call("zh", GUIDED_ZH)).value("script.solution") == 1.0
    lines = [("agent", "Good morning, Munchly, this is Sam speaking. What can I help with?"),
             ("customer", "I need VAT receipts with our company name for October."),
             ("agent", "Our finance team produces those, so I've put in a request. "
                       "They'll be emailed to you within two working days."),
             ("customer", "Great."),
             ("agent", "Is there anything else you need today?"),
             ("customer", "No, thanks."),
             ("agent", "Thanks for ringing, enjoy your day.")]
    card = scorer.score(call("en", lines))
    assert card.value("script.solution") == 1.0
    assert card.value("resolution_level") == 1


def test_a_problem_met_while_following_the_agents_steps_is_not_a_complaint(scorer):
    """A call that opens with a question: a later cue ("验证码还没来") said calmly is no complaint."""
    lines = GUIDED_ZH[:1] + [("customer", "我想问一下，我换手机号了，怎么换绑账号？"),
                             GUIDED_ZH[2], ("customer", "输进去了，验证码还没来。"),
                             ("agent", "短信有时候会慢一点，您稍等半分钟。"),
                             ("customer", "来了，显示成功了。")] + GUIDED_ZH[4:]
    card = scorer.score(call("zh", lines))
    assert card.value("script.empathy") is None
    assert card.value("violation.no_apology_on_complaint") == 0
    angry = lines[:3] + [("customer", "验证码还没来，你们这什么破系统，气死我了！")] + lines[4:]
    assert scorer.score(call("zh", angry)).value("violation.no_apology_on_complaint") == 1


def test_surprise_at_what_the_agent_did_marks_it_beyond_the_request(scorer):
    lines = [("agent", "您好，感谢您致电饭团外卖，我是客服小林，请问有什么可以帮您？"),
             ("customer", "骑手又把餐送到北门了，我住南门，每次都这样，餐都凉了。"),
             ("agent", "非常抱歉给您带来不便，我先给您退二十元作为补偿，原路退回。"),
             ("customer", "好的。"),
             ("agent", "我看了一下，您地址的定位点落在北门外面，我已经把定位挪到南门里面六号楼下了。"),
             ("customer", "啊，我都没想到是这个原因，谢谢你。"),
             ("agent", "不客气，请问还有其他需要帮助的吗？"),
             ("customer", "没有了，谢谢。"),
             ("agent", "感谢您选择饭团外卖，祝您用餐愉快，再见。")]
    card = scorer.score(call("zh", lines))
    assert card.value("resolution_level") == 4
    lifted = [e for e in card.get("resolution_level").evidence if e.turn == 4]
    assert lifted and "did not expect" in lifted[0].cue
    plain = lines[:5] + [("customer", "好的，谢谢你。")] + lines[6:]
    assert scorer.score(call("zh", plain)).value("resolution_level") == 3


@pytest.mark.parametrize("language,opening,met", [
    ("en", "Hello, Munchly. What do you need?", True),
    ("zh", "您好 这里是饭团外卖客户服务 我是客服佳佳 请问有什么需要帮忙的", True),
    ("zh", "您好饭团外卖 请问有什么问题", True),
    ("en", "Hello, Munchly.", False),
    ("zh", "您好，饭团外卖。", False),
])
def test_an_open_question_about_the_need_offers_help(scorer, language, opening, met):
    lines = [("agent", opening), ("customer", "My order is late." if language == "en" else "我的外卖还没到。")]
    assert scorer.score(call(language, lines)).value("script.offer_help") == (1.0 if met else 0.0)


@pytest.mark.parametrize("language,last,met", [
    ("en", "You're welcome. Thanks for calling, and enjoy breakfast tomorrow.", True),
    ("en", "Okay. Thanks for bearing with us, and I hope your son feels better.", True),
    ("zh", "不客气 感谢来电 祝您生活愉快", True),
    ("en", "Okay, bye.", False),
    ("zh", "好的，那先这样。", False),
])
def test_thanks_and_a_good_wish_close_the_call(scorer, language, last, met):
    opening = "Hi, thanks for calling Munchly." if language == "en" else "您好，感谢致电饭团外卖。"
    lines = [("agent", opening), ("customer", "No, that's all." if language == "en" else "没有了。"), ("agent", last)]
    assert scorer.score(call(language, lines)).value("script.closing") == (1.0 if met else 0.0)
