"""One call's scorecard: every criterion of the rubric, each with its evidence.

The backends differ only in the parts they plug in: how turns get their sentiment and, optionally,
how the resolution level is judged. Everything else is the rubric applied to the turns.
"""

from __future__ import annotations

from typing import Callable

from callqa.errors import InputError
from callqa.records import AGENT, CUSTOMER, ROLES, Score, Scorecard, Transcript
from callqa.rubric import Rubric
from scoring.category import category_score
from scoring.context import CallContext
from scoring.matching import Matcher
from scoring.metrics import metric_scores, overtalks
from scoring.politeness import politeness_scores
from scoring.politeness_model import PolitenessModel
from scoring.resolution import Mood, resolution_score
from scoring.script import script_scores
from scoring.sentiment import Polarity, sentiment_scores, speaker_arc
from scoring.violations import violation_scores

# (context, the embedded level score) -> the level score to keep
ResolutionJudge = Callable[[CallContext, Score], Score]


def score_call(transcript: Transcript, rubric: Rubric, polarity: Polarity, scorer: str,
               judge: ResolutionJudge | None = None, politeness_model: PolitenessModel | None = None) -> Scorecard:
    if not transcript.turns:
        raise InputError(transcript.call_id, "the transcript has no turns to score")
    if not any(t.speaker in ROLES for t in transcript.turns):
        raise InputError(transcript.call_id, "no turn is labelled agent or customer; assign roles first")
    if transcript.language != rubric.language:
        raise InputError(rubric.source, f"rubric language {rubric.language} does not match the call's "
                                        f"language {transcript.language}")
    turns = transcript.turns
    values = polarity([t.text for t in turns])
    sentiment = {t.index: max(-1.0, min(1.0, float(v))) for t, v in zip(turns, values)}
    matcher = Matcher(transcript.language, rubric.matching)
    ctx = CallContext(transcript, rubric, matcher, matcher.prepare(turns), sentiment)

    rules = rubric.violations
    overtalk = overtalks(turns, rules.overtalk_min_overlap_s, rules.backchannel_max_chars, ctx.language)
    script, met = script_scores(ctx)
    mood = Mood(*speaker_arc(ctx.customer_turns, sentiment))
    level = resolution_score(ctx, met.get("other_needs"), mood)
    if judge is not None:
        level = judge(ctx, level)
    scores = [level, *script, *violation_scores(ctx, met.get("empathy"), overtalk, level),
              *politeness_scores(turns, ctx.language, rubric.politeness, len(overtalk), politeness_model),
              *sentiment_scores(AGENT, ctx.agent_turns, sentiment),
              *sentiment_scores(CUSTOMER, ctx.customer_turns, sentiment),
              category_score(ctx), *metric_scores(transcript, overtalk)]
    return Scorecard(call_id=transcript.call_id, language=transcript.language,
                     rubric_version=rubric.version, scorer=scorer, scores=tuple(scores),
                     turn_sentiment=tuple(round(sentiment[t.index], 3) for t in turns))
