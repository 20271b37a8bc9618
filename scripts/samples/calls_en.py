"""English sample calls, rendered to audio: our own scripted dialogues for the food-delivery desk."""

from samples.agents import DANIEL, LIAM, MARCUS
from samples.model import A, C, Intended, Rendering, SampleCall

CALLS_EN = (
    SampleCall(
        name="en_01_late_dinner_surprise", language="en", agent=DANIEL,
        started_at="2026-03-02T18:42:00", direction="inbound", queue="orders", customer_id="c-5001",
        intended=Intended(4, "order_delay", ()),
        rendering=Rendering("flac", channels=2, sample_rate=16000, agent_channel=0),
        summary="Late dinner: full refund, free fresh meal, unrequested voucher, root cause reported; customer delighted.",
        customer_voice="en-us+f3", seed=1,
        lines=(
            A("Hello, thank you for calling QuickBite customer service. My name is Daniel. How can I help you today?"),
            C("Hi. I ordered dinner almost two hours ago and it still hasn't arrived. My kids are starving."),
            A("I'm so sorry for the trouble, and I understand how frustrating that is. "
              "Could you please confirm the order number for me?"),
            C("Sure, it's four eight two seven one."),
            A("Thank you. I can see the restaurant was overloaded tonight, and your order was never picked up."),
            A("Here is what I can do. I will give you a full refund right now. I have also called the restaurant, "
              "and they are cooking a fresh meal that our fastest rider will bring in twenty minutes, free of charge.",
              gap=0.5),
            C("Oh, really?"),
            A("Yes. I have added a ten dollar voucher to your account for next time, and I have reported the delay, "
              "so the restaurant gets more riders at peak hours."),
            C("Wow, that is more than I expected. Thank you so much, that's really thoughtful."),
            A("You're very welcome. Is there anything else I can help you with?"),
            C("No, that's everything. Thanks again."),
            A("Thank you for choosing QuickBite, and have a nice day."),
        ),
    ),
    SampleCall(
        name="en_02_cold_pizza_satisfied", language="en", agent=LIAM,
        started_at="2026-03-05T12:15:00", direction="inbound", queue="orders", customer_id="c-5002",
        intended=Intended(3, "food_quality", ()),
        rendering=Rendering("mp3", channels=1, sample_rate=16000),
        summary="Cold, crushed pizza: full refund, other needs checked, customer thanks the agent.",
        customer_voice="en-gb+m3", seed=2,
        lines=(
            A("Hello, thank you for calling QuickBite. My name is Liam, how can I help you?"),
            C("Hi Liam. My pizza arrived cold, and the box was completely crushed. It's really disappointing."),
            A("I'm sorry for the trouble, I understand how disappointing that is. "
              "Can you confirm the phone number on the order, please?"),
            C("Yes, it's the one ending in five five zero nine."),
            A("Thank you, I found it. Here is what I can do: I will refund the pizza in full to your card, "
              "and it should arrive in three to five days."),
            C("Okay, that works for me."),
            A("Great, the refund is done. Is there anything else I can help you with today?"),
            C("No, that's all. Thank you, I really appreciate it."),
            A("Thank you for choosing QuickBite, have a nice day."),
        ),
    ),
    SampleCall(
        name="en_03_stuck_refund_phone", language="en", agent=MARCUS,
        started_at="2026-03-11T09:05:00", direction="inbound", queue="payments", customer_id="c-5003",
        intended=Intended(2, "refund_dispute", (), missed_steps=("self_intro", "other_needs")),
        rendering=Rendering("wav", channels=1, sample_rate=8000),
        summary="Stuck refund sent to the wallet instead; customer accepts flatly. 8 kHz mu-law phone audio.",
        customer_voice="en-us+m2", seed=3,
        lines=(
            A("Hello, thank you for calling QuickBite. How can I help you?"),
            C("I cancelled an order last week and I still haven't got my money back. "
              "They told me it would take three days. I have called twice about this already."),
            A("I'm sorry about that, I understand. Could you confirm your order number?"),
            C("It's seven three three zero nine."),
            A("Thanks. I see the refund got stuck, because the card you paid with has expired."),
            A("Here is what I can do: I will send the refund to your QuickBite wallet instead, "
              "and you will see it there within the hour.", gap=0.6),
            C("Fine, I guess that's okay. The wallet is fine."),
            A("Done. The money is on its way to your wallet. Thank you for choosing QuickBite, have a nice day."),
        ),
    ),
    SampleCall(
        name="en_04_rude_rider_transfer", language="en", agent=DANIEL,
        started_at="2026-03-16T20:31:00", direction="inbound", queue="riders", customer_id="c-5004",
        intended=Intended(1, "rider_issue", (), transferred=True),
        rendering=Rendering("ogg", channels=2, sample_rate=48000, agent_channel=1),
        summary="Rude rider: case opened with a callback time, then a transfer to the rider safety team.",
        customer_voice="en-us+f4", seed=4,
        lines=(
            A("Hello, thank you for calling QuickBite. My name is Daniel, how can I help you?"),
            C("Hi. The rider who delivered my order just now was really rude to me, "
              "and he threw the bag on the ground."),
            A("I'm very sorry for the trouble, that should never happen. Could you please confirm the order number?"),
            C("It's six one one four two."),
            A("Thank you. Complaints about riders are handled by our rider safety team, so here is what I can do. "
              "I am opening a case for you, and the team will call you back within two hours."),
            C("Okay. Can I talk to them right now?"),
            A("Of course. Is there anything else I can help you with before I put you through?"),
            C("No, that's it."),
            A("Then let me transfer you to a specialist, please hold. "
              "Thank you for choosing QuickBite, and have a nice day."),
        ),
    ),
    SampleCall(
        name="en_05_callback_rude_overtalk", language="en", agent=LIAM,
        started_at="2026-03-19T14:48:00", direction="inbound", queue="orders", customer_id="c-5005",
        intended=Intended(0, "service_attitude", ("rude", "overtalk", "no_apology_on_complaint"),
                          missed_steps=("greeting", "self_intro", "offer_help", "empathy", "solution",
                                        "other_needs", "closing")),
        rendering=Rendering("mp3", channels=2, sample_rate=16000, agent_channel=0),
        summary="Broken callback promise; the agent cuts the customer off twice, blames and dismisses them.",
        customer_voice="en-gb+f2", seed=5,
        lines=(
            A("QuickBite support. What's the problem?"),
            C("Hi. I called yesterday about my missing drinks, and the agent promised me a callback "
              "that never came. I waited all evening and nobody called me back, so now I have to"),
            A("Yeah, I already told you people, we don't do callbacks.", gap=-1.6),
            C("Excuse me? I am trying to explain what happened, and you keep cutting me off like that."),
            A("Calm down. Just give me the order number.", gap=-1.3),
            C("It's two two nine one five. I just want someone to fix this."),
            A("Look, the drinks were marked as delivered. There is nothing I can do about it."),
            C("So you are just going to leave it like that? This is the worst service I have ever had."),
            A("That's how it works. Bye."),
        ),
    ),
    SampleCall(
        name="en_06_late_lunch_evasive", language="en", agent=MARCUS,
        started_at="2026-03-24T13:02:00", direction="inbound", queue="orders", customer_id="c-5006",
        intended=Intended(0, "order_delay", ("evasive", "no_apology_on_complaint"),
                          missed_steps=("empathy", "solution", "other_needs")),
        rendering=Rendering("ogg", channels=1, sample_rate=48000),
        summary="Lunch an hour late; the agent sends the customer to the restaurant and never apologises.",
        customer_voice="en-us+m3", seed=6,
        lines=(
            A("Hello, thank you for calling QuickBite. My name is Marcus, how can I help you?"),
            C("My lunch order is an hour late, and the app says the restaurant hasn't even started it. "
              "I need to get back to work soon."),
            A("Can you confirm the order number?"),
            C("Five zero eight eight three."),
            A("Right. That's the restaurant's problem, not ours. "
              "That's not my department, you can call the restaurant yourself."),
            C("But I ordered through your app. Can't you at least cancel it, or contact them for me?"),
            A("I can't do anything from here. You'll have to sort it out with them."),
            C("Unbelievable. Okay, whatever."),
            A("Thank you for choosing QuickBite, have a nice day."),
        ),
    ),
    SampleCall(
        name="en_07_invoice_long_wait", language="en", agent=LIAM,
        started_at="2026-04-02T10:27:00", direction="inbound", queue="accounts", customer_id="c-5007",
        intended=Intended(2, "other", ("long_silence",), missed_steps=("other_needs",)),
        rendering=Rendering("flac", channels=2, sample_rate=8000, agent_channel=1),
        summary="Company invoice request; the customer waits 70 s in silence with no hold notice, then gets it.",
        customer_voice="en-gb+f4", seed=7,
        lines=(
            A("Hello, thank you for calling QuickBite. My name is Liam, how can I help you?"),
            C("Hi. I need a receipt with my company's name on it for last Friday's team lunch. "
              "The app only gives me a plain receipt."),
            A("Sure. Could you confirm the phone number on your account?"),
            C("It ends in two four six eight."),
            A("Let me look."),
            C("Hello? Are you still there? I have been waiting for over a minute.", gap=70.0),
            A("Yes, I'm sorry for the wait. I found the order. Here is what I can do: "
              "I will email you an invoice with your company name within ten minutes."),
            C("Okay, great. The company name is Northwind Design."),
            A("Got it, the invoice will go to your email. Thank you for choosing QuickBite, have a nice day."),
        ),
    ),
    SampleCall(
        name="en_08_wrong_building_surprise", language="en", agent=MARCUS,
        started_at="2026-04-14T19:55:00", direction="inbound", queue="riders", customer_id="c-5008",
        intended=Intended(4, "rider_issue", ()),
        rendering=Rendering("flac", channels=1, sample_rate=16000),
        summary="Rider left the order at the wrong building; agent calls the rider, refunds the fee, adds a dessert.",
        customer_voice="en-us+f2", seed=8,
        lines=(
            A("Hello, thank you for calling QuickBite. My name is Marcus. How can I help you today?"),
            C("Hi Marcus. The app says my order was delivered, but it's not here. "
              "I think the rider left it at the wrong building."),
            A("I'm sorry for the trouble, I understand. Could you confirm your order number, please?"),
            C("Yes, it's nine four one zero six."),
            A("Thank you. I have just called the rider. He left it at building B by mistake, "
              "and he is bringing it to your door now. It will be about five minutes."),
            C("Oh, okay, good."),
            A("Here is what I can do as well: I have refunded your delivery fee, "
              "and the restaurant is adding a free dessert to say sorry."),
            C("Really? I didn't expect that at all. That's so kind, thank you!"),
            A("My pleasure. Is there anything else I can help you with?"),
            C("No, that's perfect."),
            A("Thank you for choosing QuickBite, and have a nice day."),
        ),
    ),
)
