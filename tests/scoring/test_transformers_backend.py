"""The transformers scorer's real code path, on a tiny randomly initialised model built here."""

from __future__ import annotations

import pytest

from callqa.errors import SettingError
from tests.scoring.scoring_helpers import settings, transcript

transformers = pytest.importorskip("transformers")
torch = pytest.importorskip("torch")

CHARS = list("您好感谢致电客服请问有什么可以帮的吗我外卖还没到太慢了抱歉退款谢谢再见") + \
    "hello thank you for calling my order is late sorry refund thanks bye".split()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A 1-layer BERT classifier with negative/neutral/positive labels and a local tokenizer."""
    folder = tmp_path_factory.mktemp("tiny-sentiment")
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + CHARS) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(vocab))
    config = transformers.BertConfig(vocab_size=len(CHARS) + 5, hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=24, max_position_embeddings=128,
                                     num_labels=3, id2label={0: "negative", 1: "neutral", 2: "positive"},
                                     label2id={"negative": 0, "neutral": 1, "positive": 2})
    torch.manual_seed(7)
    model = transformers.BertForSequenceClassification(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_polarity_weights_from_label_names():
    from scoring.transformers_backend import polarity_weights

    assert polarity_weights({0: "NEGATIVE", 1: "POSITIVE"}) == [-1.0, 1.0]
    assert polarity_weights({0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars"}) == \
        [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert polarity_weights({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == [-1.0, 0.0, 1.0]
    with pytest.raises(SettingError, match="polarity"):
        polarity_weights({0: "anger", 1: "joy"})


@pytest.mark.slow
def test_transformers_scorer_uses_the_model_for_turn_sentiment(tiny_model):
    from scoring import build_scorer

    scorer = build_scorer(settings(scorer="transformers", sentiment_model=str(tiny_model), device="cpu"))
    rows = [("agent", 0, 3, "您好，感谢您致电客服，请问有什么可以帮您？"),
            ("customer", 3.5, 6, "我外卖还没到，太慢了"),
            ("agent", 6.5, 9, "抱歉，给您退款"),
            ("customer", 9.5, 11, "好的谢谢")]
    card = scorer.score(transcript("zh", rows))
    # the same numbers straight from the model: softmax(logits) . (-1, 0, 1)
    tok = transformers.AutoTokenizer.from_pretrained(tiny_model)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(tiny_model).eval()
    with torch.no_grad():
        probs = model(**tok([r[3] for r in rows], padding=True, return_tensors="pt")).logits.softmax(-1)
    expected = (probs @ torch.tensor([-1.0, 0.0, 1.0])).tolist()
    assert list(card.turn_sentiment) == pytest.approx([round(v, 3) for v in expected], abs=1e-3)
    assert card.scorer.startswith("transformers@")
    assert card.value("script.greeting") == 1  # the rubric still scores the script
    assert scorer.version != build_scorer(settings()).version


def test_transformers_scorer_needs_a_model_setting():
    from scoring import build_scorer

    with pytest.raises(SettingError, match="sentiment_model"):
        build_scorer(settings(scorer="transformers"))


def test_unloadable_model_is_a_clear_setting_error(tmp_path):
    from scoring import build_scorer

    scorer = build_scorer(settings(scorer="transformers", sentiment_model=str(tmp_path / "missing")))
    with pytest.raises(SettingError, match="cannot load"):
        scorer.score(transcript("en", [("agent", 0, 1, "hello")]))
