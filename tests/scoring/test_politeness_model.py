"""The English politeness model: strategies, the shipped weights, bad model files, its place in a score."""

from __future__ import annotations

import csv
import json

import pytest

from callqa.errors import InputError
from callqa.rubric import load_rubric
from scoring import build_scorer
from scoring.politeness import text_politeness
from scoring.politeness_model import features, load_model, model_version, shipped_model, strategies
from scoring.rubrics import shipped_rubric_path
from tests.scoring.scoring_helpers import settings, shared_data, transcript


def test_strategies_follow_the_paper():
    assert {"gratitude", "counterfactual_modal", "please"} <= strategies("Could you please check it? Thanks!")
    assert "please_start" in strategies("Please stop reverting my edits.")
    assert {"direct_question", "second_person"} <= strategies("Why did you delete it?")
    assert "second_person_start" in strategies("You broke the build.")
    assert "direct_start" in strategies("So can you fix it or not?")
    assert {"greeting", "hedge"} <= strategies("Hi, I think the link might be wrong.")
    assert "apologizing" in strategies("Sorry to bother you again.")
    assert strategies("The order number is 42.") == set()
    assert {"w:thanks", "b:thanks for"} <= set(features("Thanks for the help"))


def test_the_shipped_model_ranks_requests_by_politeness():
    model = shipped_model()
    polite = "Hi, could you please take a look when you have a moment? Thanks so much for your help!"
    plain = "The order number is 42."
    rude = "Why didn't you fix this? You obviously never read what I wrote."
    assert model.value(polite) > model.value(plain) > model.value(rude)
    plus, minus = model.explain(polite)
    assert plus and any("gratitude" in f or "thank" in f for f in plus)
    assert model.explain(rude)[1]
    assert len(model_version()) == 12


def test_a_bad_model_file_is_an_input_error_naming_it(tmp_path):
    missing = tmp_path / "absent.json"
    with pytest.raises(InputError, match="absent.json"):
        load_model(missing)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="broken.json.*not a politeness model"):
        load_model(broken)
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps({"intercept": 0, "scale": 0, "weights": {}}), encoding="utf-8")
    with pytest.raises(InputError, match="scale must be above 0"):
        load_model(flat)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"intercept": 0.5, "scale": 2, "weights": {"w:please": 1.0}}), encoding="utf-8")
    assert load_model(good).value("please help") == 1.5


def test_the_model_moves_english_turns_and_shows_in_the_evidence():
    rules = load_rubric(shipped_rubric_path("en")).politeness
    text = "Could you maybe check the address for me? I'd really appreciate it."
    with_model = text_politeness(text, "en", rules, shipped_model())
    markers_only = text_politeness(text, "en", rules)
    assert with_model.score != markers_only.score
    assert "model: +" in with_model.reasons()
    card = build_scorer(settings()).score(transcript("en", [
        ("agent", 0, 2, "Hi, thanks for calling, could you please confirm your order number?"),
        ("customer", 2, 4, "Why do I have to tell you again? You people never listen.")]))
    assert card.value("politeness.agent") > 60 > card.value("politeness.customer")
    assert any("model:" in (e.cue or "") for e in card.get("politeness.agent").evidence)


def test_chinese_politeness_has_no_english_model():
    scorer = build_scorer(settings())
    assert scorer.politeness_model("zh") is None and scorer.politeness_model("en") is not None


def _quartiles(path):
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    scores = sorted(float(r["Normalized Score"]) for r in rows)
    low, high = scores[len(scores) // 4], scores[(3 * len(scores)) // 4]
    return [(r["Request"], float(r["Normalized Score"]) >= high) for r in rows
            if float(r["Normalized Score"]) <= low or float(r["Normalized Score"]) >= high]


@pytest.mark.parametrize("community,floor", [("wikipedia", 0.82), ("stack-exchange", 0.67)])
def test_stanford_binary_task_on_the_test_split(community, floor):
    """The model was trained on the dev splits; test (every fifth request) is held out.
    Measured: Wikipedia 0.835, Stack Exchange 0.684 (published, Wikipedia: BoW 0.798, linguistic 0.838)."""
    pairs = _quartiles(shared_data("politeness", "stanford", f"{community}.test.csv"))
    model = shipped_model()
    accuracy = sum((model.value(text) > 0) == polite for text, polite in pairs) / len(pairs)
    assert accuracy >= floor
