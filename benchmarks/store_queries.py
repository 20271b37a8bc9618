"""p95 latency of the store's dashboard and notebook queries on a synthetic 100,000-call store.

    python benchmarks/store_queries.py [--calls 100000] [--repeat 20] [--db PATH] [--keep]

The store is generated from code with a fixed seed through the store's own bulk write path
(Store.add_calls / Store.save_results / Store.add_reviews), so it has the real schema, views and
summary columns. Each query runs once to warm up, then ``--repeat`` times; every run opens and
closes its own connection ("own"), then again inside ``Store.session()`` where the queries of one
page share a connection ("session"). The first row ("open + close") is the floor a query with its
own connection pays. Goal: p95 < 300 ms for every query. The machine's load average is printed:
figures taken beside other busy processes are slower.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from callqa.records import (  # noqa: E402
    AudioInfo, Call, CallMeta, Evidence, Reliability, Review, Score, Scorecard, Transcript, Turn,
)
from store import CallFilter, Store  # noqa: E402
from store.bulk import CallResult  # noqa: E402

SEED = 20250301
GOAL_MS = 300.0
TEAMS = [f"team-{i:02d}" for i in range(12)]
QUEUES = ["orders", "refunds", "riders", "vip"]
CATEGORIES = ["order_delay", "food_quality", "refund_dispute", "service_attitude", "rider_issue", "other"]
STEPS = ["greeting", "self_intro", "offer_help", "verification", "empathy", "solution", "other_needs", "closing"]
VIOLATIONS = ["evasive", "rude", "long_silence", "overtalk", "no_apology_on_complaint"]
LEVELS = ["未解决 Unresolved", "已受理 Logged", "已解决 Resolved", "满意级 Satisfied", "惊喜级 Surprise"]
WORDS = ("order late refund rider cold food sorry thank you please help coupon delivery wait minutes "
         "address phone check again understand apologise manager tomorrow today really").split()
TURNS_PER_CALL = 12
START = datetime(2025, 1, 6, 8)


def _call(i: int, rng: random.Random) -> Call:
    agent = rng.randrange(300)
    return Call(
        call_id=f"{rng.getrandbits(256):064x}", source=f"/recordings/{i // 1000:03d}/call-{i:06d}.wav",
        media="audio",
        meta=CallMeta(agent_id=f"A{agent:03d}", agent_name=f"Agent {agent:03d}", team=TEAMS[agent % len(TEAMS)],
                      started_at=START + timedelta(minutes=rng.randrange(26 * 7 * 24 * 60)),
                      direction=rng.choice(("inbound", "outbound")), queue=rng.choice(QUEUES),
                      customer_id=f"C{rng.randrange(50_000):05d}", agent_channel=0, language="en"),
        audio=AudioInfo(duration_s=rng.uniform(60, 900), sample_rate=8000, channels=2,
                        codec="pcm_s16le", container="wav", size_bytes=rng.randrange(10**6, 10**7)),
    )


def _result(call: Call, rng: random.Random) -> CallResult:
    duration = call.audio.duration_s
    turns = []
    for k in range(TURNS_PER_CALL):
        start = duration * k / TURNS_PER_CALL
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 16)))
        turns.append(Turn(index=k, speaker="agent" if k % 2 == 0 else "customer", start=start,
                          end=start + duration / TURNS_PER_CALL * 0.9, text=text, channel=k % 2,
                          confidence=rng.uniform(0.6, 1.0)))
    verdict = rng.choices(("ok", "review", "unusable"), (90, 8, 2))[0]
    transcript = Transcript(call.call_id, "en", tuple(turns), duration_s=duration,
                            reliability=Reliability(verdict, () if verdict == "ok" else ("low confidence",)),
                            role_confidence=rng.uniform(0.5, 1.0), engine="synthetic")
    level = rng.choices(range(5), (10, 20, 35, 25, 10))[0]
    met = [rng.random() < 0.8 for _ in STEPS]
    start, end = rng.uniform(-1, 0.3), rng.uniform(-0.6, 1)
    evidence = (Evidence(turn=1, start=turns[1].start, end=turns[1].end, quote=turns[1].text[:40], cue="cue"),)
    scores = [Score("resolution_level", float(level), LEVELS[level], evidence),
              Score("compliance", sum(met) / len(met))]
    scores += [Score(f"script.{s}", float(m), evidence=evidence if m else ()) for s, m in zip(STEPS, met)]
    scores += [Score(f"violation.{v}", float(rng.random() < 0.05)) for v in VIOLATIONS]
    scores += [Score("politeness.agent", rng.uniform(40, 100)), Score("politeness.customer", rng.uniform(20, 100)),
               Score("sentiment.customer.start", start), Score("sentiment.customer.end", end),
               Score("sentiment.customer.shift", end - start), Score("category", None, rng.choice(CATEGORIES)),
               Score("metric.handle_time_s", duration), Score("metric.agent_talk_ratio", rng.uniform(0.3, 0.7))]
    scorecard = Scorecard(call.call_id, "en", "rubric-en-1", "embedded", tuple(scores),
                          tuple(rng.uniform(-1, 1) for _ in turns))
    return CallResult(call.call_id, "speech-1", transcript, scorecard, "score-1")


def build(path: Path, calls: int, chunk: int = 5000) -> tuple[Store, list[str]]:
    rng = random.Random(SEED)
    store = Store(path, lock_timeout_s=60)
    ids: list[str] = []
    for first in range(0, calls, chunk):
        batch = [_call(i, rng) for i in range(first, min(calls, first + chunk))]
        store.add_calls(batch)
        store.save_results([_result(c, rng) for c in batch])
        ids += [c.call_id for c in batch]
    reviewed = rng.sample(ids, min(len(ids), 2000))
    reviews = []
    for n, call_id in enumerate(reviewed):
        for reviewer in ("rita", "sam") if n % 4 == 0 else ("rita",):
            level = rng.randrange(5)
            reviews.append(Review(call_id, "resolution_level", reviewer, "correct" if n % 3 else "confirm",
                                  value=level if n % 3 else None, reason="listened" if n % 3 else None))
    store.add_reviews(reviews, score_version="score-1")
    return store, ids


def queries(store: Store, ids: list[str]) -> dict[str, callable]:
    rng = random.Random(SEED + 1)
    some_call = rng.choice(ids)
    lead = CallFilter(allowed_teams=("team-03", "team-04"))
    return {
        "open + close (floor)": lambda: store.query_rows("SELECT 1"),  # noqa: E501
        "find_calls: first page, no filter": lambda: store.find_calls(CallFilter(limit=100)),
        "find_calls: team lead, team + levels": lambda: store.find_calls(
            CallFilter(teams=("team-03",), levels=(0, 1), allowed_teams=lead.allowed_teams, limit=100)),
        "find_calls: agent, date range": lambda: store.find_calls(
            CallFilter(agent_ids=("A042",), date_from=datetime(2025, 3, 1), date_to=datetime(2025, 4, 30))),
        "find_calls: violation + shift range": lambda: store.find_calls(
            CallFilter(violation_codes=("rude",), shift_max=-0.5, limit=100)),
        "find_calls: compliance, verdict, sort": lambda: store.find_calls(
            CallFilter(compliance_max=0.5, verdicts=("review", "unusable"), order_by="compliance", limit=100)),
        "find_calls: text search in turns": lambda: store.find_calls(CallFilter(text="coupon rider", limit=100)),
        "count_calls: team lead": lambda: store.count_calls(lead),
        "weekly_kpis by team": lambda: store.weekly_kpis("team"),
        "weekly_kpis by queue": lambda: store.weekly_kpis("queue"),
        "weekly_kpis by category": lambda: store.weekly_kpis("category"),
        "category_trend": lambda: store.category_trend(),
        "level_distribution (team lead)": lambda: store.level_distribution(lead),
        "agent_scorecard": lambda: store.agent_scorecard("A042"),
        "agreement_pairs (level)": lambda: store.agreement_pairs("resolution_level"),
        "reviewer_pairs": lambda: store.reviewer_pairs(),
        "reviews of a reviewer": lambda: store.reviews(reviewer="sam"),
        "status_summary": lambda: store.status_summary(),
        "call page: overview row": lambda: store.find_calls(CallFilter(call_ids=(some_call,))),
        "call page: turns": lambda: store.call_turns(some_call),
        "call page: scores + evidence": lambda: store.call_scores(some_call),
        "call page: load_transcript": lambda: store.load_transcript(some_call),
        "call page: load_scorecard": lambda: store.load_scorecard(some_call),
    }


def _timed(run, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, help="reuse (or create) this store instead of a temporary one")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench.duckdb"
    started = time.perf_counter()
    if path.exists():
        store = Store(path, lock_timeout_s=60)
        ids = [r[0] for r in store.query_rows("SELECT call_id FROM calls ORDER BY call_id")]
        print(f"reused {path}: {len(ids):,} calls")
    else:
        store, ids = build(path, args.calls)
        build_s = time.perf_counter() - started
        print(f"built {len(ids):,} calls ({len(ids) * TURNS_PER_CALL:,} turns) in {build_s:.1f} s "
              f"({len(ids) / build_s:,.0f} calls/s through save_results); "
              f"file {path.stat().st_size / 2**20:.0f} MiB")

    print("own connection: the query opens and closes the file itself (a page's first query);")
    print("in a session: a page's later queries, sharing the connection (Store.session()).")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'query':40s} {'own p50':>8s} {'own p95':>8s} {'session p95':>12s}  goal p95 < {GOAL_MS:.0f} ms")
    worst = 0.0
    for name, run in queries(store, ids).items():
        run()  # warm-up
        own = _timed(run, args.repeat)
        with store.session():
            run()
            shared = _timed(run, args.repeat)
        worst = max(worst, p95(own))
        print(f"{name:40s} {statistics.median(own):8.1f} {p95(own):8.1f} {p95(shared):12.1f}  "
              f"{'ok' if p95(own) < GOAL_MS else 'SLOW'}")
    print(f"worst p95 (own connection): {worst:.1f} ms "
          f"({'meets' if worst < GOAL_MS else 'misses'} the {GOAL_MS:.0f} ms goal)")
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
