"""Format and coverage of the blind labelled set (tests/scoring/blind/): never its scores.

The set was written blind to the scorer (see tests/scoring/blind/README.md); these tests only
check that every file is well formed, that its codes are the rubric's, that the labels obey the
rubric's own rules, and that each split covers what the set promises.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

from callqa.rubric import CATEGORIES, SCRIPT_STEPS, VIOLATIONS
from tests.conftest import ROOT

BLIND = Path(__file__).parent / "blind"
SPLITS = ("dev", "test", "test2", "test3")
CALLS_PER_LANGUAGE = {"dev": 16, "test": 16, "test2": 20, "test3": 20}
ID_LETTER = {"dev": "b", "test": "b", "test2": "t", "test3": "u"}  # test2/3: other helpers
LANGUAGES = ("zh", "en")
TOP_KEYS = {"call_id", "language", "duration_s", "turns", "labels"}
TURN_KEYS = {"speaker", "start", "end", "text"}
LABEL_KEYS = {"resolution_level", "script", "violations", "category", "split"}
NAME = re.compile(r"^(zh|en)-([btu])(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
SILENCE_S = 60.0


def _load() -> dict[str, list[tuple[Path, dict]]]:
    calls: dict[str, list[tuple[Path, dict]]] = {}
    for split in SPLITS:
        paths = sorted((BLIND / split).glob("*.json"))
        calls[split] = [(p, json.loads(p.read_text(encoding="utf-8"))) for p in paths]
    return calls


CALLS = _load()
ALL = [(split, path, call) for split, items in CALLS.items() for path, call in items]


def _ids():
    return [f"{split}/{path.stem}" for split, path, _ in ALL]


def test_each_split_holds_its_calls_per_language():
    for split in SPLITS:
        by_lang = defaultdict(int)
        for _, call in CALLS[split]:
            by_lang[call["language"]] += 1
        count = CALLS_PER_LANGUAGE[split]
        assert dict(by_lang) == {"zh": count, "en": count}, split


def test_call_ids_are_unique_across_the_set():
    ids = [call["call_id"] for _, _, call in ALL]
    assert len(ids) == len(set(ids)) == 2 * sum(CALLS_PER_LANGUAGE.values())


@pytest.mark.parametrize(("split", "path", "call"), ALL, ids=_ids())
def test_file_format(split, path, call):
    assert set(call) == TOP_KEYS, path
    assert call["call_id"] == path.stem
    match = NAME.match(call["call_id"])
    assert match and match.group(1) == call["language"], path
    assert match.group(2) == ID_LETTER[split], path
    turns = call["turns"]
    assert 8 <= len(turns) <= 40, path
    for turn in turns:
        assert set(turn) == TURN_KEYS, path
        assert turn["speaker"] in ("agent", "customer"), path
        assert 0 <= turn["start"] < turn["end"] <= call["duration_s"], (path, turn)
        assert turn["text"].strip(), path
    for before, after in pairwise(turns):
        assert after["start"] > before["start"], (path, after)
        if after["start"] < before["end"]:  # deliberate overtalk: the other party, briefly
            assert after["speaker"] != before["speaker"], (path, after)
            assert before["end"] - after["start"] < 3.0, (path, after)
    assert turns[0]["speaker"] == "agent", path


@pytest.mark.parametrize(("split", "path", "call"), ALL, ids=_ids())
def test_labels_use_the_rubric_codes(split, path, call):
    labels = call["labels"]
    assert set(labels) == LABEL_KEYS, path
    assert labels["split"] == f"blind-{split}", path
    level = labels["resolution_level"]
    assert isinstance(level, int) and not isinstance(level, bool) and 0 <= level <= 4, path
    assert list(labels["script"]) == list(SCRIPT_STEPS), path
    assert all(v is None or isinstance(v, bool) for v in labels["script"].values()), path
    assert len(set(labels["violations"])) == len(labels["violations"]), path
    assert set(labels["violations"]) <= set(VIOLATIONS), path
    assert labels["category"] in CATEGORIES, path


@pytest.mark.parametrize(("split", "path", "call"), ALL, ids=_ids())
def test_labels_obey_the_rubric_rules(split, path, call):
    labels, turns = call["labels"], call["turns"]
    script, violations = labels["script"], set(labels["violations"])
    if labels["resolution_level"] >= 3:  # satisfied needs the other-needs check
        assert script["other_needs"] is True, path
    if "no_apology_on_complaint" in violations:
        assert script["empathy"] is False, path
    if script["empathy"] is False:
        assert "no_apology_on_complaint" in violations, path
    agent_over_customer = any(
        after["speaker"] == "agent" and before["speaker"] == "customer"
        and after["start"] < before["end"] for before, after in pairwise(turns))
    assert agent_over_customer == ("overtalk" in violations), path
    longest_gap = max(after["start"] - before["end"] for before, after in pairwise(turns))
    if "long_silence" in violations:
        assert longest_gap > SILENCE_S, path


def _groups():
    groups = defaultdict(list)
    for split, _, call in ALL:
        groups[(split, call["language"])].append(call)
    return [pytest.param(key, calls, id="-".join(key)) for key, calls in sorted(groups.items())]


@pytest.mark.parametrize(("group", "calls"), _groups())
def test_each_split_and_language_covers_the_rubric(group, calls):
    levels = {c["labels"]["resolution_level"] for c in calls}
    assert levels == {0, 1, 2, 3, 4}, group
    for step in SCRIPT_STEPS:
        values = {c["labels"]["script"][step] for c in calls}
        assert {True, False} <= values, (group, step)
    seen = {code for c in calls for code in c["labels"]["violations"]}
    assert seen == set(VIOLATIONS), group
    assert {c["labels"]["category"] for c in calls} == set(CATEGORIES), group
    assert any(c["labels"]["script"]["transfer_notice"] is None for c in calls), group


@pytest.mark.parametrize(("group", "calls"), _groups())
def test_each_split_and_language_has_a_level_3_4_pair_differing_by_an_extra(group, calls):
    def texts(call):
        return [t["text"] for t in call["turns"]]

    pairs = [(a, b) for a in calls for b in calls
             if a["labels"]["resolution_level"] == 3 and b["labels"]["resolution_level"] == 4
             and len(set(texts(a)) & set(texts(b))) >= 0.7 * len(texts(a))
             and 0 < len(texts(b)) - len(texts(a)) <= 2]
    assert pairs, group


def test_codes_match_the_rubric_document():
    rubric = ROOT.parent / "shared" / "RUBRIC.md"
    if not rubric.exists():
        pytest.skip(f"rubric document not found at {rubric}")
    text = rubric.read_text(encoding="utf-8")
    codes = set(re.findall(r"`([a-z_]+)`", text))
    assert set(SCRIPT_STEPS) | set(VIOLATIONS) | set(CATEGORIES) <= codes
