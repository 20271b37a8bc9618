#!/usr/bin/env bash
# Make a separate virtual environment where the `pyannote` diarizer runs (pyannote.audio 4.0.7).
#
#   bash scripts/pyannote_env.sh [ENV]      (ENV defaults to ../pyenv beside this checkout)
#   ENV/bin/callqa transcribe CALL.wav --json --set diarizer=pyannote
#
# Why separate: pyannote.audio needs torchaudio, and a torchaudio wheel loads its C extension only
# beside the torch it was built for. The project's torch 2.13 has no torchaudio on PyPI; torch 2.9.1
# with torchaudio 2.9.1 install and import together. PyPI's torch 2.9.1 for x86-64 Linux is a CUDA
# build (nvidia-* wheels, about 7 GB; it runs on a CPU too): the environment is about 8 GB.
# Elsewhere a CPU build is smaller, e.g.
#   TORCH_INDEX=https://download.pytorch.org/whl/cpu bash scripts/pyannote_env.sh
# torchcodec (pyannote's audio decoder) installs but does not load here; callqa passes audio in
# memory, so it is not needed. The segmentation checkpoint pickles omegaconf objects: omegaconf is
# installed for pyannote.audio to load it. Weights come from `callqa models fetch` (no model hub).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENV="${1:-$(dirname "$ROOT")/pyenv}"
PYTHON=${PYTHON:-python3}
TORCH_INDEX=${TORCH_INDEX:-}

step() { printf '\n== %s\n' "$*" >&2; }

step "virtual environment ($ENV)"
[ -x "$ENV/bin/python" ] || "$PYTHON" -m venv "$ENV"
pip() { "$ENV/bin/python" -m pip "$@"; }
pip install -q --upgrade pip 'setuptools<81' wheel
index=()
[ -n "$TORCH_INDEX" ] && index=(--index-url "$TORCH_INDEX")

step "torch 2.9.1, then torchaudio 2.9 beside it"
pip install -q "${index[@]}" torch==2.9.1
pip install -q "${index[@]}" torch==2.9.1 'torchaudio==2.9.*'
# later installs must not move torch: every one runs under these pins
printf 'torch==2.9.1\ntorchaudio==2.9.1\nsetuptools<81\n' > "$ENV/constraints.txt"

step "pyannote.audio 4.0.7 (+ omegaconf, which the segmentation checkpoint pickles)"
pip install -q -c "$ENV/constraints.txt" 'pyannote.audio==4.0.7' omegaconf

step "callqa itself (editable) with the speech extra and pytest"
pip install -q -c "$ENV/constraints.txt" -e "$ROOT[speech]" pytest

step "segmentation weights (shared with the main environment; no model hub)"
"$ENV/bin/callqa" models fetch pyannote-segmentation

step "check"
PYANNOTE_METRICS_ENABLED=false "$ENV/bin/python" -W ignore -c '
import torch, torchaudio, pyannote.audio
from transcribe.diarize_pyannote import local_pipeline
print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}, pyannote.audio {pyannote.audio.__version__}")
' 2>&1 | tail -n 1
du -sh "$ENV"
