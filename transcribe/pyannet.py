"""pyannote's PyanNet segmentation model, re-implemented in plain torch to run its checkpoint
(``callqa models fetch pyannote-segmentation``) without pyannote.audio, whose torchaudio
dependency cannot load beside this project's torch (shared/FACTS.md).

Architecture (pyannote.audio ``models/segmentation/PyanNet.py`` with ``blocks/sincnet.py`` and
asteroid's ``ParamSincFB``): instance-normalised waveform -> learnable sinc band-pass filterbank
(80 filters, 251 taps, stride 10) -> |.| -> max-pool 3 -> instance norm -> leaky ReLU -> two more
conv(5)/pool/norm/leaky ReLU blocks -> 4-layer bidirectional LSTM (128) -> 2 linear layers with
leaky ReLU -> classifier -> sigmoid: per frame (about 17 ms), the activity of up to 3 speakers in
a 5 s chunk, overlapping speech included.
"""

from __future__ import annotations

import math
import pickle
import types
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

SAMPLE_RATE = 16000
CHUNK_S = 5.0
SILENT_RMS = 1e-4  # about -80 dBFS: digital silence


class _Placeholder:
    """Stands in for pyannote/omegaconf classes pickled in the checkpoint (only tensors are used)."""

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        self.state = state


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.split(".")[0] in ("torch", "collections", "builtins", "numpy", "_codecs"):
            return super().find_class(module, name)
        return type(name, (_Placeholder,), {})


def load_state(path: str | Path) -> tuple[dict, dict]:
    """(state_dict, hyper_parameters) of a pyannote Lightning checkpoint, without pyannote."""
    module = types.SimpleNamespace(Unpickler=_Unpickler, load=pickle.load, __name__="pickle")
    ckpt = torch.load(path, map_location="cpu", weights_only=False, pickle_module=module)
    return ckpt["state_dict"], dict(ckpt.get("hyper_parameters") or {})


class SincFilterbank(nn.Module):
    """asteroid ParamSincFB: cosine and sine band-pass filters with learnt low and band frequencies."""

    def __init__(self, n_filters=80, kernel_size=251, stride=10, sample_rate=SAMPLE_RATE,
                 min_low_hz=50.0, min_band_hz=50.0):
        super().__init__()
        self.kernel_size, self.stride, self.sample_rate = kernel_size, stride, sample_rate
        self.min_low_hz, self.min_band_hz = min_low_hz, min_band_hz
        half = n_filters // 2
        self.low_hz_ = nn.Parameter(torch.zeros(half, 1))
        self.band_hz_ = nn.Parameter(torch.zeros(half, 1))
        n_lin = torch.linspace(0, kernel_size / 2 - 1, steps=int(kernel_size / 2))
        self.register_buffer("window_", 0.54 - 0.46 * torch.cos(2 * math.pi * n_lin / kernel_size))
        n = (kernel_size - 1) / 2.0
        self.register_buffer("n_", 2 * math.pi * torch.arange(-n, 0).view(1, -1) / sample_rate)

    def filters(self) -> torch.Tensor:
        low = self.min_low_hz + torch.abs(self.low_hz_)
        high = torch.clamp(low + self.min_band_hz + torch.abs(self.band_hz_), self.min_low_hz, self.sample_rate / 2)
        band = (high - low)[:, 0]
        ft_low, ft_high = low @ self.n_, high @ self.n_
        cos_left = ((torch.sin(ft_high) - torch.sin(ft_low)) / (self.n_ / 2)) * self.window_
        sin_left = ((torch.cos(ft_low) - torch.cos(ft_high)) / (self.n_ / 2)) * self.window_
        cos = torch.cat([cos_left, 2 * band.view(-1, 1), torch.flip(cos_left, dims=[1])], dim=1)
        sin = torch.cat([sin_left, torch.zeros_like(band.view(-1, 1)), -torch.flip(sin_left, dims=[1])], dim=1)
        bank = torch.cat([cos, sin], dim=0) / (2 * torch.cat([band, band])[:, None])
        return bank.view(-1, 1, self.kernel_size)

    def forward(self, waveforms: torch.Tensor) -> torch.Tensor:
        return F.conv1d(waveforms, self.filters(), stride=self.stride)


