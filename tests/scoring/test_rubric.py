"""Rubric files: loading, checking, and that editing the data changes the scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from callqa.errors import InputError
from callqa.rubric import SCRIPT_STEPS, load_rubric
from scoring import build_scorer
from scoring.rubrics import shipped_rubric_path
from tests.scoring.scoring_helpers import settings, transcript


@pytest.mark.parametrize("language", ["zh", "en"])
def test_shipped_rubrics_load_with_every_step(language):
    rubric = load_rubric(shipped_rubric_path(language))
    assert rubric.language == language and rubric.name
    assert tuple(s.code for s in rubric.steps) == SCRIPT_STEPS
    assert len(rubric.levels) == 5 and len(rubric.version) == 12
    assert {c.code for c in rubric.categories} == {"order_delay", "food_quality", "refund_dispute",
                                                  "service_attitude", "rider_issue"}
    solution = rubric.step("solution")
    assert solution.include == ("remedy", "handoff") and solution.cues.commit


def _copy(tmp_path: Path, language: str = "zh") -> Path:
    path = tmp_path / f"{language}.toml"
    path.write_text(shipped_rubric_path(language).read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, key", [
    ("[violations]\n", "[violations]\nlong_silence = 60\n", "violations.long_silence"),
    ('language = "zh"', 'language = "fr"', "rubric.language"),
    ("long_silence_s = 60", 'long_silence_s = "sixty"', "violations.long_silence_s"),
    ('include = ["remedy", "handoff"]', 'include = ["remedy", "magic"]', "script.solution.include"),
    ('"您" = 0.5', '"您" = "high"', "politeness.polite.您"),
])
def test_malformed_rubric_names_the_file_and_the_key(tmp_path, old, new, key):
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rubric(path)
    assert err.value.path == str(path) and f"'{key}'" in str(err.value)


def test_bad_toml_and_missing_file_are_input_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[rubric\nname = 1", encoding="utf-8")
    with pytest.raises(InputError, match="malformed TOML"):
        load_rubric(bad)
    with pytest.raises(InputError, match="cannot read rubric"):
        load_rubric(tmp_path / "absent.toml")


def test_changing_a_phrase_changes_the_score(tmp_path):
    rows = [("agent", 0.0, 4.0, "喂，这里是小象超市售后，请讲。"),
            ("customer", 4.5, 8.0, "我想问下我的订单。")]
    shipped = build_scorer(settings()).score(transcript("zh", rows))
    assert shipped.value("script.greeting") == 0
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    step = '[script.greeting]\nlabel = "问候"\nphrases = ['
    assert step in text
    path.write_text(text.replace(step, step + '"这里是*售后", ', 1), encoding="utf-8")
    custom = build_scorer(settings(rubric=str(path))).score(transcript("zh", rows))
    assert custom.value("script.greeting") == 1
    assert custom.get("script.greeting").evidence[0].cue == "greeting: 这里是*售后"
    assert custom.rubric_version != shipped.rubric_version


def test_a_customer_rubric_for_the_wrong_language_is_refused(tmp_path):
    scorer = build_scorer(settings(rubric=str(_copy(tmp_path, "en"))))
    with pytest.raises(InputError, match="does not match"):
        scorer.score(transcript("zh", [("agent", 0, 1, "您好")]))


def test_rescoring_with_an_edited_rubric_shows_what_changed(tmp_path):
    from scoring.compare import scorecard_changes

    rows = [("agent", 0.0, 4.0, "喂，这里是小象超市售后，请讲。"),
            ("customer", 4.5, 8.0, "我想问下我的订单。")]
    before = build_scorer(settings()).score(transcript("zh", rows))
    path = _copy(tmp_path)
    step = '[script.greeting]\nlabel = "问候"\nphrases = ['
    path.write_text(path.read_text(encoding="utf-8").replace(step, step + '"这里是*售后", ', 1), encoding="utf-8")
    after = build_scorer(settings(rubric=str(path))).score(transcript("zh", rows))
    changes = {c.criterion: (c.before, c.after) for c in scorecard_changes(before, after)}
    assert changes["script.greeting"] == (0.0, 1.0)
    assert "compliance" in changes and "category" not in changes
