"""The pyannote backend (``diarizer = "pyannote"``, extra ``callqa[pyannote]``).

* ``settings.pyannote_pipeline`` set (a hub id such as ``pyannote/speaker-diarization-3.1``, with
  ``HF_TOKEN`` in the environment, or a local pipeline folder/config): pyannote.audio's own
  pipeline, audio passed in memory (``{"waveform", "sample_rate"}``: no torchcodec decoding).
* empty: pyannote.audio loads the provisioned segmentation checkpoint (``Model.from_pretrained``)
  and callqa's segmentation recipe (``transcribe.diarize_segments``) clusters its speakers with GE2E
  voiceprints, so no hub is needed.

Status here: pyannote.audio 4.0.7 cannot import beside torch 2.13 (its torchaudio needs the torch
it was built for; shared/FACTS.md), so this module is exercised only where it installs.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pyannote.audio  # noqa: F401  (imported when chosen: a missing extra is named by the registry)

from callqa.errors import CallqaError
from callqa.records import SpeakerSpan

SAMPLE_RATE = 16000


class PyannotePipelineDiarizer:
    name = "pyannote"

    def __init__(self, reference: str):
        from pyannote.audio import Pipeline

        token = os.environ.get("HF_TOKEN") or None
        try:
            try:
                self.pipeline = Pipeline.from_pretrained(reference, token=token)
            except TypeError:  # pyannote.audio 3.x
                self.pipeline = Pipeline.from_pretrained(reference, use_auth_token=token)
        except Exception as err:
            raise CallqaError(f"cannot load the pyannote pipeline '{reference}' ({type(err).__name__}: {err}); "
                              "a hub id needs the hub and HF_TOKEN, or give a local pipeline path") from err
        if self.pipeline is None:
            raise CallqaError(f"pyannote pipeline '{reference}' not found (gated model without HF_TOKEN?)")

    def diarize(self, samples, sample_rate: int, *, num_speakers: int = 2) -> tuple[SpeakerSpan, ...]:
        import torch

        waveform = torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32))[None]
        output = self.pipeline({"waveform": waveform, "sample_rate": sample_rate}, num_speakers=num_speakers)
        annotation = getattr(output, "speaker_diarization", output)  # 4.x wraps the annotation
        return tuple(SpeakerSpan(round(float(turn.start), 3), round(float(turn.end), 3), str(label))
                     for turn, _track, label in annotation.itertracks(yield_label=True))


def local_segmentation(settings: Any):
    """pyannote.audio's model on the provisioned checkpoint, inside callqa's segmentation recipe."""
    from pyannote.audio import Model

    from callqa import models
    from transcribe.diarize_segments import SegmentationDiarizer

    model = Model.from_pretrained(str(models.model_path("pyannote-segmentation", settings)))
    model.eval()
    diarizer = SegmentationDiarizer(None, model=model)
    diarizer.name = "pyannote"
    return diarizer


def build(settings: Any):
    if settings.pyannote_pipeline:
        return PyannotePipelineDiarizer(settings.pyannote_pipeline)
    return local_segmentation(settings)