class _FilterbankHolder(nn.Module):
    def __init__(self, stride: int):
        super().__init__()
        self.filterbank = SincFilterbank(stride=stride)

    def forward(self, x):
        return self.filterbank(x)


class PyanNet(nn.Module):
    def __init__(self, stride: int = 10, lstm_hidden=128, lstm_layers=4, linear_hidden=128, linear_layers=2,
                 classes=3):
        super().__init__()
        self.sincnet = nn.Module()
        self.sincnet.wav_norm1d = nn.InstanceNorm1d(1, affine=True)
        self.sincnet.conv1d = nn.ModuleList([_FilterbankHolder(stride), nn.Conv1d(80, 60, 5), nn.Conv1d(60, 60, 5)])
        self.sincnet.norm1d = nn.ModuleList([nn.InstanceNorm1d(80, affine=True), nn.InstanceNorm1d(60, affine=True),
                                             nn.InstanceNorm1d(60, affine=True)])
        self.lstm = nn.LSTM(60, lstm_hidden, num_layers=lstm_layers, bidirectional=True, batch_first=True)
        sizes = [2 * lstm_hidden] + [linear_hidden] * linear_layers
        self.linear = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.classifier = nn.Linear(linear_hidden, classes)

    def forward(self, waveforms: torch.Tensor) -> torch.Tensor:
        """(batch, 1, samples) -> (batch, frames, speakers) activities in [0, 1]."""
        x = self.sincnet.wav_norm1d(waveforms)
        for i, (conv, norm) in enumerate(zip(self.sincnet.conv1d, self.sincnet.norm1d)):
            x = conv(x)
            if i == 0:
                x = torch.abs(x)
            x = F.leaky_relu(norm(F.max_pool1d(x, 3, stride=3)))
        x, _ = self.lstm(x.transpose(1, 2))
        for linear in self.linear:
            x = F.leaky_relu(linear(x))
        return torch.sigmoid(self.classifier(x))


def load_pyannet(path: str | Path) -> PyanNet:
    state, hp = load_state(path)
    stride = int((hp.get("sincnet") or {}).get("stride", 10))
    lstm, linear = hp.get("lstm") or {}, hp.get("linear") or {}
    classes = state["classifier.weight"].shape[0]
    model = PyanNet(stride, lstm.get("hidden_size", 128), lstm.get("num_layers", 4),
                    linear.get("hidden_size", 128), linear.get("num_layers", 2), classes)
    state = {k.replace("sincnet.conv1d.0.filterbank.", "sincnet.conv1d.0.filterbank."): v for k, v in state.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"{path}: not a PyanNet checkpoint (missing {missing}, unexpected {unexpected})")
    return model.eval()


def frame_step(model: PyanNet, chunk_samples: int = int(CHUNK_S * SAMPLE_RATE)) -> tuple[int, float]:
    """(frames per chunk, seconds per frame) of the model's output."""
    if getattr(model, "_frames", None) is None:
        with torch.no_grad():
            model._frames = model(torch.zeros(1, 1, chunk_samples)).shape[1]
    return model._frames, chunk_samples / SAMPLE_RATE / model._frames


def segment(model: PyanNet, samples: np.ndarray, step_s: float = 0.5, batch: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Sliding 5 s chunks: (starts in seconds, activities (chunks, frames, speakers))."""
    size = int(CHUNK_S * SAMPLE_RATE)
    hop = int(step_s * SAMPLE_RATE)
    padded = samples if samples.size >= size else np.pad(samples, (0, size - samples.size))
    starts = list(range(0, max(1, padded.size - size + 1), hop))
    if starts[-1] + size < padded.size:
        starts.append(padded.size - size)
    from transcribe.diarize_embedded import torch_threads

    chunks = np.stack([padded[s:s + size] for s in starts]).astype(np.float32)
    loud = np.sqrt(np.mean(chunks ** 2, axis=1)) > SILENT_RMS
    frames, _ = frame_step(model)
    activity = np.zeros((len(starts), frames, model.classifier.out_features), np.float32)
    todo = np.flatnonzero(loud)  # silent chunks (holds, gaps) have no speaker: not run
    with torch.no_grad(), torch_threads(1):
        for i in range(0, len(todo), batch):
            rows = todo[i:i + batch]
            activity[rows] = model(torch.from_numpy(chunks[rows])[:, None, :]).numpy()
    return np.asarray(starts) / SAMPLE_RATE, activity
