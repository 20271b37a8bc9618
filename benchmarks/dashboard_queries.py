"""p95 time of each dashboard page's queries on a synthetic 100,000-call store (fixed seed).

    python benchmarks/dashboard_queries.py [--calls 100000] [--repeat 15] [--db PATH] [--keep]

The store is generated with tests/dashboards/synthetic.py (consistent turns, scores and evidence) and
written through the store's bulk path; 2 % of calls get reviews (a quarter double-reviewed), some of
those disputes, and a sampling plan assigns calls, so the QA queue and calibration pages have data.
A "page" is the set of queries that page runs to draw itself once, as the app runs them (each opens
and closes its own connection). Scopes: manager (every call), team lead (one team), agent (own calls).
The first row, "open + close", is the floor every query pays. Goal: p95 < 300 ms per page.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "dashboards")]

from callqa.records import Review  # noqa: E402
from store import CallFilter, Store  # noqa: E402
from store import dashboard_queries as q  # noqa: E402
from store.bulk import CallResult  # noqa: E402
from store.dashboard_queries import Scope  # noqa: E402
from synthetic import SCORE_VERSION, TRANSCRIPT_VERSION, synthetic_call  # noqa: E402

SEED = 7
GOAL_MS = 300.0


def build(path: Path, calls: int, chunk: int = 5000) -> Store:
    store = Store(path, lock_timeout_s=60)
    for first in range(0, calls, chunk):
        batch = [synthetic_call(SEED, i, "/recordings/synthetic.wav") for i in range(first, min(calls, first + chunk))]
        store.add_calls(call for call, _, _ in batch)
        store.save_results([CallResult(c.call_id, TRANSCRIPT_VERSION, t, s, SCORE_VERSION) for c, t, s in batch])
    rng = random.Random(SEED)
    overview = store.call_overview()
    reviewed = rng.sample(overview.call_id.tolist(), max(1, len(overview) // 50))
    machine = overview.set_index("call_id")["resolution_level"]
    reviews = []
    for n, call_id in enumerate(reviewed):
        for reviewer in ("rita", "sam") if n % 4 == 0 else ("rita",):
            level = int(min(4, max(0, machine[call_id] + rng.choice((-1, 0, 0, 1)))))
            same = level == machine[call_id]
            reviews.append(Review(call_id, "resolution_level", reviewer, "confirm" if same else "correct",
                                  value=None if same else level, reason=None if same else "listened",
                                  note="coach the close" if n % 10 == 0 else None, coaching=n % 25 == 0))
    store.add_reviews(reviews, score_version=SCORE_VERSION)
    for review_id in store.reviews(reviewer="rita")["review_id"].head(200):
        store.raise_dispute(review_id, "a01", "I disagree")
    store.add_sampling_plan("weekly", SEED, {"per_agent_week": 3},
                            [(c, rng.choice(("rita", "sam"))) for c in reviewed[:2000]], "bench")
    return store


class Timed:
    """The store, with the time of every query a page runs recorded by query name."""

    def __init__(self, store: Store):
        self.store, self.times = store, {}

    def _record(self, name: str, fn, *args, **kwargs):
        t = time.perf_counter()
        result = fn(*args, **kwargs)
        self.times.setdefault(name, []).append((time.perf_counter() - t) * 1000)
        return result

    def __getattr__(self, name: str):
        method = getattr(self.store, name)
        return lambda *args, **kwargs: self._record(name, method, *args, **kwargs)

    def read(self, fn, *args):
        def run():
            with self.store.read() as con:
                return fn(con, *args)
        return self._record(fn.__name__, run)


def pages(timed: Timed, scope: Scope, call_id: str, agent_id: str, team: str) -> dict:
    """Each page's queries, in the order the page runs them."""
    base = CallFilter(allowed_teams=scope.teams, allowed_agent_id=scope.agent_id)
    store, read = timed, timed.read

    def listening():
        read(q.filter_options, scope)
        store.count_calls(replace(base, limit=200))
        store.find_calls(replace(base, limit=200))

    def search():
        f = replace(base, text="没想到", levels=(4,), limit=200)
        store.count_calls(f)
        store.find_calls(f)

    def call_page():
        read(q.call_in_scope, call_id, scope)
        store.call_turns(call_id)
        store.call_scores(call_id)
        read(q.transcript_reasons, call_id)
        read(q.call_reviews, call_id, scope)

    def trends():
        f = replace(base, limit=None)
        store.weekly_kpis("team", f)
        store.category_trend(f)
        store.find_calls(replace(base, date_from=date(2025, 2, 24), date_to=date(2025, 3, 2), teams=(team,), limit=200))

    def coaching():
        f = replace(base, limit=None)
        read(q.agents, scope)
        store.agent_scorecard(agent_id, f)
        store.level_distribution(replace(f, agent_ids=(agent_id,)))
        store.level_distribution(replace(f, teams=(team,)))
        store.weekly_kpis("agent", replace(f, agent_ids=(agent_id,)))
        store.weekly_kpis("team", replace(f, teams=(team,)))
        store.find_calls(replace(base, agent_ids=(agent_id,), levels=(4,), order_by="compliance", limit=5))
        store.find_calls(replace(base, agent_ids=(agent_id,), scored=True, order_by="resolution_level",
                                 descending=False, limit=5))
        read(q.coaching_notes, scope, agent_id)
        read(q.coaching_library, scope)

    def queue():
        read(q.filter_options, scope)
        store.sampling_plans()
        read(q.assignments, scope, None)
        read(q.disputes, scope)

    def calibration():
        read(q.machine_human_pairs, scope)
        read(q.reviewer_pairs, scope)
        read(q.disputed_calls, scope)

    def admin():
        store.rubrics()
        store.status_summary()
        store.failed_calls()
        store.input_failures()
        store.audit_log(limit=200)

    def open_close():
        with timed.store.read():
            pass

    return {"open + close": open_close, "listening room": listening, "text search": search,
            "call page": call_page, "trends": trends, "coaching": coaching, "QA queue": queue,
            "calibration": calibration, "admin": admin}


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", type=Path, help="reuse (or keep) the synthetic store here")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="callqa-dash-bench-"))
    path = args.db or folder / "bench.duckdb"
    started = time.perf_counter()
    store = Store(path) if path.exists() else build(path, args.calls)
    overview = store.call_overview()
    print(f"store: {len(overview):,} calls at {path} (built/opened in {time.perf_counter() - started:.0f} s)")
    call = overview.iloc[len(overview) // 2]
    scopes = {"manager": Scope(), "team lead": Scope(teams=(call.team,)), "agent": Scope(agent_id=call.agent_id)}
    print(f"{'page':<16}{'scope':<11}{'queries':>8}{'page p50':>10}{'page p95':>10}"
          f"{'slowest query (p95 ms)':>36}")
    worst_query = 0.0
    for scope_name, scope in scopes.items():
        timed = Timed(store)
        for page, run in pages(timed, scope, call.call_id, call.agent_id, call.team).items():
            run()  # warm-up
            timed.times.clear()
            samples = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                run()
                samples.append((time.perf_counter() - t) * 1000)
            per_query = {name: p95(times) for name, times in timed.times.items()}
            slowest = max(per_query.items(), key=lambda kv: kv[1], default=("-", 0.0))
            worst_query = max(worst_query, slowest[1])
            print(f"{page:<16}{scope_name:<11}{sum(len(v) for v in timed.times.values()) // args.repeat:>8}{statistics.median(samples):>10.1f}"
                  f"{p95(samples):>10.1f}{slowest[0]:>28} {slowest[1]:>7.1f}"
                  f"{'' if slowest[1] < GOAL_MS else '  over goal'}")
    print(f"slowest single query p95: {worst_query:.0f} ms (goal < {GOAL_MS:.0f} ms); "
          "a page's p95 is the sum of its queries, each opening and closing the file")
    if not (args.keep or args.db):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
