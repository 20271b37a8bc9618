"""Backends are chosen by name: a registry from (role, name) to an import path, imported only when chosen.

Built-in backends are registered exactly like plug-ins would be: a plug-in calls ``register``.
So ``callqa --help`` never imports torch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from callqa.errors import MissingExtra, SettingError


@dataclass(frozen=True)
class Backend:
    role: str  # transcriber | diarizer | scorer
    name: str
    target: str  # "module:attribute" of a factory taking (settings) and returning the backend
    extra: str  # the pip extra that installs its dependencies
    help: str = ""
    install: str = ""  # how to install them, when `pip install 'callqa[extra]'` is not the way


_REGISTRY: dict[tuple[str, str], Backend] = {}


def register(backend: Backend) -> None:
    _REGISTRY[(backend.role, backend.name)] = backend


def backends(role: str | None = None) -> list[Backend]:
    return [b for b in _REGISTRY.values() if role is None or b.role == role]


def load_factory(role: str, name: str):
    """Import the chosen backend's factory; a missing dependency names the extra to install."""
    backend = _REGISTRY.get((role, name))
    if backend is None:
        known = ", ".join(b.name for b in backends(role)) or "none"
        raise SettingError(f"unknown {role} backend '{name}' (known: {known})")
    module_name, _, attribute = backend.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name and (err.name == module_name or module_name.startswith(err.name + ".")):
            raise
        raise MissingExtra(name, backend.extra, err, install=backend.install) from err
    except (ImportError, OSError) as err:  # installed but broken (a C extension built for another torch)
        raise MissingExtra(name, backend.extra, err, install=backend.install) from err
    return getattr(module, attribute)


def build(role: str, name: str, settings: Any) -> Any:
    return load_factory(role, name)(settings)


for _b in (
    Backend("transcriber", "faster-whisper", "transcribe.asr_faster_whisper:build", "speech",
            "CTranslate2 Whisper: int8 on CPU, float16 on GPU (default)."),
    Backend("transcriber", "openai-whisper", "transcribe.asr_openai_whisper:build", "openai-whisper",
            "The reference PyTorch implementation."),
    Backend("diarizer", "embedded", "transcribe.diarize_embedded:build", "speech",
            "VAD + speaker embeddings + spectral clustering; no hub needed (default)."),
    Backend("diarizer", "pyannote", "transcribe.diarize_pyannote:build", "pyannote",
            "pyannote.audio pipeline (hub pipeline or local segmentation checkpoint).",
            "pyannote.audio needs torch 2.9 with torchaudio, beside which this environment's torch cannot "
            "stay: make a separate environment with `bash scripts/pyannote_env.sh`"),
    Backend("scorer", "embedded", "scoring.embedded:build", "core",
            "Rubric phrases with tolerant matching and lexicons; no model needed (default)."),
    Backend("scorer", "transformers", "scoring.transformers_backend:build", "transformers",
            "Any Hugging Face sentiment / NLI model by hub id or local path."),
    Backend("scorer", "llm", "scoring.llm_backend:build", "core",
            "Resolution level from an OpenAI-compatible server (vLLM, Ollama...)."),
):
    register(_b)
