from dataclasses import fields
from pathlib import Path

import pytest

from callqa.errors import SettingError
from callqa.settings import SETTINGS, Settings, load_settings, settings_table

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_the_table_and_the_readme():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names)), "setting names must be unique"
    assert [f.name for f in fields(Settings)] == names
    for s in SETTINGS:
        assert len(s.help) > 15, f"setting {s.name} needs a real help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme, "README settings table is stale: run python scripts/update_readme_settings.py"


def test_sources_are_layered_default_file_env_override(tmp_path):
    config = tmp_path / "callqa.toml"
    config.write_text('[callqa]\nbeam_size = 3\nvad = false\nasr_model = "small"\n', encoding="utf-8")
    env = {"CALLQA_BEAM_SIZE": "4", "CALLQA_DB": "from-env.duckdb"}
    s = load_settings({"db": "cli.duckdb", "language": None}, env=env, config_file=config)
    assert s.beam_size == 4  # env beats file
    assert s.vad is False and s.asr_model == "small"  # file beats default
    assert s.db == "cli.duckdb"  # override beats env
    assert s.language == "auto"  # None overrides are ignored


@pytest.mark.parametrize("name,value,message", [
    ("beam_size", "five", "must be int"),
    ("vad", "maybe", "must be bool"),
    ("engine", "spark", "must be one of"),
    ("no_such_thing", "1", "unknown setting"),
])
def test_bad_values_are_refused_with_the_setting_named(name, value, message):
    with pytest.raises(SettingError, match=message):
        load_settings({name: value}, env={})


def test_malformed_settings_file_names_the_file(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("beam_size = = 3", encoding="utf-8")
    with pytest.raises(SettingError, match="bad.toml"):
        load_settings(env={}, config_file=config)
