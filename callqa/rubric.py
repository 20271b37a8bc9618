"""Rubric files: the product's definition of a good call, as data (TOML) a customer can edit.

A rubric holds the script steps with their phrasings and timing windows, the violation phrases and
limits, the resolution cues, politeness markers, category cues and the matching thresholds
(see ../shared/RUBRIC.md and ``scoring/rubrics/zh.toml``). ``load_rubric`` checks every key and
reports a malformed file as ``InputError("<file>", "<key>: <reason>")``.

``Rubric.version`` is the short SHA-256 of the file's bytes: every score stores it, so a changed
rubric re-scores old calls beside the old scores.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from callqa.errors import InputError

SCRIPT_STEPS = ("greeting", "self_intro", "offer_help", "verification", "empathy", "solution",
                "transfer_notice", "other_needs", "closing")
VIOLATIONS = ("evasive", "rude", "long_silence", "overtalk", "no_apology_on_complaint")
CATEGORIES = ("order_delay", "food_quality", "refund_dispute", "service_attitude", "rider_issue", "other")
RESOLUTION_CUES = ("handoff", "remedy", "accepted", "refused", "satisfied", "unsatisfied", "extra",
                   "delight")
SPEAKERS = ("agent", "customer", "any")
APPLIES = ("always", "complaint", "transfer")


@dataclass(frozen=True)
class Matching:
    """How tolerant phrase matching is: rapidfuzz partial-ratio threshold (0..100), pinyin homophones."""

    fuzzy_threshold: float = 86.0
    pinyin: bool = True
    min_fuzzy_chars: int = 4  # shorter phrases must match exactly (or as homophones)
    min_homophone_chars: int = 3  # shorter phrases must match exactly
    max_gap_chars: int = 12  # in "a*b", b must start within this many characters after a


@dataclass(frozen=True)
class Window:
    """Where in the call a script step is expected. Unset limits do not restrict."""

    first_agent_turns: int | None = None  # only the agent's first N turns
    within_s_of_agent_start: float | None = None  # turn starts within S s of the agent's first speech
    last_agent_turns: int | None = None  # only the agent's last N turns
    within_s_of_end: float | None = None  # turn ends within the call's last S s


@dataclass(frozen=True)
class CueSet:
    """Phrasings of one cue, said by one side. ``a*b`` matches a then b in the same turn."""

    name: str
    phrases: tuple[str, ...]
    speaker: str = "any"
    negatable: bool = False  # a negator right before the match ("不满意", "not happy") voids it
    commit: tuple[str, ...] = ()  # with ``objects``: a commitment word ("已经", "I've") followed,
    objects: tuple[str, ...] = ()  # in the same clause and unnegated, by an object ("退款", "refund")


@dataclass(frozen=True)
class ScriptStep:
    code: str
    label: str
    cues: CueSet
    window: Window = field(default_factory=Window)
    applies: str = "always"  # always | complaint (after one is voiced) | transfer (only if transferred)
    include: tuple[str, ...] = ()  # resolution cue sets whose phrases also meet this step


@dataclass(frozen=True)
class ViolationRules:
    evasive: CueSet
    rude: CueSet
    hold_notice: CueSet  # said before a silence, it excuses the wait
    long_silence_s: float = 60.0
    overtalk_min_overlap_s: float = 0.5
    backchannel_max_chars: int = 2  # agent turns this short ("嗯", "ok") never count as overtalk


@dataclass(frozen=True)
class Resolution:
    cues: Mapping[str, CueSet]  # RESOLUTION_CUES -> cues
    transfer: CueSet  # the agent hands the call to someone else (makes transfer_notice applicable)
    satisfied_end_sentiment: float = -0.05  # customer's end sentiment must be at least this
    last_customer_turns: int = 3  # satisfaction is read from the customer's last N turns


@dataclass(frozen=True)
class Complaint:
    cues: CueSet
    sentiment_below: float = -0.45  # a customer turn this negative is a complaint too
    inquiry: tuple[str, ...] = ()  # with opening_is_complaint: what makes an opening a plain question
    opening_is_complaint: bool = False  # the customer's first statement is the problem, unless an inquiry


@dataclass(frozen=True)
class Politeness:
    polite: Mapping[str, float]
    impolite: Mapping[str, float]
    neutral: float = 50.0  # the score of a turn with no marker
    scale: float = 2.0  # marker weight that moves a turn about three quarters of the way to 0 or 100
    interrupt_penalty: float = 3.0  # points off the agent's score per overtalk


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    strong: tuple[str, ...]
    weak: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rubric:
    name: str
    language: str
    version: str
    source: str
    levels: tuple[str, ...]
    matching: Matching
    steps: tuple[ScriptStep, ...]
    violations: ViolationRules
    resolution: Resolution
    complaint: Complaint
    politeness: Politeness
    categories: tuple[Category, ...]
    sentiment_words: Mapping[str, float] = field(default_factory=dict)  # extra lexicon entries

    def step(self, code: str) -> ScriptStep:
        return next(s for s in self.steps if s.code == code)


def load_rubric(path: str | Path) -> Rubric:
    """Read and check a rubric file; any problem is an InputError naming the file and the key."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        doc = tomllib.loads(raw.decode("utf-8"))
    except OSError as err:
        raise InputError(str(path), f"cannot read rubric ({err.strerror or err})") from err
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(str(path), f"malformed TOML ({err})") from err
    version = hashlib.sha256(raw).hexdigest()[:12]
    try:
        return _build(doc, version, str(path))
    except _Bad as err:
        raise InputError(str(path), f"bad key '{err.key}': {err.reason}") from None


