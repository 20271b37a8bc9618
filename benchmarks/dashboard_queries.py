"""p95 time of each dashboard page's queries on a synthetic 100,000-call store (fixed seed).

    python benchmarks/dashboard_queries.py [--calls 100000] [--repeat 15] [--db PATH] [--keep]
                                           [--page "coaching+lib"] [--role agent]

``--db PATH``: build the store there when the file is missing, else reuse it (building 100,000 calls
takes minutes; the file is kept). Without ``--db`` a temporary store is built and removed afterwards.

The store is generated with tests/dashboards/synthetic.py (consistent turns, scores and evidence) and
written through the store's bulk path; 2 % of calls get reviews (a quarter double-reviewed), some of
those disputes, and a sampling plan assigns calls, so the QA queue and calibration pages have data.
A "page" is the set of queries that page runs to draw itself once for a role, in the app's order
("coaching+lib": the coaching page with its library of every agent's exemplary calls switched on).
The app draws each page inside one ``Store.session()`` (one connection per render, opened at the first
read, closed when the render ends): that is the measured figure. Beside it, as the reference in the
same run, the same page with every query opening and closing its own connection (how the app ran
before sessions). Roles: manager (every call; QA reviewers and admins see the same calls), team lead
(one team), agent (own calls), admin (the admin page). Goal: every page's p95 < 300 ms.
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

from dashboards.auth import ADMIN, AGENT_ROLE, MANAGER, QA_REVIEWER, TEAM_LEAD  # noqa: E402
from dashboards.context import PLANNER_ROLES, pages_for  # noqa: E402

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
            with self.store.read() as con:  # the session's connection inside store.session()
                return fn(con, *args)
        return self._record(fn.__name__, run)


# role -> (the role's name in dashboards.auth, which pages it draws)
ROLES = {
    "manager": (MANAGER, None),
    "team lead": (TEAM_LEAD, None),
    "agent": (AGENT_ROLE, None),
    "admin": (ADMIN, ("admin",)),  # admins' other pages run the manager's queries
}
PAGE_OF = {"listening room": "listening", "text search": "listening", "call page": "listening",
           "trends": "trends", "coaching": "coaching", "coaching+lib": "coaching", "QA queue": "queue",
           "calibration": "calibration", "admin": "admin"}


def pages(timed: Timed, role: str, scope: Scope, call_id: str, agent_id: str, team: str) -> dict:
    """Each page's queries for ``role``, in the order dashboards/pages_ runs them."""
    base = CallFilter(allowed_teams=scope.teams, allowed_agent_id=scope.agent_id)
    store, read = timed, timed.read

    def listening():
        read(q.filter_options, scope)
        store.count_calls(replace(base, limit=200))
        store.find_calls(replace(base, limit=200))

    def search():
        read(q.filter_options, scope)
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
        store.find_calls(replace(base, date_from=date(2025, 2, 24), date_to=date(2025, 3, 2), teams=(team,),
                                 limit=200))

    def coaching():
        read(q.agents, scope)
        read(q.coaching_sums, scope, agent_id, team)  # scorecard, levels and trend
        store.find_calls(replace(base, agent_ids=(agent_id,), levels=(4,), order_by="compliance", limit=5))
        store.find_calls(replace(base, agent_ids=(agent_id,), scored=True, order_by="resolution_level",
                                 descending=False, limit=5))
        read(q.coaching_notes, scope, agent_id)

    def coaching_library():  # the coaching page with its library switched on
        coaching()
        read(q.coaching_library, scope)

    def queue():
        if role in PLANNER_ROLES:
            read(q.filter_options, scope)
            store.sampling_plans()
        read(q.assignments, scope, "rita" if role == QA_REVIEWER else None)
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

    every = {"listening room": listening, "text search": search, "call page": call_page, "trends": trends,
             "coaching": coaching, "coaching+lib": coaching_library, "QA queue": queue,
             "calibration": calibration, "admin": admin}
    only = ROLES.get(role_label(role), (None, None))[1]
    return {name: run for name, run in every.items()
            if PAGE_OF[name] in pages_for(role) and (only is None or PAGE_OF[name] in only)}


