import subprocess
import sys

import pytest

from callqa import registry
from callqa.errors import MissingExtra, SettingError


def test_unknown_backend_lists_the_known_ones():
    with pytest.raises(SettingError, match="known: .*faster-whisper"):
        registry.load_factory("transcriber", "kaldi")


def test_a_misregistered_backend_module_is_reported_as_a_bug():
    registry.register(registry.Backend("scorer", "needs-missing", "callqa.tests_only_missing_mod:build", "imaginary"))
    with pytest.raises(Exception) as err:
        registry.load_factory("scorer", "needs-missing")
    # the module itself is missing: that is a bug in the registration, reported as such
    assert isinstance(err.value, ModuleNotFoundError)


def test_missing_third_party_dependency_becomes_missing_extra(tmp_path, monkeypatch):
    module = tmp_path / "backend_with_missing_dep.py"
    module.write_text("import a_package_that_is_not_installed\nbuild = None\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.register(registry.Backend("scorer", "needs-dep", "backend_with_missing_dep:build", "fancy"))
    with pytest.raises(MissingExtra, match=r"pip install 'callqa\[fancy\]'"):
        registry.load_factory("scorer", "needs-dep")


def test_cli_help_imports_no_ml_library():
    code = ("import sys; from pipeline.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('torch', 'faster_whisper', 'ctranslate2', 'streamlit', 'transformers',"
            " 'duckdb', 'pandas', 'resemblyzer', 'whisper') if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in out.stderr, out.stderr
    assert "callqa run" in out.stdout or "run" in out.stdout
