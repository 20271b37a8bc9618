"""Settings as data: one table (name, default, help) feeds the CLI, the docs and a test.

A value comes, last one winning, from: the default below, a TOML file (``callqa.toml`` in the current
folder or ``CALLQA_CONFIG``), an environment variable ``CALLQA_<NAME>``, and command-line overrides.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from callqa.errors import SettingError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    choices: tuple[Any, ...] = ()

    @property
    def kind(self) -> type:
        return type(self.default)

    @property
    def env_var(self) -> str:
        return "CALLQA_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    # storage
    Setting("db", "callqa.duckdb", "DuckDB file that holds calls, transcripts, scores and reviews."),
    Setting("lock_timeout_s", 30.0, "How long to keep retrying when another process holds the database lock."),
    # ingest
    Setting("filename_pattern", "",
            "Regular expression with named groups (agent_id, agent_name, team, started_at, direction, "
            "queue, customer_id, agent_channel, language, external_id) read from each file's name; "
            "empty to read nothing from names."),
    Setting("watch_interval_s", 2.0, "How often `ingest --watch` looks for new recordings."),
    Setting("max_channels", 2, "Recordings with more channels than this are refused."),
    # speech
    Setting("asr_backend", "faster-whisper", "Speech recognition backend.",
            ("faster-whisper", "openai-whisper")),
    Setting("asr_model", "base",
            "Whisper model: a size name (tiny, base, small, medium, large-v3...), a hub id or a local folder/file."),
    Setting("device", "auto", "Where models run.", ("auto", "cpu", "cuda")),
    Setting("compute_type", "auto", "CTranslate2 compute type: auto is int8 on CPU, float16 on GPU."),
    Setting("cpu_threads", 0, "Threads for speech recognition on CPU (0 = all cores)."),
    Setting("beam_size", 5, "Beam width for decoding."),
    Setting("batch_size", 0, "30 s windows decoded at once by faster-whisper (0 = auto: 16 on a GPU, 1 on a CPU)."),
    Setting("prompt_zh", "",
            "Initial prompt for Mandarin decoding (empty: none; a prompt steers Whisper towards read speech)."),
    Setting("vad", True, "Skip non-speech with voice-activity detection (prevents loops and silence hallucinations)."),
    Setting("language", "auto", "Call language; auto detects it over the whole call.", ("auto", "zh", "en")),
    Setting("diarizer", "embedded", "Speaker diarization for mono calls (stereo calls split by channel).",
            ("embedded", "pyannote")),
    Setting("num_speakers", 2, "Speakers expected in a mono call."),
    Setting("voiceprints_dir", "",
            "Folder of enrolled agents' voiceprints (`callqa agents enrol`); empty uses <db>.voiceprints."),
    Setting("voice_match", 0.7,
            "Cosine similarity from which a speaker's voice is taken to be an enrolled agent's."),
    Setting("pyannote_pipeline", "",
            "pyannote: a hub id or local path of a full diarization pipeline; empty uses the local segmentation model."),
    Setting("redact_pii", True, "Redact personal data (phones, IDs, cards, e-mails, addresses) before storing text."),
    Setting("redact_order_numbers", False,
            "Also redact order and tracking numbers (named as such by the speaker: 订单号, order number...)."),
    Setting("redact_audio", "bleep",
            "Write a redacted copy of each recording whose transcript has redactions, with the personal data "
            "bleeped or silenced (a turn whose words have no times is covered whole); off writes none.",
            ("bleep", "silence", "off")),
    Setting("redacted_audio_dir", "",
            "Folder for the redacted copies (WAV, one per call); empty uses <db>.redacted beside the database."),
    Setting("original_audio_roles", "qa_reviewer,admin",
            "Dashboard roles (comma-separated) that may hear the original recording; every other role hears "
            "only the redacted copy, and nothing when a call with redactions has none."),
    Setting("retention_days", 0,
            "Retention: after each run, remove the words (transcript text, word timings, evidence quotes) "
            "and the redacted audio copies of calls older than this many days, keeping every score and review; "
            "0 keeps everything."),
    Setting("retention_delete_audio", False,
            "Retention: also delete the recordings of purged calls (they are the customer's files: off by default)."),
    # scoring
    Setting("scorer", "embedded", "Scoring backend.", ("embedded", "transformers", "llm")),
    Setting("rubric", "auto", "Rubric file (TOML); auto uses the shipped rubric for the call's language."),
    Setting("sentiment_model", "", "transformers backend: hub id or local path of a sentiment model."),
    Setting("llm_url", "", "llm backend: base URL of an OpenAI-compatible server (e.g. http://127.0.0.1:8000/v1)."),
    Setting("llm_model", "", "llm backend: model name to ask for."),
    # models
    Setting("models_dir", "~/.cache/callqa/models", "Where `callqa models fetch` puts model weights."),
    # running
    Setting("engine", "local", "Runner for `callqa run` and `callqa process`.", ("local", "ray")),
    Setting("ray_address", "", "Ray cluster address for --engine ray; empty starts a local cluster."),
    Setting("workers", 1, "Parallel workers (Ray actors with --engine ray; the local runner uses one)."),
    Setting("landing_dir", "",
            "Ray: folder where workers land results as Parquet before loading (default: <db>.landing; "
            "shared storage on a multi-node cluster)."),
    # dashboard
    Setting("port", 8501, "Port for `callqa dashboard`."),
    Setting("users_file", "", "TOML file of dashboard users with hashed passwords; empty uses callqa-users.toml beside the database."),
)

_BY_NAME = {s.name: s for s in SETTINGS}

Settings = dataclasses.make_dataclass(
    "Settings",
    [(s.name, s.kind, dataclasses.field(default=s.default)) for s in SETTINGS],
    frozen=True,
    namespace={"__doc__": "Every setting's value. Build with load_settings(); change with dataclasses.replace."},
)


def coerce(name: str, value: Any) -> Any:
    """A raw value (string from env or CLI, or TOML value) as the setting's kind, checked."""
    setting = _BY_NAME.get(name)
    if setting is None:
        raise SettingError(f"unknown setting '{name}' (see `callqa settings`)")
    kind = setting.kind
    try:
        if kind is bool and isinstance(value, str):
            lowered = value.strip().lower()
            if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(value)
            value = lowered in ("1", "true", "yes", "on")
        elif kind is bool and not isinstance(value, bool):
            raise ValueError(value)
        elif kind is not bool and isinstance(value, bool):
            raise ValueError(value)
        else:
            value = kind(value)
    except (TypeError, ValueError) as err:
        raise SettingError(f"setting '{name}' must be {kind.__name__}, not {value!r}") from err
    if setting.choices and value not in setting.choices:
        raise SettingError(f"setting '{name}' must be one of {', '.join(map(str, setting.choices))}, not {value!r}")
    return value


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    config_file: str | Path | None = None,
):
    """Settings from defaults, a TOML file, the environment and overrides (None values ignored)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_file or env.get("CALLQA_CONFIG") or ("callqa.toml" if Path("callqa.toml").is_file() else None)
    if path:
        try:
            doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise SettingError(f"{path}: cannot read settings file ({err})") from err
        section = doc.get("callqa", doc)
        for name, value in section.items():
            try:
                values[name] = coerce(name, value)
            except SettingError as err:
                raise SettingError(f"{path}: {err}") from err
    for setting in SETTINGS:
        if setting.env_var in env:
            values[setting.name] = coerce(setting.name, env[setting.env_var])
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = coerce(name, value)
    return Settings(**values)


def settings_table() -> str:
    """The settings as a Markdown table (for the README and `callqa settings`)."""
    rows = ["| setting | environment | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        choices = f" One of: {', '.join(map(str, s.choices))}." if s.choices else ""
        rows.append(f"| `{s.name}` | `{s.env_var}` | `{s.default!r}` | {s.help}{choices} |")
    return "\n".join(rows)
