"""The ``llm`` scorer: the resolution level judged by a language model behind an OpenAI-compatible
``/chat/completions`` endpoint (vLLM, Ollama, llama.cpp server...; settings ``llm_url``, ``llm_model``).

Every other criterion is the rubric, as in the embedded scorer. The model gets the rubric's level
definitions and the numbered turns, and must answer JSON ``{"level": 0..4, "reasons": [{"turn": i,
"cue": "..."}], "missing": "..."}``; its reasons become the level's evidence (turn, time, quote), and
the embedded level is kept beside it in a note for calibration. Plain urllib, no SDK.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from callqa.errors import CallqaError, SettingError
from callqa.records import Evidence, Score
from scoring.context import CallContext
from scoring.embedded import RubricScorer
from scoring.matching import quote

LEVELS = (
    "0 Unresolved: the problem was not addressed (deflected, refused with no alternative, dropped).",
    "1 Logged: acknowledged and handed on (ticket, transfer, callback) with a concrete next step or time, "
    "not solved in the call.",
    "2 Resolved: a concrete remedy (refund, redelivery, compensation, a correct answer) was delivered or "
    "committed and the customer accepted it.",
    "3 Satisfied: resolved, the agent checked for other needs, and the customer ended satisfied.",
    "4 Surprise: satisfied, and the agent went beyond the request (unrequested extra, proactive follow-up, "
    "contacting a third party, fixing the root cause, protecting another party) and the customer shows "
    "delight or surprise.",
)
INSTRUCTIONS = (
    "You are a customer-service quality reviewer. Rate the call's resolution level. Levels are cumulative: "
    "a call reaches level N only if it meets every level below it.\n" + "\n".join(LEVELS) +
    '\nAnswer with JSON only: {"level": <0-4>, "reasons": [{"turn": <turn number>, "cue": "<what in that '
    'turn earned the level>"}], "missing": "<what the next level would need>"}'
)


class LlmUnavailable(CallqaError):
    """The language-model server could not be reached or gave no usable answer."""


class LlmJudge:
    def __init__(self, url: str, model: str, timeout_s: float = 120.0):
        self.endpoint = url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout_s = timeout_s

    def ask(self, ctx: CallContext) -> dict:
        turns = "\n".join(f"[{t.index}] {t.speaker} {t.start:.1f}s: {t.text}" for t in ctx.transcript.turns)
        payload = {"model": self.model, "temperature": 0,
                   "messages": [{"role": "system", "content": INSTRUCTIONS},
                                {"role": "user", "content": f"Call ({ctx.language}):\n{turns}"}]}
        request = urllib.request.Request(self.endpoint, data=json.dumps(payload).encode("utf-8"),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                body = json.loads(response.read().decode("utf-8"))
            content = body["choices"][0]["message"]["content"]
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise LlmUnavailable(f"llm server {self.endpoint}: {err}") from err
        except (ValueError, KeyError, IndexError, TypeError) as err:
            raise LlmUnavailable(f"llm server {self.endpoint}: not a chat-completions answer ({err})") from err
        return _verdict(content, self.endpoint)

    def __call__(self, ctx: CallContext, embedded: Score) -> Score:
        verdict = self.ask(ctx)
        level = verdict["level"]
        names = ctx.rubric.levels
        by_index = {t.index: t for t in ctx.transcript.turns}
        evidence = []
        for reason in verdict.get("reasons") or ():
            turn = by_index.get(reason.get("turn")) if isinstance(reason, dict) else None
            cue = str(reason.get("cue", "")) if isinstance(reason, dict) else str(reason)
            evidence.append(Evidence(turn=turn.index if turn else None, start=turn.start if turn else None,
                                     end=turn.end if turn else None, quote=quote(turn.text) if turn else "",
                                     cue=cue, note=f"llm {self.model}"))
        if verdict.get("missing") and level < 4:
            evidence.append(Evidence(note=f"level {level + 1} ({names[level + 1]}) missing: {verdict['missing']}"))
        evidence.append(Evidence(note=f"embedded rubric level: {embedded.value:.0f} ({embedded.label})"))
        return Score("resolution_level", float(level), names[level], tuple(evidence))


def _verdict(content: str, source: str) -> dict:
    match = re.search(r"\{.*\}", content or "", re.S)
    try:
        verdict = json.loads(match.group(0)) if match else None
    except ValueError:
        verdict = None
    level = verdict.get("level") if isinstance(verdict, dict) else None
    if isinstance(level, str) and level.strip().isdigit():
        level = int(level)
    if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 4:
        raise LlmUnavailable(f"llm server {source}: no level 0-4 in the answer {content[:200]!r}")
    verdict["level"] = level
    return verdict


class LlmScorer(RubricScorer):
    name = "llm"

    def __init__(self, settings):
        if not settings.llm_url or not settings.llm_model:
            raise SettingError("the llm scorer needs the settings 'llm_url' (e.g. http://127.0.0.1:8000/v1) "
                               "and 'llm_model'")
        super().__init__(settings, judge=LlmJudge(settings.llm_url, settings.llm_model))
        self.llm = (settings.llm_url, settings.llm_model)

    def backend_identity(self) -> dict:
        return {"backend": self.name, "llm_model": self.llm[1], "prompt": INSTRUCTIONS}


def build(settings) -> LlmScorer:
    return LlmScorer(settings)
