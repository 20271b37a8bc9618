"""DER, VAD time maps and streaming blocks on hand-made inputs."""

from __future__ import annotations

import numpy as np
import pytest

from callqa.records import SpeakerSpan
from transcribe.blocks import SAMPLE_RATE, blocks, quietest_cut
from transcribe.der import der, read_rttm, read_uem
from transcribe.vad import Region, TimeMap, pack_regions


def test_der_perfect_and_swapped_labels():
    ref = [SpeakerSpan(0, 5, "a"), SpeakerSpan(5, 10, "b")]
    assert der(ref, [SpeakerSpan(0, 5, "X"), SpeakerSpan(5, 10, "Y")]).der == pytest.approx(0.0)


def test_der_components():
    ref = [SpeakerSpan(0, 4, "a"), SpeakerSpan(4, 8, "b"), SpeakerSpan(6, 8, "a")]  # 2 s overlap
    hyp = [SpeakerSpan(0, 5, "1"), SpeakerSpan(5, 9, "2")]
    r = der(ref, hyp)
    assert r.total == pytest.approx(10.0)
    assert r.missed == pytest.approx(2.0)  # overlap: one speaker found of two
    assert r.false_alarm == pytest.approx(1.0)  # 8-9 s
    assert r.confusion == pytest.approx(1.0)  # 4-5 s: b labelled 1, which maps to a
    assert r.der == pytest.approx((2 + 1 + 1) / 10)


def test_der_collar_and_uem():
    ref = [SpeakerSpan(0, 5, "a"), SpeakerSpan(5, 10, "b")]
    hyp = [SpeakerSpan(0, 5.2, "1"), SpeakerSpan(5.2, 10, "2")]
    assert der(ref, hyp).der == pytest.approx(0.02)
    assert der(ref, hyp, collar=0.25).der == pytest.approx(0.0)
    assert der(ref, [SpeakerSpan(0, 5, "1")], uem=[(0, 5)]).der == pytest.approx(0.0)


def test_rttm_and_uem_readers(tmp_path):
    rttm = tmp_path / "x.rttm"
    rttm.write_text("SPEAKER f1 1 0.50 1.25 <NA> <NA> spk1 <NA> <NA>\nSPEAKER f2 1 0 1 <NA> <NA> s <NA> <NA>\n")
    assert read_rttm(rttm, "f1") == [SpeakerSpan(0.5, 1.75, "spk1")]
    uem = tmp_path / "x.uem"
    uem.write_text("f1 NA 0.000 30.000\n")
    assert read_uem(uem, "f1") == [(0.0, 30.0)]


def test_time_map_back_to_source():
    regions = [Region(1.0, 2.0), Region(5.0, 7.0)]
    m = TimeMap(regions)
    assert m.total == pytest.approx(3.0)
    assert m.to_source(0.5) == pytest.approx(1.5)
    assert m.to_source(1.0, is_end=True) == pytest.approx(2.0)
    assert m.to_source(1.0) == pytest.approx(5.0)
    assert m.to_source(2.5) == pytest.approx(6.5)


def test_words_do_not_span_cut_silence():
    m = TimeMap([Region(90.0, 94.4), Region(103.0, 104.0)])
    assert m.word_to_source(4.3, 4.35) == (94.3, 94.35)
    assert m.word_to_source(4.33, 4.8) == (103.0, 103.4)  # mostly in the second region
    assert m.word_to_source(4.0, 4.42) == (94.0, 94.4)  # mostly in the first
    assert TimeMap([]).word_to_source(1.0, 2.0) == (1.0, 2.0)


def test_pack_regions_up_to_a_window():
    regions = [Region(i * 10.0, i * 10.0 + 8.0) for i in range(5)]
    packs = pack_regions(regions, window_s=20.0)
    assert [len(p.regions) for p in packs] == [2, 2, 1]
    assert all(p.duration <= 20.0 for p in packs)


def test_blocks_cover_the_stream_and_cut_at_quiet_moments():
    rng = np.random.default_rng(0)
    total = int(600.5 * SAMPLE_RATE)
    signal = (0.1 * rng.standard_normal((2, total))).astype(np.float32)
    quiet_at = int(236.0 * SAMPLE_RATE)
    signal[:, quiet_at:quiet_at + SAMPLE_RATE // 2] = 0.0
    chunks = (signal[:, i:i + 30 * SAMPLE_RATE] for i in range(0, total, 30 * SAMPLE_RATE))
    out = list(blocks(chunks, block_s=240.0))
    assert np.array_equal(np.concatenate([b.samples for b in out], axis=1), signal)
    assert out[0].offset == 0.0 and out[1].offset == pytest.approx(out[0].duration)
    assert 236.0 <= out[0].duration <= 236.5  # the cut falls in the silent half second
    assert max(b.duration for b in out) <= 240.0 + 15.0


def test_quietest_cut_on_short_input():
    assert quietest_cut(np.zeros((1, 100), dtype=np.float32)) == 100
