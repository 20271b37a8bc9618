"""Simulated human reviews for the notebook tests, written through the store's review API.

Real reviews come from QA reviewers in the listening room; a fresh test store has none. This makes a
reproducible set (fixed seed) so the calibration and rubric-tuning notebooks have something to
measure. Every note starts with ``[simulated]`` (nbkit.SIMULATED_MARK) and the notebooks say so.

Model: a hidden "truth" per score differs from the machine now and then (machine error); each
reviewer sees the truth through their own habit: ``sim-careful`` is accurate, ``sim-lenient`` grades
levels up and credits missed steps, ``sim-strict`` grades levels down. Only ``sim-careful`` checks
violations; every call is reviewed by ``sim-careful`` and two thirds by each of the others.
Every fourth call's level review by ``sim-careful`` flags the call for coaching, with a note.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from callqa.records import Review

MARK = "[simulated]"


@dataclass(frozen=True)
class Habit:
    name: str
    level_bias: int  # direction this reviewer moves levels
    bias_rate: float  # how often they do
    credit_missed_step: float  # chance a missed step is marked met anyway
    noise: float  # chance of flipping a yes/no judgement at random


REVIEWERS = (Habit("sim-careful", 0, 0.0, 0.0, 0.03),
             Habit("sim-lenient", +1, 0.5, 0.3, 0.05),
             Habit("sim-strict", -1, 0.4, 0.0, 0.05))
MACHINE_ERROR = 0.12  # chance the hidden truth differs from the machine on a criterion


def _review(call_id, criterion, reviewer, machine, human) -> Review:
    """A confirmation when the reviewer's value is the machine's, else a correction with a reason."""
    if machine == human:
        return Review(call_id, criterion, reviewer, "confirm", note=f"{MARK} agrees")
    return Review(call_id, criterion, reviewer, "correct", value=human,
                  reason=f"{MARK} reviewer heard {human:g} where the machine scored {machine:g}",
                  note=f"{MARK} correction")


def simulate_reviews(store, seed: int = 7) -> int:
    """Add simulated reviews of every scored call; returns how many were stored."""
    return len(store.add_reviews(plan_reviews(store, seed)))  # one transaction


def plan_reviews(store, seed: int = 7) -> list[Review]:
    """The simulated reviews of every scored call, in a reproducible order."""
    rng = random.Random(seed)
    calls = store.call_overview().sort_values("call_id")
    planned: list[Review] = []
    for i, call in enumerate(calls[calls.score_version.notna()].itertuples()):
        scores = store.call_scores(call.call_id).set_index("criterion")
        truth = {}
        for criterion, row in scores.iterrows():
            value = row.value
            if criterion == "resolution_level":
                if rng.random() < MACHINE_ERROR * 2:
                    value = min(4, max(0, value + rng.choice((-1, 1))))
                truth[criterion] = value
            elif criterion.startswith(("script.", "violation.")) and value == value:
                met = value > 0
                truth[criterion] = float(not met if rng.random() < MACHINE_ERROR else met)
        # every call gets the careful reviewer; the other two share the calls, with overlap
        habits = [REVIEWERS[0]] + [h for k, h in enumerate(REVIEWERS[1:]) if (i + k) % 3 != 2]
        for habit in habits:
            for criterion, true_value in truth.items():
                if habit is not REVIEWERS[0] and criterion.startswith("violation."):
                    continue  # only the careful reviewer checks violations (keeps the fixture quick)
                machine = scores.loc[criterion, "value"]
                human = true_value
                if criterion == "resolution_level":
                    if habit.level_bias and rng.random() < habit.bias_rate:
                        human = min(4, max(0, human + habit.level_bias))
                elif criterion.startswith("script."):
                    if human == 0 and rng.random() < habit.credit_missed_step:
                        human = 1.0
                    elif rng.random() < habit.noise:
                        human = 1.0 - human
                elif rng.random() < habit.noise:  # violations: 1 = happened
                    human = 1.0 - human
                if criterion.startswith("violation.") and machine > 0 and human == 1.0:
                    human = machine  # agrees it happened: keep the machine's count
                review = _review(call.call_id, criterion, habit.name, machine, human)
                if i % 4 == 0 and habit is REVIEWERS[0] and criterion == "resolution_level":
                    review = replace(review, coaching=True,  # for the coaching notebook
                                     note=f"{MARK} listen to how the remedy is offered")
                planned.append(review)
    return planned
