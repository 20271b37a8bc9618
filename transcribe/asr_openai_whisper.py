"""The reference ASR backend: openai-whisper (PyTorch), fp32 on CPU, fp16 on CUDA.

Offline it loads the checkpoint ``callqa models fetch`` converts from the provisioned CTranslate2
weights (``whisper-base-openai``), with the word-timestamp alignment heads stored beside the
weights; users with internet may name any size (openai-whisper downloads it itself).
Windowing, language per window and time mapping are shared with faster-whisper
(``transcribe.windowed``), so the two backends differ only in the decoder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import numpy as np
import whisper  # imported when chosen: a missing extra is named by the registry

from callqa.errors import CallqaError
from callqa.log import logger
from callqa.models import resolve_asr_model
from transcribe.windowed import RawSegment, RawWord, WindowedTranscriber


def load_checkpoint(path: str | Path, device: str):
    """An openai-whisper model from a checkpoint file, alignment heads included when stored."""
    import torch

    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
    model.load_state_dict(checkpoint["model_state_dict"])
    heads = checkpoint.get("alignment_heads")
    if heads:
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return model.to(device)


class OpenAIWhisperTranscriber(WindowedTranscriber):
    name = "openai-whisper"

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.model_ref = resolve_asr_model(settings, self.name)
        self.device = _device(settings.device)
        self.fp16 = self.device == "cuda"
        self.threads = settings.cpu_threads
        self._model = None

    @property
    def label(self) -> str:
        from transcribe.asr_faster_whisper import model_label

        return f"{self.name}/{model_label(self.model_ref)}/{'fp16' if self.fp16 else 'fp32'}"

    @property
    def model(self):
        if self._model is None:
            try:
                if Path(self.model_ref).is_file():
                    self._model = load_checkpoint(self.model_ref, self.device)
                else:
                    self._model = whisper.load_model(self.model_ref, device=self.device)
            except Exception as err:
                raise CallqaError(f"cannot load openai-whisper model '{self.model_ref}' ({type(err).__name__}: "
                                  f"{err}); run `callqa models fetch whisper-base-openai`") from err
            if self.threads > 0:
                import torch

                torch.set_num_threads(self.threads)
            logger.info("loaded %s on %s", self.label, self.device)
        return self._model

    def _probabilities(self, audio: np.ndarray) -> list[tuple[str, float]]:
        model = self.model
        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), model.dims.n_mels).to(model.device)
        if self.fp16:
            mel = mel.half()
        _tokens, probs = whisper.detect_language(model, mel)
        return sorted(probs.items(), key=lambda kv: -kv[1])

    def _pieces(self, audio: np.ndarray, language: str, prompt: str | None,
                clips=()) -> Iterable[RawSegment]:
        result = whisper.transcribe(
            self.model, audio, language=language, task="transcribe", beam_size=self.beam_size,
            best_of=self.beam_size, condition_on_previous_text=False, initial_prompt=prompt,
            word_timestamps=True, fp16=self.fp16, verbose=None)
        for s in result["segments"]:
            words = tuple(RawWord(w["word"], w["start"], w["end"], w["probability"]) for w in s.get("words") or ())
            yield RawSegment(s["start"], s["end"], s["text"], words, s["avg_logprob"], s["no_speech_prob"],
                             s["compression_ratio"])


def _device(setting: str) -> str:
    import torch

    if setting == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return setting


def build(settings: Any) -> OpenAIWhisperTranscriber:
    return OpenAIWhisperTranscriber(settings)
