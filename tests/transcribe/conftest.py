"""Fixtures for the transcribe room: the provisioned model (or a skip saying how to get it)."""

from __future__ import annotations

import pytest

from callqa import models
from callqa.settings import load_settings


def provisioned_settings(**overrides):
    """Default settings, or skip when the default Whisper weights are not provisioned."""
    settings = load_settings(overrides, env={})
    if not models.is_present("whisper-base", settings):
        pytest.skip("whisper-base is not provisioned (run `callqa models fetch`)")
    return settings


@pytest.fixture(scope="session")
def speech_stage():
    """One speech stage (default settings, real model) shared by the room's slow tests."""
    import transcribe

    return transcribe.build_speech_stage(provisioned_settings())
