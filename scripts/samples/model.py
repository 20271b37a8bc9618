"""The records a sample call is written in: who says what, when, and what the call should score."""

from __future__ import annotations

from dataclasses import dataclass, field

AGENT, CUSTOMER = "agent", "customer"

SCRIPT_STEPS = ("greeting", "self_intro", "offer_help", "verification", "empathy", "solution",
                "transfer_notice", "other_needs", "closing")
CATEGORIES = ("order_delay", "food_quality", "refund_dispute", "service_attitude", "rider_issue", "other")
VIOLATIONS = ("evasive", "rude", "long_silence", "overtalk", "no_apology_on_complaint")


@dataclass(frozen=True)
class Line:
    """One turn of the dialogue.

    ``gap`` is the pause in seconds between the end of the previous turn and the start of this one;
    a negative gap starts this turn before the previous one ends (overtalk). None draws a natural
    response latency from the call's seeded random generator.
    """

    speaker: str
    text: str
    gap: float | None = None


def A(text: str, gap: float | None = None) -> Line:  # noqa: N802 - reads like a script
    return Line(AGENT, text, gap)


def C(text: str, gap: float | None = None) -> Line:  # noqa: N802
    return Line(CUSTOMER, text, gap)


@dataclass(frozen=True)
class Agent:
    agent_id: str
    name: str
    team: str


@dataclass(frozen=True)
class Intended:
    """The truth a sample call was written to show (what callqa should find)."""

    resolution_level: int
    category: str
    violations: tuple[str, ...]
    missed_steps: tuple[str, ...] = ()  # every other applicable step is met
    transferred: bool = False

    def __post_init__(self) -> None:
        assert 0 <= self.resolution_level <= 4, self.resolution_level
        assert self.category in CATEGORIES, self.category
        assert set(self.violations) <= set(VIOLATIONS), self.violations
        assert set(self.missed_steps) <= set(SCRIPT_STEPS), self.missed_steps

    def script(self) -> dict[str, bool | None]:
        """Each rubric step: True met, False missed, None not applicable (no transfer)."""
        out: dict[str, bool | None] = {}
        for step in SCRIPT_STEPS:
            if step == "transfer_notice" and not self.transferred:
                out[step] = None
            else:
                out[step] = step not in self.missed_steps
        return out


@dataclass(frozen=True)
class Rendering:
    """How an audio call is written to disk."""

    container: str  # wav | flac | mp3 | ogg
    channels: int  # 1 mono, 2 stereo (one party per channel)
    sample_rate: int  # Ogg/Opus always decodes at 48 kHz, so ogg calls are rendered at 48000
    agent_channel: int | None = None  # stereo only: 0 left, 1 right


@dataclass(frozen=True)
class SampleCall:
    name: str  # the file stem, also the call's external id
    language: str  # en (audio) | zh (transcript)
    agent: Agent
    started_at: str  # ISO date-time, local time of the call centre
    direction: str  # inbound | outbound
    queue: str
    customer_id: str
    intended: Intended
    lines: tuple[Line, ...]
    rendering: Rendering | None = None  # None: the call ships as an interchange transcript
    summary: str = ""
    customer_voice: str = "en-us+f3"  # espeak-ng voice of the customer (English audio only)
    seed: int = field(default=0)

    @property
    def file(self) -> str:
        if self.rendering is None:
            return f"calls/zh/{self.name}.json"
        return f"calls/en/{self.name}.{self.rendering.container}"