def role_label(role: str) -> str:
    return next(label for label, (name, _) in ROLES.items() if name == role)


def in_session(store: Store, run):
    """A page render as the app draws it: every query on one connection (dashboards/shell.py)."""
    def render():
        with store.session():
            run()
    return render


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def open_close(store: Store) -> list[float]:
    """The floor every render pays: opening and closing the file once."""
    samples = []
    for _ in range(15):
        t = time.perf_counter()
        with store.read():
            pass
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000, help="calls in a newly built store")
    parser.add_argument("--repeat", type=int, default=15, help="renders of each page per mode")
    parser.add_argument("--db", type=Path, help="build the store here when missing, else reuse it (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store")
    parser.add_argument("--page", action="append", choices=list(PAGE_OF), help="only this page (repeatable)")
    parser.add_argument("--role", action="append", choices=list(ROLES), help="only this role (repeatable)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="callqa-dash-bench-"))
    path = args.db or folder / "bench.duckdb"
    started = time.perf_counter()
    store = Store(path) if path.exists() else build(path, args.calls)
    calls = store.count_calls()
    call = store.find_calls(CallFilter(limit=1, offset=calls // 2)).iloc[0]  # the middle call by time
    print(f"store: {calls:,} calls at {path} (built/opened in {time.perf_counter() - started:.0f} s)")
    floor = open_close(store)
    print(f"open + close the file: p50 {statistics.median(floor):.1f} ms, p95 {p95(floor):.1f} ms "
          "(paid once per page render in a session, once per query without)")
    print(f"{'page':<16}{'role':<11}{'queries':>8}{'session p50':>13}{'session p95':>13}"
          f"{'per-query p95':>15}{'ratio':>7}{'slowest query in session (p95 ms)':>42}")
    scopes = {"manager": Scope(), "team lead": Scope(teams=(call.team,)), "agent": Scope(agent_id=call.agent_id),
              "admin": Scope()}
    worst_page = 0.0
    for label, (role, _) in ROLES.items():
        if args.role and label not in args.role:
            continue
        timed = Timed(store)
        for page, run in pages(timed, role, scopes[label], call.call_id, call.agent_id, call.team).items():
            if args.page and page not in args.page:
                continue
            session_run = in_session(store, run)
            session_run(), run()  # warm-up
            timed.times.clear()
            with_session, per_query, session_times = [], [], {}
            for _ in range(args.repeat):  # the two modes interleaved, so both see the same machine load
                t = time.perf_counter()
                session_run()
                with_session.append((time.perf_counter() - t) * 1000)
                for name, times in timed.times.items():
                    session_times.setdefault(name, []).extend(times)
                timed.times.clear()
                t = time.perf_counter()
                run()
                per_query.append((time.perf_counter() - t) * 1000)
                queries = sum(len(v) for v in timed.times.values())
                timed.times.clear()
            slowest = max(((name, p95(times)) for name, times in session_times.items()),
                          key=lambda kv: kv[1], default=("-", 0.0))
            worst_page = max(worst_page, p95(with_session))
            print(f"{page:<16}{label:<11}{queries:>8}{statistics.median(with_session):>13.1f}"
                  f"{p95(with_session):>13.1f}{p95(per_query):>15.1f}"
                  f"{p95(per_query) / max(p95(with_session), 1e-9):>6.1f}x{slowest[0]:>34} {slowest[1]:>7.1f}"
                  f"{'' if p95(with_session) < GOAL_MS else '  over goal'}")
    print(f"slowest page p95 in a session: {worst_page:.0f} ms (goal < {GOAL_MS:.0f} ms); the first query of "
          "each render also pays the open")
    if not (args.keep or args.db):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
