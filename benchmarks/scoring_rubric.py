"""Rubric accuracy on the labelled call sets: level QWK, F1 per step and per violation, category
accuracy; and scoring throughput on a 40-turn call.

    python benchmarks/scoring_rubric.py [--misses] [--scorer embedded] [--sets tuned,blind-dev,blind-test,blind-test2,blind-test3]

Sets, reported separately:
- tuned: tests/scoring/labelled (106 calls written with the scorer; the rubric was tuned on them);
- blind-dev: tests/scoring/blind/dev (written by someone who never saw the scorer; tune on it);
- blind-test: tests/scoring/blind/test (same writer; looked at several times, so now development data);
- blind-test2: tests/scoring/blind/test2 (a second writer; scored once frozen, then development data);
- blind-test3: tests/scoring/blind/test3 (a third writer who never saw the scorer or the other sets;
  report only: its misses are never printed).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from callqa.settings import load_settings  # noqa: E402
from scoring import build_scorer  # noqa: E402
from scoring.evaluation import evaluate, read_labelled  # noqa: E402

LABELLED = ROOT / "tests" / "scoring" / "labelled"
BLIND = ROOT / "tests" / "scoring" / "blind"
SETS = {"tuned": LABELLED, "blind-dev": BLIND / "dev", "blind-test": BLIND / "test",
        "blind-test2": BLIND / "test2", "blind-test3": BLIND / "test3"}
REPORT_ONLY = {"blind-test3"}  # never print its misses


def forty_turns(item):
    """A 40-turn call: the labelled call's turns repeated with shifted times."""
    turns, offset = [], 0.0
    while len(turns) < 40:
        for t in item.transcript.turns:
            if len(turns) == 40:
                break
            turns.append(replace(t, index=len(turns), start=t.start + offset, end=t.end + offset))
        offset = turns[-1].end + 1.0
    return replace(item.transcript, turns=tuple(turns), duration_s=offset)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every disagreement (never for blind-test3)")
    parser.add_argument("--scorer", default="embedded")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    args = parser.parse_args()
    scorer = build_scorer(load_settings(overrides={"scorer": args.scorer}, env={}))
    print(f"scorer {args.scorer} {scorer.version}")
    for name in args.sets.split(","):
        if not SETS[name].is_dir():
            print(f"\n== {name}: {SETS[name]} is absent")
            continue
        report_set(name, read_labelled(SETS[name]), scorer, args.misses and name not in REPORT_ONLY)
    throughput(scorer, read_labelled(LABELLED))


def report_set(name: str, items, scorer, misses: bool) -> None:
    print(f"\n== {name}: {len(items)} calls ({sum(i.transcript.language == 'zh' for i in items)} zh, "
          f"{sum(i.transcript.language == 'en' for i in items)} en)")
    groups = {"all": items, "zh": [i for i in items if i.transcript.language == "zh"],
              "en": [i for i in items if i.transcript.language == "en"]}
    if name == "tuned":
        groups["holdout (never tuned on)"] = [i for i in items if i.split == "holdout"]
    for group, subset in groups.items():
        if not subset:
            continue
        report = evaluate((i, scorer.score(i.transcript)) for i in subset)
        print(f"[{name} {group}] n={report.n}  level QWK {report.level_qwk:.3f} (goal >= 0.8)  "
              f"exact {report.level_exact:.3f}  category accuracy {report.category_accuracy:.3f}")
        if group != "all":
            continue
        print("  script step       F1     P      R    support")
        for step, agg in report.steps.items():
            print(f"  {step:<16} {agg.f1:.3f}  {agg.precision:.3f}  {agg.recall:.3f}  {agg.support}")
        print("  violation                F1     P      R    support")
        for code, agg in report.violations.items():
            print(f"  {code:<24} {agg.f1:.3f}  {agg.precision:.3f}  {agg.recall:.3f}  {agg.support}")
        if misses:
            print("\n".join("  miss: " + m for m in report.misses))


def throughput(scorer, items) -> None:
    # throughput: 40-turn calls, one process, default backend
    for language in ("zh", "en"):
        call = forty_turns(next(i for i in items if i.transcript.language == language))
        scorer.score(call)  # warm: lexicons, jieba, pinyin
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < 3.0:
            scorer.score(replace(call, call_id=f"bench-{n}"))
            n += 1
        rate = n / (time.perf_counter() - start)
        print(f"\nthroughput {language}: {rate:.1f} calls/s per core on a 40-turn call "
              f"({os.cpu_count()} cores here, one used)")


if __name__ == "__main__":
    main()
