"""Fixtures for the command-line contract: the real `callqa` command on real files and databases."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def callqa(*args: str, cwd: Path | None = None, env: dict | None = None, stdin: str | None = None,
           timeout: float = 900) -> Result:
    """Run the real command line in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CALLQA_")}
    full_env.update({"PYTHONUNBUFFERED": "1", **(env or {})})
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout, input=stdin)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def model_ready() -> bool:
    from callqa import models
    from callqa.errors import CallqaError
    from callqa.settings import load_settings

    try:
        models.model_path("whisper-base", load_settings())
        return True
    except CallqaError:
        return False


@pytest.fixture(scope="session")
def whisper_base():
    if not model_ready():
        pytest.skip("Whisper base weights are not provisioned: run `callqa models fetch`")


def sample_rows() -> list[dict]:
    with (SAMPLES / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def audio_samples() -> list[Path]:
    return [SAMPLES / r["file"] for r in sample_rows() if not r["file"].endswith(".json")]


def transcript_samples() -> list[Path]:
    return [SAMPLES / r["file"] for r in sample_rows() if r["file"].endswith(".json")]


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
