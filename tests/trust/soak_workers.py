"""The people of the concurrency soak, each run as its own process (as dashboard sessions and
reviewers are): ``python -m tests.trust.soak_workers reader|reviewer DB SECONDS SEED OUT.json``.

A reader queries the store the way the dashboard pages do (Store API and store.dashboard_queries,
one connection per query), with a short think time between queries. A reviewer saves reviews with
Store.add_review. Each writes what it did and every error it saw to OUT.json.
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback

READ_QUERIES = (
    "find_calls", "count_calls", "weekly_kpis", "category_trend", "level_distribution",
    "agent_scorecard", "call_turns", "call_scores", "reviews", "filter_options", "call_in_scope",
    "call_reviews", "agents", "coaching_library", "machine_human_pairs", "disputed_calls",
)


def _read(store, name: str, rng: random.Random, call_ids: list[str]):
    from store import CallFilter
    from store import dashboard_queries as q

    scope = rng.choice([q.Scope(), q.Scope(teams=("North",)), q.Scope(agent_id="a-201")])
    call_id = rng.choice(call_ids) if call_ids else "none"
    if name == "find_calls":
        return store.find_calls(CallFilter(teams=rng.choice([(), ("North",), ("South", "Night")]),
                                           text=rng.choice([None, "退款", "骑手"]), limit=50))
    if name == "count_calls":
        return store.count_calls(CallFilter(scored=True))
    if name == "weekly_kpis":
        return store.weekly_kpis(rng.choice(["team", "agent", "category"]))
    if name == "category_trend":
        return store.category_trend()
    if name == "level_distribution":
        return store.level_distribution(CallFilter(allowed_teams=("North", "South")))
    if name == "agent_scorecard":
        return store.agent_scorecard(rng.choice(["a-201", "a-202", "a-203"]))
    if name == "call_turns":
        return store.call_turns(call_id)
    if name == "call_scores":
        return store.call_scores(call_id)
    if name == "reviews":
        return store.reviews(call_id=call_id)
    with store.read() as con:
        if name == "filter_options":
            return q.filter_options(con, scope)
        if name == "call_in_scope":
            return q.call_in_scope(con, call_id, scope)
        if name == "call_reviews":
            return q.call_reviews(con, call_id, scope)
        if name == "agents":
            return q.agents(con, scope)
        if name == "coaching_library":
            return q.coaching_library(con, scope)
        if name == "machine_human_pairs":
            return q.machine_human_pairs(con, scope)
        if name == "disputed_calls":
            return q.disputed_calls(con, scope)
    raise ValueError(name)


def _scored_calls(store) -> list[str]:
    from store import CallFilter

    return store.find_calls(CallFilter(scored=True, limit=None)).call_id.tolist()


def reader(store, seconds: float, rng: random.Random) -> dict:
    done, errors = 0, []
    call_ids = _scored_calls(store)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        name = rng.choice(READ_QUERIES)
        try:
            _read(store, name, rng, call_ids)
            done += 1
            if done % 25 == 0:
                call_ids = _scored_calls(store)  # new calls appear while the pipeline writes
        except Exception as err:  # every error is one the person would have seen
            errors.append(f"{name}: {type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}")
        time.sleep(rng.uniform(0.05, 0.3))  # a person reads the page before the next click
    return {"queries": done, "errors": errors}


def reviewer(store, seconds: float, rng: random.Random, name: str) -> dict:
    from callqa.records import Review

    saved, errors = [], []
    call_ids = _scored_calls(store)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        call_id = rng.choice(call_ids)
        correct = rng.random() < 0.3
        review = Review(call_id=call_id, criterion=rng.choice(["resolution_level", "script.greeting"]),
                        reviewer=name, verdict="correct" if correct else "confirm",
                        value=float(rng.randint(0, 4)) if correct else None,
                        reason="listened again" if correct else None)
        try:
            saved.append(store.add_review(review))
        except Exception as err:
            errors.append(f"add_review: {type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}")
        time.sleep(rng.uniform(0.2, 0.8))  # a reviewer listens before saving the next judgement
    return {"saved": saved, "errors": errors}


def main(argv: list[str]) -> int:
    role, db, seconds, seed, out = argv[0], argv[1], float(argv[2]), int(argv[3]), argv[4]
    from store import Store

    rng = random.Random(seed)
    store = Store(db)
    if role == "reader":
        result = reader(store, seconds, rng)
    else:
        result = reviewer(store, seconds, rng, f"soak-reviewer-{seed}")
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
