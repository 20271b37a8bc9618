"""Render an English sample call to audio: two voices on a timeline, mono or stereo, encoded with PyAV."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

from samples import voices
from samples.model import AGENT, SampleCall
from samples.timeline import Placed, call_length, place

TURN_PEAK = {AGENT: 0.55, "customer": 0.5}
CODECS = {  # container -> (codec, bit rate for mono, bit rate for stereo)
    "flac": ("flac", None, None),
    "mp3": ("libmp3lame", 32_000, 48_000),
    "ogg": ("libopus", 24_000, 32_000),
}


def render(call: SampleCall, out_dir: Path) -> tuple[Path, tuple[Placed, ...]]:
    """Synthesise, place and encode one call; return the written file and where each turn lies."""
    spec = call.rendering
    speech = [_speak(call, line) for line in call.lines]
    rate = spec.sample_rate
    speech = [_resample(s, rate) for s in speech]
    placed = place(call.lines, [len(s) / rate for s in speech], call.seed)
    n = int(round(call_length(placed) * rate))
    tracks = {AGENT: np.zeros(n, np.float32), "customer": np.zeros(n, np.float32)}
    for turn, samples in zip(placed, speech):
        at = int(round(turn.start * rate))
        tracks[turn.line.speaker][at:at + len(samples)] += samples[: n - at]
    if spec.channels == 2:
        order = (AGENT, "customer") if spec.agent_channel == 0 else ("customer", AGENT)
        audio = np.stack([tracks[who] for who in order])
    else:
        audio = (tracks[AGENT] + tracks["customer"])[None, :]
    if rate == 8000:
        audio = _telephone_band(audio, rate)
    path = out_dir / Path(call.file).name
    encode(path, np.clip(audio, -1.0, 1.0), rate, spec.container)
    return path, placed


def _speak(call: SampleCall, line) -> np.ndarray:
    if line.speaker == AGENT:
        audio = voices.agent_speech(line.text, call.agent.agent_id)
    else:
        audio = voices.customer_speech(line.text, call.customer_voice)
    return audio * (TURN_PEAK[line.speaker] / max(float(np.abs(audio).max()), 1e-6))


def _resample(audio: np.ndarray, rate: int) -> np.ndarray:
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate, voices.NATIVE_RATE)
    return resample_poly(audio, rate // g, voices.NATIVE_RATE // g).astype(np.float32)


def _telephone_band(audio: np.ndarray, rate: int) -> np.ndarray:
    """The 300-3400 Hz band of a phone line."""
    from scipy.signal import butter, sosfilt

    sos = butter(4, [300, 3400], btype="bandpass", fs=rate, output="sos")
    return sosfilt(sos, audio, axis=-1).astype(np.float32)


def encode(path: Path, audio: np.ndarray, rate: int, container: str) -> None:
    """Write ``audio`` (channels x samples, float in [-1, 1]) with PyAV; 8 kHz WAV is G.711 mu-law."""
    import av

    channels = audio.shape[0]
    if container == "wav":
        codec, bit_rate = ("pcm_mulaw" if rate == 8000 else "pcm_s16le"), None
    else:
        codec, mono_rate, stereo_rate = CODECS[container]
        bit_rate = mono_rate if channels == 1 else stereo_rate
    layout = "mono" if channels == 1 else "stereo"
    pcm = (audio.T.reshape(1, -1) * 32767).round().astype(np.int16)  # interleaved s16
    with av.open(str(path), "w", format=container, options={"fflags": "+bitexact"}) as out:  # fixed Ogg serial
        stream = out.add_stream(codec, rate=rate, layout=layout)
        if bit_rate:
            stream.bit_rate = bit_rate
        block = 4096
        for i in range(0, audio.shape[1], block):
            frame = av.AudioFrame.from_ndarray(pcm[:, i * channels:(i + block) * channels], format="s16",
                                               layout=layout)
            frame.sample_rate = rate
            frame.pts = i
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
