"""callqa.audio: probing, decoding, streaming and hashing real audio in every format callqa reads.

Fixtures are written here with PyAV (callqa.audio.write) or the standard library's ``wave`` from
signals generated with a fixed seed: a 440 Hz tone on the left channel, 1000 Hz on the right.
"""

from __future__ import annotations

import hashlib
import os
import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from callqa import audio
from callqa.errors import InputError
from tests.conftest import shared_data

LEFT_HZ, RIGHT_HZ = 440.0, 1000.0
CODECS = {  # extension: (codec probe reports, sample rate probe reports for a 16 kHz input)
    ".wav": ("pcm_s16le", 16000), ".flac": ("flac", 16000), ".mp3": ("mp3", 16000),
    ".m4a": ("aac", 16000), ".ogg": ("vorbis", 16000), ".opus": ("opus", 48000),
}


def signal(channels: int = 2, rate: int = 16000, seconds: float = 2.0, seed: int = 7) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    freqs = [LEFT_HZ, RIGHT_HZ, 2500.0][:channels]
    noise = np.random.default_rng(seed).normal(0, 0.01, (channels, t.size))
    return (0.4 * np.sin(2 * np.pi * np.array(freqs)[:, None] * t) + noise).astype(np.float32)


def peak_hz(channel: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(channel * np.hanning(channel.size)))
    return float(np.fft.rfftfreq(channel.size, 1 / rate)[np.argmax(spectrum)])


