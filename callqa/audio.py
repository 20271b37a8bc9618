"""Call recordings in and out, with PyAV (the ffmpeg libraries bundled in its wheel; no ffmpeg binary).

``probe`` says what a file holds and refuses what cannot be used, ``decode`` and ``stream`` give float32
samples shaped ``(channels, n)`` with every channel kept apart (stereo calls hold one party per channel),
``content_hash`` is a call's identity and ``write`` encodes samples (sample calls, test fixtures, clips).

Every problem with a file is an :class:`~callqa.errors.InputError` whose ``str`` is ``path: reason``.
Truncation is found where the format declares its length (WAV data size, FLAC total samples, an MP3
Xing/Info/VBRI header, MP4/M4A sample tables) and by decoder errors everywhere else; an Ogg, AMR or
header-less MP3 file cut at a frame boundary is indistinguishable from a shorter recording.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
import struct
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Iterator

import numpy as np

from callqa.errors import InputError
from callqa.records import AudioInfo

HASH_BLOCK = 1 << 20
_SHORTFALL_S = 0.1  # decoded audio may fall short of the declared length by this (or 1 %) before it is "truncated"
_MP4 = "mov,mp4,m4a,3gp,3g2,mj2"
_ENCODERS = {  # file extension -> (PyAV encoder, encoder options)
    ".wav": ("pcm_s16le", {}), ".flac": ("flac", {}), ".mp3": ("libmp3lame", {}),
    ".m4a": ("aac", {}), ".ogg": ("vorbis", {"strict": "experimental"}), ".opus": ("libopus", {}),
    ".amr": ("libopencore_amrnb", {}),
}


def content_hash(path: str | Path) -> str:
    """SHA-256 (hex) of the file's bytes, read in blocks: a call's ``call_id``."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(HASH_BLOCK):
                digest.update(block)
    except OSError as err:
        raise InputError(str(path), _os_reason(err)) from err
    return digest.hexdigest()


def probe(path: str | Path, *, verify: bool = True) -> AudioInfo:
    """What an audio file holds. With ``verify`` (the default) the whole file is decoded once, so
    truncated and corrupt files are refused and the duration is the decoded one, not the header's."""
    size = _check_file(path)
    with _open(path) as (container, audio):
        declared = _declared_duration(path, container, audio)
        if verify:
            duration = _checked_length(path, declared, audio.rate,
                                       sum(frame.samples for frame in _frames(path, container, audio)))
        else:
            duration = declared or _header_duration(container, audio) or 0.0
        return AudioInfo(duration_s=duration, sample_rate=audio.rate, channels=audio.channels,
                         codec=_codec_name(audio), container=_container_name(path, container),
                         size_bytes=size)


def decode(path: str | Path, sample_rate: int = 16000) -> np.ndarray:
    """The whole recording as float32 ``(channels, n)`` at ``sample_rate``, channels kept apart."""
    return np.concatenate(list(_resampled(path, sample_rate)), axis=1)


def stream(path: str | Path, sample_rate: int = 16000, chunk_s: float = 30.0) -> Iterator[np.ndarray]:
    """The recording in consecutive float32 ``(channels, n)`` chunks of ``chunk_s`` seconds (the last
    one shorter), holding about one chunk in memory. Concatenated, the chunks equal ``decode``.
    A file found truncated raises its InputError at the end, after the audio it does hold."""
    chunk = max(1, round(chunk_s * sample_rate))
    pending: list[np.ndarray] = []
    held = 0
    for block in _resampled(path, sample_rate):
        pending.append(block)
        held += block.shape[1]
        while held >= chunk:
            joined = np.concatenate(pending, axis=1)
            yield np.ascontiguousarray(joined[:, :chunk])
            rest = joined[:, chunk:]
            pending, held = ([rest] if rest.shape[1] else []), rest.shape[1]
    if held:
        yield np.concatenate(pending, axis=1)


