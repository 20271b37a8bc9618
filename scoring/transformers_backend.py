"""The ``transformers`` scorer: any Hugging Face sequence-classification sentiment model (hub id or
local folder, setting ``sentiment_model``) gives each turn its sentiment; every other criterion is the
rubric, as in the embedded scorer.

The model's labels are read from its config and mapped to polarity: negative / neutral / positive
names, "1 star" … "5 stars", or LABEL_0 … LABEL_n (2 = negative, positive; 3 = negative, neutral,
positive). A turn's sentiment is the probability-weighted mean polarity, in [-1, 1].
Imported only when chosen: it needs ``pip install 'callqa[transformers]'`` (and torch).
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import torch  # noqa: F401  (a missing torch or transformers names the extra to install)
import transformers

from callqa.errors import SettingError
from scoring.embedded import RubricScorer

_STARS = re.compile(r"^([1-5])\s*stars?$")


def polarity_weights(id2label: Mapping[int, str]) -> list[float]:
    """Polarity of each class, in class-id order, from the model's label names."""
    labels = [str(id2label[i]).strip().lower() for i in sorted(id2label)]
    if all(_STARS.match(label) for label in labels):
        return [(int(_STARS.match(label).group(1)) - 3) / 2 for label in labels]
    named = []
    for label in labels:
        if "neg" in label:
            named.append(-1.0)
        elif "pos" in label:
            named.append(1.0)
        elif "neu" in label or label in ("mixed", "none"):
            named.append(0.0)
        else:
            named.append(None)
    if None not in named:
        return named
    if all(re.fullmatch(r"label_\d+", label) for label in labels) and len(labels) in (2, 3):
        return [-1.0, 1.0] if len(labels) == 2 else [-1.0, 0.0, 1.0]
    raise SettingError(f"cannot tell the polarity of the sentiment model's labels {labels}; "
                       "use a model whose labels name negative/neutral/positive or star ratings")


class TransformersSentiment:
    def __init__(self, model: str, device: str = "auto", batch_size: int = 16, max_length: int = 256):
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(model)
            self.model = transformers.AutoModelForSequenceClassification.from_pretrained(model)
        except (OSError, ValueError) as err:
            raise SettingError(f"sentiment_model {model!r}: cannot load it ({err}); give a local folder "
                               "or a hub id reachable from here") from err
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = device
        self.model.to(device).eval()
        self.weights = torch.tensor(polarity_weights(self.model.config.id2label), device=device)
        self.batch_size, self.max_length = batch_size, max_length

    @torch.inference_mode()
    def __call__(self, texts: Sequence[str]) -> list[float]:
        out: list[float] = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else "." for t in texts[i:i + self.batch_size]]
            enc = self.tokenizer(batch, padding=True, truncation=True, max_length=self.max_length,
                                 return_tensors="pt").to(self.device)
            probs = self.model(**enc).logits.float().softmax(-1)
            out.extend((probs @ self.weights).clamp(-1, 1).tolist())
        return out


class TransformersScorer(RubricScorer):
    name = "transformers"

    def __init__(self, settings):
        if not settings.sentiment_model:
            raise SettingError("the transformers scorer needs the setting 'sentiment_model' "
                               "(a hub id or a local model folder)")
        super().__init__(settings)
        self.model_name = settings.sentiment_model
        self.device = settings.device
        self._model: TransformersSentiment | None = None

    def backend_identity(self) -> dict:
        return {"backend": self.name, "sentiment_model": self.model_name}

    def make_polarity(self, language: str, extra):
        if self._model is None:  # one model for both languages, built once per worker
            self._model = TransformersSentiment(self.model_name, self.device)
        return self._model


def build(settings) -> TransformersScorer:
    return TransformersScorer(settings)
