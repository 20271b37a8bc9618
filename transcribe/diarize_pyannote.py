"""The pyannote backend (``diarizer = "pyannote"``, extra ``callqa[pyannote]``): pyannote.audio's own
speaker-diarization pipeline.

* ``settings.pyannote_pipeline`` set (a hub id such as ``pyannote/speaker-diarization-3.1``, with
  ``HF_TOKEN`` in the environment, or a local pipeline folder/config): that pipeline as published.
* empty (no hub): pyannote.audio's ``SpeakerDiarization`` built in code from the provisioned
  segmentation checkpoint (``callqa models path pyannote-segmentation``) and GE2E voiceprints
  (resemblyzer) wrapped as a pyannote.audio embedding model, clustered by pyannote's agglomerative
  clustering into ``num_speakers`` voices.

Either way audio is passed in memory (``{"waveform", "sample_rate"}``): torchcodec, pyannote's
decoder, does not load beside the torch it installs with here. pyannote.audio 4 sends usage
telemetry to pyannote.ai unless ``PYANNOTE_METRICS_ENABLED`` says otherwise: callqa turns it off
(a user who sets that variable keeps their choice).

Written for and run with pyannote.audio 4.0.7 (3.x has no ``plda`` argument and returns a bare
annotation). It cannot import beside the project's torch 2.13 (its torchaudio needs the torch it was
built for; shared/FACTS.md): ``scripts/pyannote_env.sh`` makes a separate environment where it does.
"""

from __future__ import annotations

import functools
import logging
import os
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

os.environ.setdefault("PYANNOTE_METRICS_ENABLED", "false")  # before pyannote.audio reads it

import torch  # noqa: E402

with warnings.catch_warnings():  # "torchcodec is not installed correctly": audio is passed in memory
    warnings.filterwarnings("ignore", message=r"\s*torchcodec is not installed correctly")
    from pyannote.audio import Model  # noqa: E402  (imported when chosen: the registry names a missing extra)

from callqa.errors import CallqaError  # noqa: E402
from callqa.records import SpeakerSpan  # noqa: E402

SAMPLE_RATE = 16000
VOICEPRINT_DIM = 256


@dataclass(frozen=True)
class LocalPipelineParams:
    """Hyper-parameters of the hub-free pipeline; tuned on shared/data/speech/pyannote_sample_2spk
    (the dev file for diarization), see benchmarks/speech_diarization.py."""

    segmentation_step: float = 0.1  # chunk hop, as a fraction of the 5 s chunk (pyannote's default)
    onset: float = 0.5  # segmentation activity above this is speech of that local speaker
    min_duration_off: float = 0.0  # gaps shorter than this inside a speaker's speech are filled
    method: str = "centroid"  # agglomerative linkage
    threshold: float = 0.7  # cosine distance at which clusters stop merging (then forced to k)
    min_cluster_size: int = 12  # smaller clusters are merged into the nearest large one
    exclude_overlap: bool = True  # voiceprints from the frames where the speaker speaks alone
    batch_size: int = 32  # chunks (segmentation) and local speakers (voiceprints) per batch


class VoiceprintModel(Model):
    """GE2E voiceprints (resemblyzer) as a pyannote.audio embedding model.

    (batch, 1, samples) audio and optional (batch, frames) weights -> (batch, 256) L2-normalised
    voiceprints of the audio where the weight is above one half; NaN where no frame is.
    Shorter inputs than ``MIN_SAMPLES`` are refused, which is how pyannote learns the shortest
    speech worth a voiceprint (``min_num_samples``)."""

    MIN_SAMPLES = int(0.4 * SAMPLE_RATE)

    def __init__(self):
        super().__init__(sample_rate=SAMPLE_RATE, num_channels=1)

    @property
    def dimension(self) -> int:
        return VOICEPRINT_DIM

    def forward(self, waveforms: torch.Tensor, weights: torch.Tensor | None = None) -> torch.Tensor:
        from transcribe.diarize_embedded import _embed
        from transcribe.diarize_segments import voiceprint_windows

        if waveforms.shape[-1] < self.MIN_SAMPLES:
            raise ValueError(f"{waveforms.shape[-1]} samples: a voiceprint needs {self.MIN_SAMPLES}")
        wavs = waveforms[:, 0].detach().cpu().float()
        # the local speakers of one chunk come in a row with the same audio: one spectrogram each
        firsts = [i for i in range(len(wavs)) if i == 0 or not torch.equal(wavs[i], wavs[i - 1])]
        spectrograms = mel_frames(wavs[firsts])
        which = np.searchsorted(firsts, np.arange(len(wavs)), side="right") - 1
        windows: list[np.ndarray] = []
        owners: list[int] = []
        for row in range(len(wavs)):
            mel = spectrograms[which[row]]
            if weights is not None:
                mel = mel[_rows_where(weights[row].detach().cpu().numpy(), len(mel))]
            for window in voiceprint_windows(mel):
                windows.append(window)
                owners.append(row)
        prints = np.full((len(wavs), VOICEPRINT_DIM), np.nan, np.float32)
        if windows:
            embeds, owner = _embed(np.stack(windows)), np.asarray(owners)
            for row in np.unique(owner):
                mean = embeds[owner == row].mean(axis=0)
                prints[row] = mean / (np.linalg.norm(mean) + 1e-9)
        return torch.from_numpy(prints)