def write(path: str | Path, samples: np.ndarray, sample_rate: int, *, bit_rate: int | None = None) -> Path:
    """Encode float samples ``(channels, n)`` (or ``(n,)`` for mono) in [-1, 1]; the extension picks the
    codec: .wav (16-bit PCM), .flac, .mp3, .m4a (AAC), .ogg (Vorbis), .opus, .amr (AMR-NB, mono 8 kHz).
    The rate is raised to the nearest one the codec supports (Opus 48 kHz, AMR 8 kHz)."""
    import av

    path = Path(path)
    if path.suffix.lower() not in _ENCODERS:
        raise ValueError(f"{path}: cannot write '{path.suffix}' (known: {', '.join(_ENCODERS)})")
    codec_name, options = _ENCODERS[path.suffix.lower()]
    samples = np.atleast_2d(np.asarray(samples, dtype=np.float32))
    channels = samples.shape[0]
    rate = _encoder_rate(av.codec.Codec(codec_name, "w"), sample_rate)
    if codec_name == "libopencore_amrnb":
        if channels != 1:
            raise ValueError(f"{path}: AMR-NB holds mono audio only, not {channels} channels")
        rate, bit_rate = 8000, bit_rate or 12200
    layout = _layout_name(channels)
    with av.open("file:" + os.path.abspath(path), "w") as container:
        out = container.add_stream(codec_name, rate=rate, options=dict(options))
        out.layout = layout
        if bit_rate:
            out.bit_rate = bit_rate
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="fltp", layout=layout)
        frame.sample_rate, frame.pts, frame.time_base = sample_rate, 0, Fraction(1, sample_rate)
        resampler = av.AudioResampler(format=out.codec_context.codec.audio_formats[0].name, layout=layout,
                                      rate=rate, frame_size=out.codec_context.frame_size or 1024)
        written = 0
        for piece in resampler.resample(frame) + resampler.resample(None):
            piece.pts, piece.time_base = written, Fraction(1, rate)
            written += piece.samples
            container.mux(out.encode(piece))
        container.mux(out.encode(None))
    return path


# --- opening and decoding -----------------------------------------------------------------------

def _check_file(path: str | Path) -> int:
    """The file's size, or an InputError saying why it cannot be read."""
    p = Path(path)
    try:
        info = p.stat()
    except OSError as err:
        if p.is_symlink():
            raise InputError(str(path), f"broken symbolic link (points to {os.readlink(p)})") from err
        raise InputError(str(path), _os_reason(err)) from err
    if stat.S_ISDIR(info.st_mode):
        raise InputError(str(path), "is a directory, not an audio file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(str(path), "not a regular file (a device, pipe or socket)")
    if info.st_size == 0:
        raise InputError(str(path), "empty file (0 bytes)")
    try:
        with open(p, "rb") as f:
            f.read(1)
    except OSError as err:
        raise InputError(str(path), _os_reason(err)) from err
    return info.st_size


@contextmanager
def _open(path: str | Path):
    """(container, audio stream) of a readable file, or an InputError saying what it is instead."""
    import av

    try:
        # "file:" keeps names such as "http:x.wav" from being taken for a network protocol
        container = av.open("file:" + os.path.abspath(path), metadata_errors="replace")
    except (av.error.InvalidDataError, av.error.EOFError) as err:
        raise InputError(str(path), _not_audio(path, "not a recognised audio format")) from err
    except av.error.FFmpegError as err:
        raise InputError(str(path), f"cannot be opened ({err.strerror or err})") from err
    try:
        audio = next((s for s in container.streams if s.type == "audio"), None)
        if audio is None:
            kinds = ", ".join(sorted({s.type for s in container.streams})) or "nothing"
            reason = f"no audio stream (the {_container_name(path, container)} file holds {kinds})"
            raise InputError(str(path), _not_audio(path, reason, header_known=True))
        if audio.codec_context is None:
            tag = _wav_header(path)[0]
            detail = f" (WAV format tag 0x{tag:04x})" if tag is not None else ""
            raise InputError(str(path), f"unsupported audio codec{detail}: no decoder for it")
        if not audio.rate or not audio.channels:
            raise InputError(str(path), "corrupt header: the audio stream has no sample rate or channel count")
        yield container, audio
    finally:
        container.close()


def _frames(path, container, audio) -> Iterator:
    """Decoded frames; a decoder error becomes an InputError saying where the audio breaks."""
    import av

    decoded = 0
    try:
        for frame in container.decode(audio):
            decoded += frame.samples
            yield frame
    except (av.error.FFmpegError, ValueError) as err:
        raise InputError(str(path), f"corrupt or truncated audio data after {decoded / audio.rate:.2f} s "
                                    f"({getattr(err, 'strerror', None) or err})") from err


def _resampled(path, sample_rate: int) -> Iterator[np.ndarray]:
    """Resampled blocks; a file found truncated or empty raises after its last block."""
    import av

    _check_file(path)
    with _open(path) as (container, audio):
        declared = _declared_duration(path, container, audio)
        resampler, decoded = None, 0
        for frame in _frames(path, container, audio):
            decoded += frame.samples
            if resampler is None:
                resampler = av.AudioResampler(format="fltp", layout=frame.layout, rate=sample_rate)
            for out in resampler.resample(frame):
                yield out.to_ndarray()
        _checked_length(path, declared, audio.rate, decoded)
        for out in resampler.resample(None):
            yield out.to_ndarray()


def _checked_length(path, declared: float | None, rate: int, samples: int) -> float:
    """The decoded duration, or an InputError when there is none or less than the header declares."""
    duration = samples / rate
    if samples == 0:
        raise InputError(str(path), "holds no audio samples (0 s)")
    if declared and declared - duration > max(_SHORTFALL_S, 0.01 * declared):
        raise InputError(str(path), f"truncated: the header declares {declared:.2f} s of audio "
                                    f"but only {duration:.2f} s can be decoded")
    return duration


# --- what headers declare -----------------------------------------------------------------------

def _declared_duration(path, container, audio) -> float | None:
    """The length the file's header promises, for formats whose header states it (else None)."""
    fmt = container.format.name
    if fmt == "wav":
        return _wav_header(path)[1]
    trusted = (fmt == _MP4 or (fmt == "flac" and _flac_total_samples(path))
               or (fmt == "mp3" and _mp3_has_length_header(path)))
    return _header_duration(container, audio) if trusted else None


def _header_duration(container, audio) -> float | None:
    if audio.duration and audio.time_base:
        return float(audio.duration * audio.time_base)
    return container.duration / 1_000_000 if container.duration else None


def _wav_header(path) -> tuple[int | None, float | None]:
    """(format tag, declared seconds of audio) from a RIFF/WAVE file's fmt and data chunks; None
    where absent, and no length when a streaming writer left the data size open (0 or 0xFFFFFFFF)."""
    tag = byte_rate = None
    with open(path, "rb") as f:
        if f.read(12)[8:12] != b"WAVE":
            return None, None
        for _ in range(64):  # chunks before the audio data: fmt, LIST, fact, bext...
            header = f.read(8)
            if len(header) < 8:
                break
            chunk_id, size = header[:4], struct.unpack("<I", header[4:])[0]
            start = f.tell()
            if chunk_id == b"fmt " and size >= 12:
                tag, _, _, byte_rate = struct.unpack("<HHII", f.read(12))
            elif chunk_id == b"data":
                return tag, size / byte_rate if byte_rate and size not in (0, 0xFFFFFFFF) else None
            f.seek(start + size + (size & 1))
    return tag, None


def _flac_total_samples(path) -> int:
    with open(path, "rb") as f:
        head = f.read(42)
    if head[:4] != b"fLaC" or len(head) < 42:
        return 0
    return int.from_bytes(head[8 + 13:8 + 18], "big") & 0xFFFFFFFFF  # 36 bits of STREAMINFO


def _mp3_has_length_header(path) -> bool:
    with open(path, "rb") as f:
        head = f.read(10)
        skip = 0
        if head[:3] == b"ID3" and len(head) == 10:
            skip = 10 + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9])
        f.seek(skip)
        first = f.read(4096)
    return any(tag in first for tag in (b"Xing", b"Info", b"VBRI"))


