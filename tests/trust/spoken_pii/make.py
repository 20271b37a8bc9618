"""Regenerate the two recordings with spoken personal data used by tests/trust/test_redacted_audio.py.

    python tests/trust/spoken_pii/make.py      (needs `pip install 'callqa[samples]'` and espeak-ng)

They are synthetic (a Piper voice for the agent, espeak-ng for the customer, as in samples/), small,
and committed so the tests need no speech synthesiser. The agent reads personal data back to the
customer, in a clear voice the recogniser writes down.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from callqa.audio import decode, write  # noqa: E402
from scripts.samples.voices import NATIVE_RATE, agent_speech, customer_speech  # noqa: E402

CALLS = {  # file name: (channels, sample rate, lines as (speaker, text))
    "stereo_8k_phone.flac": (2, 8000, (
        ("agent", "Thank you for calling QuickBite, my name is Daniel. How can I help you?"),
        ("customer", "My order never came. Can you call me back later?"),
        ("agent", "I am sorry about that. Let me confirm, your number is four one five, eight six seven, "
                  "five three zero nine. I will call you back within ten minutes."),
    )),
    "mono_16k_card.mp3": (1, 16000, (
        ("agent", "Thank you for calling QuickBite, my name is Daniel. How can I help you?"),
        ("customer", "I was charged twice for my dinner."),
        ("agent", "I am sorry. I will refund the card four five three two, zero one five one, one two eight three, "
                  "zero three six six. It takes three to five days."),
    )),
}
GAP_S = 0.6


def render(channels: int, lines) -> np.ndarray:
    pieces = [(agent_speech(text, "a-101") if who == "agent" else customer_speech(text, "en-us+m3"), who)
              for who, text in lines]
    gap = int(GAP_S * NATIVE_RATE)
    out = np.zeros((2, sum(len(p) + gap for p, _ in pieces)), np.float32)
    at = 0
    for samples, who in pieces:
        out[0 if who == "agent" else 1, at:at + len(samples)] = samples
        at += len(samples) + gap
    return out if channels == 2 else out.sum(axis=0, keepdims=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, (channels, rate, lines) in CALLS.items():
            native = write(Path(tmp) / "native.wav", render(channels, lines), NATIVE_RATE)
            write(HERE / name, decode(native, rate), rate)
            print(HERE / name)


if __name__ == "__main__":
    main()
