"""The default scorer: the rubric's phrases matched tolerantly, lexicon sentiment; no model hub."""

from __future__ import annotations

from callqa import __version__
from callqa.records import Scorecard, Transcript
from callqa.versioning import fingerprint
from scoring.card import ResolutionJudge, score_call
from scoring.politeness_model import PolitenessModel, model_version, shipped_model
from scoring.rubrics import RubricChoice
from scoring.sentiment import Polarity, embedded_sentiment

CODE_VERSION = "scoring-4"  # bump when a change in this room changes scores


class RubricScorer:
    """Scores calls with a rubric; subclasses (backends) swap the sentiment model or the level judge."""

    name = "embedded"

    def __init__(self, settings, judge: ResolutionJudge | None = None):
        self.rubrics = RubricChoice(settings.rubric)
        self.judge = judge
        self._polarity: dict[str, Polarity] = {}

    def backend_identity(self) -> dict:
        return {"backend": self.name}

    @property
    def version(self) -> str:
        return fingerprint(self.backend_identity(), self.rubrics.versions(), model_version(), __version__,
                           CODE_VERSION)

    def polarity(self, language: str) -> Polarity:
        if language not in self._polarity:
            rubric = self.rubrics.for_language(language)
            self._polarity[language] = self.make_polarity(language, rubric.sentiment_words)
        return self._polarity[language]

    def make_polarity(self, language: str, extra) -> Polarity:
        return embedded_sentiment(language, extra)

    def politeness_model(self, language: str) -> PolitenessModel | None:
        """The learned politeness model for a language (English only, shipped with the scorer)."""
        return shipped_model() if language == "en" else None

    def score(self, transcript: Transcript) -> Scorecard:
        rubric = self.rubrics.for_language(transcript.language)
        return score_call(transcript, rubric, self.polarity(transcript.language),
                          f"{self.name}@{self.version}", self.judge, self.politeness_model(transcript.language))


def build(settings) -> RubricScorer:
    return RubricScorer(settings)