# --- names and reasons --------------------------------------------------------------------------

_MAGIC = ((0, b"RIFF", "WAV"), (0, b"fLaC", "FLAC"), (0, b"ID3", "MP3"), (0, b"OggS", "Ogg"),
          (4, b"ftyp", "MP4/M4A"), (0, b"#!AMR", "AMR"), (0, b"FORM", "AIFF"))


def _not_audio(path, reason: str, *, header_known: bool = False) -> str:
    """A sharper reason when the first bytes tell: a known format's broken header, or plain text
    (the usual case of a document renamed to .wav). ``header_known``: ffmpeg did read the container."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return reason
    for offset, magic, name in () if header_known else _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return f"corrupt or truncated {name} file: its header cannot be read"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return reason
    return "not audio: the file holds text" if b"\x00" not in head else reason


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "permission denied (cannot read the file)"
    return f"cannot read the file ({err.strerror or err})"


def _codec_name(audio) -> str:
    return audio.codec_context.name.removesuffix("float")  # the float MP3 decoder is "mp3float"


def _container_name(path, container) -> str:
    names = container.format.name.split(",")
    ext = Path(path).suffix.lower().lstrip(".")
    return ext if ext in names else names[0]


def _layout_name(channels: int) -> str:
    return {1: "mono", 2: "stereo"}.get(channels, f"{channels} channels")


def _encoder_rate(codec, rate: int) -> int:
    rates = codec.audio_rates
    if not rates or rate in rates:
        return rate
    higher = [r for r in rates if r >= rate]
    return min(higher) if higher else max(rates)