def write_wave(path: Path, samples: np.ndarray, rate: int) -> Path:
    """A WAV written by the standard library, independent of the code under test."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(samples.shape[0])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples.T, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def reasons(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        audio.probe(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value.reason


# --- round trips ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ext", sorted(CODECS))
def test_each_codec_round_trips_with_channels_kept_apart(tmp_path, ext):
    path = audio.write(tmp_path / f"call{ext}", signal(), 16000)
    info = audio.probe(path)
    codec, rate = CODECS[ext]
    assert (info.codec, info.sample_rate, info.channels) == (codec, rate, 2)
    assert info.duration_s == pytest.approx(2.0, abs=0.08)
    assert info.size_bytes == path.stat().st_size
    samples = audio.decode(path)
    assert samples.dtype == np.float32 and samples.shape[0] == 2
    assert samples.shape[1] == pytest.approx(32000, abs=0.08 * 16000)
    assert peak_hz(samples[0], 16000) == pytest.approx(LEFT_HZ, abs=5)
    assert peak_hz(samples[1], 16000) == pytest.approx(RIGHT_HZ, abs=5)


def test_amr_narrowband_phone_audio_round_trips(tmp_path):
    path = audio.write(tmp_path / "phone.amr", signal(channels=1, rate=8000), 8000)
    info = audio.probe(path)
    assert (info.codec, info.container, info.sample_rate, info.channels) == ("amrnb", "amr", 8000, 1)
    assert peak_hz(audio.decode(path, sample_rate=8000)[0], 8000) == pytest.approx(LEFT_HZ, abs=10)


def test_decode_of_a_standard_library_wav_is_exact_and_resamples_8k_phone_audio(tmp_path):
    original = signal(rate=8000)
    path = write_wave(tmp_path / "phone 8k.wav", original, 8000)
    info = audio.probe(path)
    assert (info.sample_rate, info.channels, info.duration_s) == (8000, 2, 2.0)
    expected = (np.clip(original, -1, 1) * 32767).astype("<i2") / 32768
    np.testing.assert_array_equal(audio.decode(path, sample_rate=8000), expected.astype(np.float32))
    upsampled = audio.decode(path)  # 16 kHz, channels still apart
    assert upsampled.shape == (2, 32000)
    assert peak_hz(upsampled[0], 16000) == pytest.approx(LEFT_HZ, abs=5)
    assert peak_hz(upsampled[1], 16000) == pytest.approx(RIGHT_HZ, abs=5)


def test_stream_chunks_concatenate_to_decode(tmp_path):
    path = audio.write(tmp_path / "call.flac", signal(seconds=3.3), 16000)
    chunks = list(audio.stream(path, chunk_s=0.5))
    assert [c.shape[1] for c in chunks] == [8000] * 6 + [4800]
    np.testing.assert_array_equal(np.concatenate(chunks, axis=1), audio.decode(path))


def test_stream_is_lazy_and_stops_early(tmp_path):
    path = audio.write(tmp_path / "call.wav", signal(seconds=3.0), 16000)
    chunks = audio.stream(path, chunk_s=1.0)
    assert next(chunks).shape == (2, 16000)
    chunks.close()  # closes the file without reading the rest


def test_stream_holds_about_one_chunk_in_memory(tmp_path):
    import tracemalloc

    rate, minutes = 8000, 10
    path = write_wave(tmp_path / "long.wav", signal(channels=1, rate=rate, seconds=60.0), rate)
    with wave.open(str(path)) as w:
        minute = w.readframes(w.getnframes())
    with wave.open(str(path), "wb") as w:  # ten minutes of 8 kHz phone audio
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(minute * minutes)
    whole_bytes = minutes * 60 * 16000 * 4  # float32 at 16 kHz, what decode() would hold
    tracemalloc.start()
    try:
        total = sum(chunk.shape[1] for chunk in audio.stream(path, chunk_s=30.0))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == minutes * 60 * 16000
    assert peak < whole_bytes / 3, f"streaming held {peak / 1e6:.1f} MB of a {whole_bytes / 1e6:.0f} MB decode"


def test_three_channels_are_read_as_three(tmp_path):
    path = write_wave(tmp_path / "conference.wav", signal(channels=3), 16000)
    assert audio.probe(path).channels == 3
    assert audio.decode(path).shape == (3, 32000)


def test_content_hash_is_sha256_of_the_bytes(tmp_path):
    path = audio.write(tmp_path / "a.wav", signal(), 16000)
    assert audio.content_hash(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    copy = tmp_path / "copy of a.wav"
    copy.write_bytes(path.read_bytes())
    assert audio.content_hash(copy) == audio.content_hash(path)


def test_names_with_unicode_spaces_and_colons_are_plain_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("录音 2026").mkdir()
    path = audio.write(Path("录音 2026") / "客服 通话 #1.wav", signal(), 16000)
    assert audio.probe(path).channels == 2
    assert audio.decode(path).shape == (2, 32000)
    lookalike = audio.write("http:callcenter.wav", signal(), 16000)  # a file, not a URL
    assert audio.probe(lookalike).channels == 2


def test_probe_without_verify_reads_headers_only(tmp_path):
    path = audio.write(tmp_path / "call.mp3", signal(), 16000)
    assert audio.probe(path, verify=False).duration_s == pytest.approx(2.0, abs=0.05)


# --- bad input -----------------------------------------------------------------------------------

def test_missing_directory_and_empty_files(tmp_path):
    assert reasons(tmp_path / "nope.wav") == "no such file"
    assert reasons(tmp_path) == "is a directory, not an audio file"
    (tmp_path / "empty.wav").touch()
    assert reasons(tmp_path / "empty.wav") == "empty file (0 bytes)"


def test_dangling_symlink(tmp_path):
    (tmp_path / "gone.wav").symlink_to(tmp_path / "deleted.wav")
    assert reasons(tmp_path / "gone.wav").startswith("broken symbolic link")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    path = audio.write(tmp_path / "locked.wav", signal(), 16000)
    path.chmod(0)
    try:
        assert reasons(path) == "permission denied (cannot read the file)"
    finally:
        path.chmod(0o644)


def test_text_renamed_wav_and_garbage(tmp_path):
    text = tmp_path / "notes.wav"
    text.write_text("Call notes: customer asked about a refund.\n" * 30, encoding="utf-8")
    assert reasons(text) == "not audio: the file holds text"
    garbage = tmp_path / "garbage.mp3"
    garbage.write_bytes(np.random.default_rng(1).bytes(8000))
    assert reasons(garbage) == "not a recognised audio format"


@pytest.mark.parametrize("ext", [".wav", ".mp3", ".flac", ".m4a"])
def test_truncated_files_are_refused(tmp_path, ext):
    whole = audio.write(tmp_path / f"whole{ext}", signal(seconds=3.0), 16000).read_bytes()
    cut = tmp_path / f"cut{ext}"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "truncated" in reasons(cut)
    with pytest.raises(InputError):
        audio.decode(cut)


def test_wav_cut_inside_its_header(tmp_path):
    whole = audio.write(tmp_path / "whole.wav", signal(), 16000).read_bytes()
    (tmp_path / "cut.wav").write_bytes(whole[:30])
    assert reasons(tmp_path / "cut.wav") == "corrupt or truncated WAV file: its header cannot be read"


def test_corrupt_data_inside_a_flac_is_refused(tmp_path):
    data = bytearray(audio.write(tmp_path / "call.flac", signal(seconds=3.0), 16000).read_bytes())
    middle = len(data) // 3
    data[middle:middle + 3000] = np.random.default_rng(2).bytes(3000)
    (tmp_path / "damaged.flac").write_bytes(bytes(data))
    assert "truncated" in reasons(tmp_path / "damaged.flac") or "corrupt" in reasons(tmp_path / "damaged.flac")


def test_unsupported_codec(tmp_path):
    data = bytearray(write_wave(tmp_path / "a.wav", signal(), 16000).read_bytes())
    fmt = data.find(b"fmt ")
    data[fmt + 8:fmt + 10] = struct.pack("<H", 0x7777)  # a WAVE format tag no codec has
    (tmp_path / "odd.wav").write_bytes(bytes(data))
    assert reasons(tmp_path / "odd.wav") == "unsupported audio codec (WAV format tag 0x7777): no decoder for it"


def test_video_without_audio(tmp_path):
    import av

    path = tmp_path / "screen.mp4"
    with av.open(str(path), "w") as container:
        video = container.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 32, 32, "yuv420p"
        for _ in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8), format="rgb24")
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
    assert reasons(path) == "no audio stream (the mp4 file holds video)"


def test_header_only_wav_holds_no_audio(tmp_path):
    path = write_wave(tmp_path / "silent.wav", np.zeros((1, 0), np.float32), 8000)
    assert reasons(path) == "holds no audio samples (0 s)"


def test_write_refuses_what_it_cannot_write(tmp_path):
    with pytest.raises(ValueError, match="cannot write '.xyz'"):
        audio.write(tmp_path / "a.xyz", signal(), 16000)
    with pytest.raises(ValueError, match="mono"):
        audio.write(tmp_path / "a.amr", signal(), 8000)


# --- real recordings from ../shared/data ---------------------------------------------------------

def test_real_flac_stereo_44k():
    path = shared_data("speech", "whisper_jfk", "jfk.flac")
    info = audio.probe(path)
    assert (info.codec, info.sample_rate, info.channels) == ("flac", 44100, 2)
    assert info.duration_s == pytest.approx(11.0, abs=0.01)
    assert audio.decode(path).shape == (2, 176000)


def test_real_8k_phone_wav_decodes_exactly():
    path = shared_data("speech", "voxconverse_aepyx_8k", "aepyx_8k.wav")
    info = audio.probe(path)
    assert (info.sample_rate, info.channels) == (8000, 1)
    with wave.open(str(path)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    np.testing.assert_array_equal(audio.decode(path, sample_rate=8000)[0], (pcm / 32768).astype(np.float32))
    assert sum(c.shape[1] for c in audio.stream(path, chunk_s=30)) == round(info.duration_s * 16000)


def test_real_stereo_call_keeps_each_party_on_its_channel():
    path = shared_data("speech", "fasterwhisper_stereo", "stereo_diarization.wav")
    with wave.open(str(path)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2).T
    decoded = audio.decode(path)
    np.testing.assert_array_equal(decoded, (pcm / 32768).astype(np.float32))
    assert not np.array_equal(decoded[0], decoded[1])
