"""What people add: reviews, sampling plans and assignments, and the audit log (disputes: store/disputes.py).

Reviews are only ever added, never updated: a correction is a new row beside the machine's score.
Each change writes its audit row in the same transaction, so no change goes unlogged.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Iterable, Sequence

from callqa.records import Review

from store.base import NotAllowed, NotFound, StoreBase
from store.rows import utc_now

VERDICTS = ("confirm", "correct")
REVIEW_COLUMNS = ("review_id", "call_id", "score_version", "criterion", "reviewer", "verdict", "value",
                  "label", "reason", "note", "coaching", "created_at", "machine_value", "machine_label")
ASSIGNMENT_STATUSES = ("todo", "in_review", "done", "disputed")


def new_id() -> str:
    return uuid.uuid4().hex


def audit_row(con, actor: str, action: str, target: str | None, detail: Any = None) -> None:
    con.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?)",
                [utc_now(), actor, action, target,
                 None if detail is None else json.dumps(detail, ensure_ascii=False, default=str)])


def insert_review(con, review_id: str, review: Review, score_version: str, machine_value, machine_label,
                  supersedes: str | None = None) -> None:
    """Add one review row (and its audit row) beside the machine's score it judged."""
    con.execute(
        f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}, supersedes) "
        f"VALUES ({', '.join('?' * (len(REVIEW_COLUMNS) + 1))})",
        [review_id, review.call_id, score_version, review.criterion, review.reviewer, review.verdict,
         review.value, review.label, review.reason, review.note, bool(review.coaching),
         review.created_at or utc_now(), machine_value, machine_label, supersedes])
    detail = {"review_id": review_id, "criterion": review.criterion, "value": review.value,
              "label": review.label, "score_version": score_version}
    audit_row(con, review.reviewer, f"review.{review.verdict}", review.call_id,
              detail if supersedes is None else {**detail, "supersedes": supersedes})


def check_review(review: Review) -> None:
    if review.verdict not in VERDICTS:
        raise NotAllowed(f"review verdict must be confirm or correct, not {review.verdict!r}")
    if not review.reviewer:
        raise NotAllowed("a review needs its reviewer")
    if review.verdict == "correct":
        if not (review.reason and review.reason.strip()):
            raise NotAllowed("a correction needs a reason")
        if review.value is None and review.label is None:
            raise NotAllowed("a correction needs the corrected value or label")