class _Bad(Exception):
    def __init__(self, key: str, reason: str):
        super().__init__(f"{key}: {reason}")
        self.key, self.reason = key, reason


class _Section:
    """A TOML table read with checks: every key must be known, every value of the right kind."""

    def __init__(self, doc: Any, key: str, known: tuple[str, ...]):
        if not isinstance(doc, dict):
            raise _Bad(key, "must be a table")
        for name in doc:
            if name not in known:
                raise _Bad(f"{key}.{name}" if key else name, f"unknown key (known: {', '.join(known)})")
        self.doc, self.key = doc, key

    def _path(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ..., choices: tuple = ()) -> Any:
        if name not in self.doc:
            if default is ...:
                raise _Bad(self._path(name), "missing")
            return default
        value = self.doc[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind in (int, float) and isinstance(value, bool)):
            raise _Bad(self._path(name), f"must be {getattr(kind, '__name__', kind)}, not {value!r}")
        if choices and value not in choices:
            raise _Bad(self._path(name), f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def phrases(self, name: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(name, list, default)
        if not all(isinstance(p, str) and p.strip() for p in value):
            raise _Bad(self._path(name), "must be a list of non-empty strings")
        return tuple(value)

    def weights(self, name: str) -> dict[str, float]:
        value = self.get(name, dict, {})
        out = {}
        for word, weight in value.items():
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                raise _Bad(f"{self._path(name)}.{word}", f"must be a number, not {weight!r}")
            out[word] = float(weight)
        return out

    def sub(self, name: str, known: tuple[str, ...], required: bool = True) -> "_Section":
        if name not in self.doc and not required:
            return _Section({}, self._path(name), known)
        return _Section(self.get(name, dict), self._path(name), known)


_CUE_KEYS = ("phrases", "speaker", "negatable", "commit", "objects")


def _cues(section: _Section, name: str, speaker: str, negatable: bool = False) -> CueSet:
    sub = section.sub(name, _CUE_KEYS)
    commit, objects = sub.phrases("commit", []), sub.phrases("objects", [])
    if bool(commit) != bool(objects):
        raise _Bad(f"{sub.key}.{'objects' if commit else 'commit'}", "commit and objects go together")
    return CueSet(name=name, phrases=sub.phrases("phrases"),
                  speaker=sub.get("speaker", str, speaker, SPEAKERS),
                  negatable=sub.get("negatable", bool, negatable), commit=commit, objects=objects)


def _build(doc: dict, version: str, source: str) -> Rubric:
    top = _Section(doc, "", ("rubric", "matching", "levels", "script", "violations", "resolution",
                             "complaint", "politeness", "categories", "sentiment"))
    meta = top.sub("rubric", ("name", "language", "description"))
    language = meta.get("language", str, choices=("zh", "en"))

    match = top.sub("matching", tuple(Matching.__dataclass_fields__), required=False)
    matching = Matching(fuzzy_threshold=match.get("fuzzy_threshold", float, 86.0),
                        pinyin=match.get("pinyin", bool, language == "zh"),
                        min_fuzzy_chars=match.get("min_fuzzy_chars", int, 4),
                        min_homophone_chars=match.get("min_homophone_chars", int, 3),
                        max_gap_chars=match.get("max_gap_chars", int, 12))

    levels = top.sub("levels", ("names",)).phrases("names")
    if len(levels) != 5:
        raise _Bad("levels.names", f"must name the 5 levels 0..4, got {len(levels)}")

    vio = top.sub("violations", ("evasive", "rude", "hold_notice", "long_silence_s",
                                 "overtalk_min_overlap_s", "backchannel_max_chars"))
    violations = ViolationRules(
        evasive=_cues(vio, "evasive", "agent"), rude=_cues(vio, "rude", "agent"),
        hold_notice=_cues(vio, "hold_notice", "agent"),
        long_silence_s=vio.get("long_silence_s", float, 60.0),
        overtalk_min_overlap_s=vio.get("overtalk_min_overlap_s", float, 0.5),
        backchannel_max_chars=vio.get("backchannel_max_chars", int, 2))

    res = top.sub("resolution", RESOLUTION_CUES + ("transfer", "satisfied_end_sentiment",
                                                   "last_customer_turns"))
    speakers = {"handoff": "agent", "remedy": "agent", "extra": "agent", "accepted": "customer",
                "refused": "customer", "satisfied": "customer", "unsatisfied": "customer",
                "delight": "customer"}
    negatable = {"accepted", "satisfied", "delight"}
    resolution = Resolution(
        cues={n: _cues(res, n, speakers[n], n in negatable) for n in RESOLUTION_CUES},
        transfer=_cues(res, "transfer", "agent"),
        satisfied_end_sentiment=res.get("satisfied_end_sentiment", float, -0.05),
        last_customer_turns=res.get("last_customer_turns", int, 3))

    script = top.sub("script", SCRIPT_STEPS)
    steps = []
    for code in SCRIPT_STEPS:
        if code not in script.doc:
            continue
        step = script.sub(code, ("label", "phrases", "applies", "window", "include"))
        include = step.phrases("include", [])
        for name in include:
            if name not in RESOLUTION_CUES:
                raise _Bad(f"script.{code}.include", f"unknown cue set {name!r} (known: {', '.join(RESOLUTION_CUES)})")
        phrases = step.phrases("phrases") + tuple(p for n in include for p in resolution.cues[n].phrases)
        commit = tuple(p for n in include for p in resolution.cues[n].commit)
        objects = tuple(p for n in include for p in resolution.cues[n].objects)
        win = step.sub("window", tuple(Window.__dataclass_fields__), required=False)
        window = Window(**{name: win.get(name, float if name.startswith("within") else int, None)
                           for name in Window.__dataclass_fields__})
        steps.append(ScriptStep(code=code, label=step.get("label", str, code),
                                cues=CueSet(code, phrases, "agent", commit=commit, objects=objects),
                                window=window,
                                applies=step.get("applies", str, "always", APPLIES), include=include))

    comp = top.sub("complaint", ("phrases", "speaker", "negatable", "sentiment_below", "inquiry",
                                 "opening_is_complaint"))
    complaint = Complaint(cues=CueSet("complaint", comp.phrases("phrases"),
                                      comp.get("speaker", str, "customer", SPEAKERS)),
                          sentiment_below=comp.get("sentiment_below", float, -0.45),
                          inquiry=comp.phrases("inquiry", []),
                          opening_is_complaint=comp.get("opening_is_complaint", bool, False))

    pol = top.sub("politeness", ("polite", "impolite", "neutral", "scale", "interrupt_penalty"))
    politeness = Politeness(polite=pol.weights("polite"), impolite=pol.weights("impolite"),
                            neutral=pol.get("neutral", float, 50.0), scale=pol.get("scale", float, 2.0),
                            interrupt_penalty=pol.get("interrupt_penalty", float, 3.0))

    cats = top.sub("categories", CATEGORIES)
    categories = []
    for code in CATEGORIES:
        if code == "other" or code not in cats.doc:
            continue
        cat = cats.sub(code, ("label", "strong", "weak"))
        categories.append(Category(code, cat.get("label", str, code), cat.phrases("strong"),
                                   cat.phrases("weak", [])))

    senti = top.sub("sentiment", ("words",), required=False)
    return Rubric(name=meta.get("name", str), language=language, version=version, source=source,
                  levels=levels, matching=matching, steps=tuple(steps), violations=violations,
                  resolution=resolution, complaint=complaint, politeness=politeness,
                  categories=tuple(categories), sentiment_words=senti.weights("words"))