@functools.lru_cache(maxsize=1)
def _mel_filters() -> tuple[torch.Tensor, int, int]:
    """(mel filterbank, window, hop) of resemblyzer's spectrogram."""
    import librosa
    from resemblyzer import hparams as hp

    n_fft, hop = (int(hp.sampling_rate * ms / 1000) for ms in (hp.mel_window_length, hp.mel_window_step))
    basis = librosa.filters.mel(sr=hp.sampling_rate, n_fft=n_fft, n_mels=hp.mel_n_channels)
    return torch.from_numpy(basis), n_fft, hop


def mel_frames(wavs: torch.Tensor) -> np.ndarray:
    """resemblyzer's mel spectrogram (``wav_to_mel_spectrogram``: librosa power mel, 25 ms windows
    every 10 ms) of a (batch, samples) batch at once, as (batch, frames, 40): one torch STFT
    instead of librosa per row, which was most of this backend's time."""
    basis, n_fft, hop = _mel_filters()
    power = torch.stft(wavs, n_fft, hop_length=hop, window=torch.hann_window(n_fft),
                       center=True, pad_mode="constant", return_complex=True).abs() ** 2
    return (basis @ power).transpose(1, 2).numpy()


def _rows_where(weights: np.ndarray, rows: int) -> np.ndarray:
    """Which of ``rows`` evenly spaced frames fall where ``weights`` (frames over the same span) > 0.5."""
    index = np.minimum((np.arange(rows) * len(weights)) // max(rows, 1), len(weights) - 1)
    return np.nan_to_num(weights[index]) > 0.5


class PyannotePipelineDiarizer:
    """A pyannote.audio diarization pipeline behind callqa's diarizer interface.

    A call is ``num_speakers`` voices, except when no 5 s chunk of pyannote's own segmentation ever
    hears two local speakers each alone for ``min_alone_s`` (a voicemail, a monologue): then it is
    one voice, as in the embedded diarizer. Forcing two clusters there splits one voice in two."""

    name = "pyannote"

    def __init__(self, pipeline, min_alone_s: float = 0.4):
        self.pipeline = pipeline
        self.min_alone_s = min_alone_s

    def diarize(self, samples, sample_rate: int, *, num_speakers: int = 2) -> tuple[SpeakerSpan, ...]:
        from transcribe.diarize_embedded import torch_threads

        samples = np.ascontiguousarray(samples, dtype=np.float32)
        if samples.size < SAMPLE_RATE // 10:
            return ()  # under 0.1 s: no speaker turn to find
        seen: dict[str, Any] = {}

        def keep_segmentation(step, artefact, file=None, **progress):
            if step == "segmentation" and not progress:
                seen["segmentation"] = artefact

        waveform = torch.from_numpy(samples)[None]
        with torch_threads(1):  # small LSTM/GE2E batches: extra CPU threads only spin (diarize_embedded)
            output = self.pipeline({"waveform": waveform, "sample_rate": sample_rate, "uri": "call"},
                                   num_speakers=max(1, num_speakers), hook=keep_segmentation)
        annotation = getattr(output, "speaker_diarization", output)  # 4.x wraps the annotation
        one_voice = "segmentation" in seen and most_voices_alone(seen["segmentation"], self.min_alone_s) <= 1
        if num_speakers > 1 and one_voice:
            annotation = annotation.rename_labels({label: "SPEAKER_00" for label in annotation.labels()}).support()
        return tuple(SpeakerSpan(round(float(turn.start), 3), round(float(turn.end), 3), str(label))
                     for turn, _track, label in annotation.itertracks(yield_label=True))  # in time order


def most_voices_alone(segmentation, min_alone_s: float, onset: float = 0.5) -> int:
    """The most local speakers that one chunk hears each alone for ``min_alone_s`` (pyannote's
    (chunks, frames, local speakers) segmentation, activities or binary)."""
    data = np.nan_to_num(np.asarray(segmentation.data, dtype=np.float32))
    on = data > onset
    alone = on & (on.sum(axis=2, keepdims=True) == 1)
    frame_s = segmentation.sliding_window.duration / data.shape[1]
    return int(((alone.sum(axis=1) * frame_s) >= min_alone_s).sum(axis=1).max(initial=0))


def _no_plda():
    """pyannote.audio 4.0 loads a PLDA even for clusterings that never use it (only VBx does):
    an empty one stands in, so nothing is fetched from the hub."""
    from pyannote.audio.core.plda import PLDA

    class NoPLDA(PLDA):
        def __init__(self):  # no transform files: never called by agglomerative clustering
            pass

    return NoPLDA()


def local_pipeline(checkpoint: str, params: LocalPipelineParams = LocalPipelineParams()):
    """pyannote.audio's SpeakerDiarization on a local segmentation checkpoint and GE2E voiceprints."""
    from pyannote.audio.pipelines import SpeakerDiarization

    migration = logging.getLogger("lightning.pytorch.utilities.migration.utils")
    level = migration.level
    migration.setLevel(logging.WARNING)  # not "Lightning automatically upgraded your checkpoint" every load
    try:
        segmentation = Model.from_pretrained(checkpoint)
    finally:
        migration.setLevel(level)
    if segmentation is None:
        raise CallqaError(f"{checkpoint}: not a pyannote.audio segmentation checkpoint")
    pipeline = SpeakerDiarization(
        segmentation=segmentation, segmentation_step=params.segmentation_step,
        embedding=VoiceprintModel(), embedding_exclude_overlap=params.exclude_overlap,
        plda=_no_plda(), clustering="AgglomerativeClustering",
        segmentation_batch_size=params.batch_size, embedding_batch_size=params.batch_size)
    segmentation_params = {"min_duration_off": params.min_duration_off}
    if not segmentation.specifications.powerset:
        segmentation_params["threshold"] = params.onset
    return pipeline.instantiate({
        "segmentation": segmentation_params,
        "clustering": {"method": params.method, "threshold": params.threshold,
                       "min_cluster_size": params.min_cluster_size},
    })


def hub_pipeline(reference: str):
    """A published pipeline by hub id (``HF_TOKEN`` for gated ones) or local folder/config."""
    from pyannote.audio import Pipeline

    token = os.environ.get("HF_TOKEN") or None
    try:
        try:
            pipeline = Pipeline.from_pretrained(reference, token=token)
        except TypeError:  # pyannote.audio 3.x
            pipeline = Pipeline.from_pretrained(reference, use_auth_token=token)
    except Exception as err:
        raise CallqaError(f"cannot load the pyannote pipeline '{reference}' ({type(err).__name__}: {err}); "
                          "a hub id needs the hub and HF_TOKEN, or give a local pipeline path") from err
    if pipeline is None:
        raise CallqaError(f"pyannote pipeline '{reference}' not found (gated model without HF_TOKEN?)")
    return pipeline


def build(settings: Any) -> PyannotePipelineDiarizer:
    from callqa import models

    if settings.pyannote_pipeline:
        pipeline = hub_pipeline(settings.pyannote_pipeline)
    else:
        pipeline = local_pipeline(str(models.model_path("pyannote-segmentation", settings)))
    device = settings.device if settings.device != "auto" else "cuda" if torch.cuda.is_available() else "cpu"
    return PyannotePipelineDiarizer(pipeline.to(torch.device(device)))