class PeopleMixin(StoreBase):
    # ---- reviews -------------------------------------------------------------------------------
    def add_review(self, review: Review, score_version: str | None = None) -> str:
        """Store a review beside the machine score (default: of the call's current scorecard)."""
        return self.add_reviews([review], score_version)[0]

    def add_reviews(self, reviews: Iterable[Review], score_version: str | None = None) -> list[str]:
        """Store a review panel's judgements together: all of them or none. Returns their ids."""
        reviews = list(reviews)
        for review in reviews:
            check_review(review)
        ids = [new_id() for _ in reviews]

        def work(con) -> list[str]:
            versions: dict[str, str] = {}
            for review_id, review in zip(ids, reviews):
                version = score_version or versions.get(review.call_id)
                if version is None:
                    found = con.execute("SELECT score_version FROM call_summary WHERE call_id = ?",
                                        [review.call_id]).fetchall()
                    found = found[0] if found and found[0][0] is not None else None
                    if found is None:
                        raise NotFound(f"call {review.call_id} has no scorecard to review")
                    version = versions[review.call_id] = found[0]
                machine = con.execute(
                    "SELECT value, label FROM scores WHERE call_id = ? AND score_version = ? "
                    "AND criterion = ?", [review.call_id, version, review.criterion]).fetchall()
                insert_review(con, review_id, review, version, *(machine[0] if machine else (None, None)))
            return ids

        return self.transaction(work) if reviews else []

    def reviews(self, call_id: str | None = None, reviewer: str | None = None,
                criterion: str | None = None, coaching: bool | None = None,
                allowed_teams: Sequence[str] | None = None, allowed_agent_id: str | None = None):
        """DataFrame of reviews, newest first, with the machine's value beside the human's."""
        sql = ("SELECT r.*, m.human_value, c.agent_id, c.team "
               "FROM reviews r JOIN machine_vs_human m USING (review_id) "
               "JOIN calls c ON c.call_id = r.call_id WHERE TRUE")
        params: list[Any] = []
        for column, value in (("r.call_id", call_id), ("r.reviewer", reviewer),
                              ("r.criterion", criterion), ("r.coaching", coaching),
                              ("c.agent_id", allowed_agent_id)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        if allowed_teams is not None:
            sql += " AND list_contains(?, c.team)"
            params.append(list(allowed_teams))
        return self.query_df(sql + " ORDER BY r.created_at DESC, r.review_id", params)

    def load_review(self, review_id: str) -> Review:
        rows = self.query_rows(
            "SELECT call_id, criterion, reviewer, verdict, value, label, reason, note, coaching, "
            "created_at FROM reviews WHERE review_id = ?", [review_id])
        if not rows:
            raise NotFound(f"review {review_id} is not in {self.path}")
        return Review(*rows[0])

    # ---- sampling plans and assignments --------------------------------------------------------
    def add_sampling_plan(self, name: str, seed: int, params: dict[str, Any],
                          assignments: Iterable[tuple[str, str | None]], created_by: str) -> str:
        """Store a drawn plan and its (call_id, reviewer) assignments in one transaction."""
        plan_id = new_id()
        pairs = list(assignments)

        def work(con) -> str:
            now = utc_now()
            con.execute("INSERT INTO sampling_plans VALUES (?, ?, ?, ?, ?, ?)",
                        [plan_id, name, int(seed), json.dumps(params, ensure_ascii=False, default=str),
                         created_by, now])
            if pairs:
                con.executemany("INSERT INTO review_assignments VALUES (?, ?, ?, ?, 'todo', ?, ?)",
                                [(new_id(), plan_id, call_id, reviewer, now, now)
                                 for call_id, reviewer in pairs])
            audit_row(con, created_by, "plan.create", plan_id,
                   {"name": name, "seed": seed, "calls": len(pairs)})
            return plan_id

        return self.transaction(work)

    def sampling_plans(self):
        return self.query_df(
            "SELECT p.*, count(a.assignment_id) AS calls, "
            "count(a.assignment_id) FILTER (WHERE a.status = 'done') AS done "
            "FROM sampling_plans p LEFT JOIN review_assignments a USING (plan_id) "
            "GROUP BY ALL ORDER BY p.created_at DESC")

    def set_assignment(self, assignment_id: str, actor: str, *, status: str | None = None,
                       reviewer: str | None = None) -> None:
        if status is not None and status not in ASSIGNMENT_STATUSES:
            raise NotAllowed(f"assignment status must be one of {', '.join(ASSIGNMENT_STATUSES)}")

        def work(con) -> None:
            found = con.execute("SELECT call_id FROM review_assignments WHERE assignment_id = ?",
                                [assignment_id]).fetchone()
            if found is None:
                raise NotFound(f"assignment {assignment_id} is not in {self.path}")
            con.execute("UPDATE review_assignments SET status = coalesce(?, status), "
                        "reviewer = coalesce(?, reviewer), updated_at = ? WHERE assignment_id = ?",
                        [status, reviewer, utc_now(), assignment_id])
            audit_row(con, actor, "assignment.update", found[0],
                   {"assignment_id": assignment_id, "status": status, "reviewer": reviewer})

        self.transaction(work)

    def assignments(self, plan_id: str | None = None, reviewer: str | None = None,
                    status: str | None = None):
        """DataFrame of assignments with each call's overview figures."""
        sql = ("SELECT a.*, o.agent_id, o.agent_name, o.team, o.call_time, o.resolution_level, "
               "o.violations, o.customer_sentiment_shift, o.verdict FROM review_assignments a "
               "LEFT JOIN call_overview o USING (call_id) WHERE TRUE")
        params: list[Any] = []
        for column, value in (("a.plan_id", plan_id), ("a.reviewer", reviewer), ("a.status", status)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return self.query_df(sql + " ORDER BY a.created_at, a.assignment_id", params)

    # ---- audit ---------------------------------------------------------------------------------
    def audit(self, actor: str, action: str, target: str | None = None, detail: Any = None) -> None:
        """Log who did what to what (logins, refusals, exports...)."""
        self.transaction(lambda con: audit_row(con, actor, action, target, detail))

    def audit_log(self, actor: str | None = None, action: str | None = None, limit: int = 1000):
        sql, params = "SELECT * FROM audit_log WHERE TRUE", []
        for column, value in (("actor", actor), ("action", action)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return self.query_df(sql + " ORDER BY logged_at DESC LIMIT ?", params + [int(limit)])
