"""Reliability verdicts and the hallucination filter, on hand-made transcripts and signals."""

from __future__ import annotations

import numpy as np

from callqa.records import NEEDS_REVIEW, RELIABLE, UNUSABLE, Segment, Turn, Word
from transcribe.hallucination import is_music, plausible
from transcribe.reliability import judge, repetition_loop
from transcribe.signal_checks import SignalMeter, SignalStats


def turn(text, start=0.0, end=10.0, p=0.9):
    return Turn(index=0, speaker="agent", start=start, end=end, text=text, words=(Word(text, start, end, p),))


def seg(text, logprob=-0.3, no_speech=0.05, ratio=1.5):
    return Segment(0, 1, text, avg_logprob=logprob, no_speech_prob=no_speech, compression_ratio=ratio)


OK_SIGNAL = SignalStats(duration_s=12.0, loud_s=11.0)


def test_clean_call_is_reliable():
    assert judge([turn("Hello, thank you for calling.")], [seg("Hello")], OK_SIGNAL).verdict == RELIABLE


def test_unusable_inputs():
    short = judge([], [], SignalStats(duration_s=0.3))
    assert short.verdict == UNUSABLE and "too short" in short.reasons[0]
    silence = judge([], [], SignalStats(duration_s=30.0, loud_s=0.0))
    assert silence.verdict == UNUSABLE and "silence" in silence.reasons[0]
    tone = judge([], [], SignalStats(duration_s=30.0, loud_s=30.0, tone_s=29.0))
    assert tone.verdict == UNUSABLE and "tones" in tone.reasons[0]
    noise = judge([], [], SignalStats(duration_s=30.0, loud_s=30.0, tone_s=0.0))
    assert "noise" in noise.reasons[0]


def test_review_reasons():
    looped = judge([turn("okay okay okay okay okay")], [seg("x")], OK_SIGNAL)
    assert looped.verdict == NEEDS_REVIEW and "repetition loop" in looped.reasons[0]
    ratio = judge([turn("fine")], [seg("fine", ratio=3.1)], OK_SIGNAL)
    assert any("repetition" in r for r in ratio.reasons)
    unsure = judge([turn("mumble", p=0.3)], [seg("mumble")], OK_SIGNAL)
    assert any("low recognition confidence" in r for r in unsure.reasons)
    sparse = judge([turn("hi", 0, 1)], [seg("hi")], SignalStats(duration_s=60.0, loud_s=50.0))
    assert any("mostly non-speech" in r for r in sparse.reasons)
    music = judge([turn("hello")], [seg("hello")], OK_SIGNAL, music_s=40.0)
    assert any("music on hold" in r for r in music.reasons)
    hold = judge([turn("hello", 0, 10), turn("bye", 40, 50)], [seg("hello")], SignalStats(duration_s=52, loud_s=48))
    assert any("sound without speech" in r for r in hold.reasons)
    clipped = judge([turn("hello")], [seg("hello")], SignalStats(duration_s=12, loud_s=11, clipped_fraction=0.05))
    assert any("clipped" in r for r in clipped.reasons)
    guessed = judge([turn("hello")], [seg("hello")], OK_SIGNAL, roles_guessed=True)
    assert guessed.verdict == NEEDS_REVIEW and "guessed" in guessed.reasons[0]


def test_repetition_loop_finds_phrases_in_both_languages():
    assert repetition_loop("I see. I see. I see. I see.") == "i see"
    assert repetition_loop("谢谢您谢谢您谢谢您谢谢您") == "谢谢您"
    assert repetition_loop("Thank you, thank you very much, it was good.") is None
    assert repetition_loop("好的好的，没问题") is None


def test_hallucination_filter():
    assert plausible(seg("Hello there", logprob=-0.3))
    assert not plausible(seg("Thank you.", no_speech=0.5))
    assert not plausible(seg("random babble", logprob=-1.6))
    assert not plausible(seg("something", logprob=-0.8, no_speech=0.9))
    assert not plausible(seg("...", logprob=-0.1))
    assert is_music("♪ ♪") and not is_music("hello")


def test_signal_meter_detects_tone_and_clipping():
    t = np.arange(16000 * 4) / 16000
    meter = SignalMeter()
    meter.feed(0.5 * np.sin(2 * np.pi * 440 * t))
    meter.feed(np.clip(3 * np.sin(2 * np.pi * 300 * t), -1, 1)[None, :])
    stats = meter.stats
    assert abs(stats.duration_s - 8.0) < 1e-6
    assert stats.tone_s > 6.0 and stats.clipped_fraction > 0.2
    quiet = SignalMeter()
    quiet.feed(np.zeros((2, 16000)))
    assert quiet.stats.loud_s == 0.0 and quiet.stats.clipped_fraction == 0.0
