"""The hand-written redaction sets (benchmarks/pii_heldout.py) as a regression guard: the forms the
first two sets taught the rules (an estate part named like a district, 3门, B座, 塔3的1205, pinyin glued
to Chinese digits, letters spelled with commas or "m as in mary", "Avenue NW", a lowercase spoken
street after "it's", a cue that goes with the next value) stay found, and no negative is redacted.
The third set is the untuned measure: only its negatives are guarded here, never its recall."""

from __future__ import annotations

import pytest

from tests.transcribe.test_redact_corpus import _module


@pytest.fixture(scope="module")
def bench():
    _module("pii_corpus")
    return _module("redaction"), _module("pii_heldout")


@pytest.mark.parametrize("set_name", ["held_out", "fresh"])
def test_every_span_of_the_tuned_hand_written_sets_is_found(bench, set_name):
    redaction, heldout = bench
    scores = redaction.evaluate(getattr(heldout, set_name)(), redaction.callqa_spans)
    missed = [(ex.text[g.start:g.end], g.kind) for ex, g in scores["misses"]]
    assert not missed
    assert scores["negative_fp"] == 0 and not scores["false_alarms"]
    assert sum(scores["gold_n"].values()) >= 32


def test_no_negative_of_the_untuned_set_is_redacted(bench):
    redaction, heldout = bench
    scores = redaction.evaluate(heldout.third(), redaction.callqa_spans)
    assert scores["negatives"] >= 10 and scores["negative_fp"] == 0
