"""Disputes: an agent or lead contests a review, and a second reviewer upholds or overturns it.

Overturning never edits the disputed review: the second reviewer's correction is a new review of the
same machine score (``supersedes`` names the one it replaces), and the dispute records its outcome and
the new review. ``machine_vs_human.overturned_by`` then marks the old review, so agreement figures
count the latest judgement only, while the call's history keeps both.
"""

from __future__ import annotations

from typing import Any

from callqa.records import Review

from store.base import NotAllowed, NotFound, StoreBase
from store.people import audit_row, check_review, insert_review, new_id
from store.rows import utc_now

OUTCOMES = ("upheld", "overturned")


def _same(a, b) -> bool:
    """Equal scores, where None and NaN both mean "no value"."""
    a = None if a is None or a != a else float(a)
    b = None if b is None or b != b else float(b)
    return a == b


class DisputesMixin(StoreBase):
    def raise_dispute(self, review_id: str, raised_by: str, reason: str) -> str:
        if not (reason and reason.strip()):
            raise NotAllowed("a dispute needs a reason")
        dispute_id = new_id()

        def work(con) -> str:
            found = con.execute("SELECT call_id FROM reviews WHERE review_id = ?", [review_id]).fetchone()
            if found is None:
                raise NotFound(f"review {review_id} is not in {self.path}")
            if con.execute("SELECT count(*) FROM reviews WHERE supersedes = ?", [review_id]).fetchone()[0]:
                raise NotAllowed("this review was already overturned: dispute the correction that replaced it")
            con.execute("INSERT INTO disputes (dispute_id, review_id, raised_by, reason, status, created_at) "
                        "VALUES (?, ?, ?, ?, 'open', ?)", [dispute_id, review_id, raised_by, reason, utc_now()])
            con.execute("UPDATE review_assignments SET status = 'disputed', updated_at = ? "
                        "WHERE call_id = ?", [utc_now(), found[0]])
            audit_row(con, raised_by, "dispute.raise", found[0],
                      {"dispute_id": dispute_id, "review_id": review_id, "reason": reason})
            return dispute_id

        return self.transaction(work)

    def resolve_dispute(self, dispute_id: str, resolver: str, resolution: str, *, overturn: bool = False,
                        value: float | None = None, label: str | None = None) -> str | None:
        """Close a dispute: uphold the review (the default), or ``overturn`` it with the correct
        ``value`` (and/or ``label``), which becomes a new review by ``resolver`` with ``resolution``
        as its reason. Returns that review's id (None when upheld).

        The resolver must be a second reviewer: neither the one who wrote the disputed review nor the
        one who raised the dispute (a refusal is audited)."""
        if overturn:
            if not (resolution and resolution.strip()):
                raise NotAllowed("overturning a review needs a reason")
            if value is None and label is None:
                raise NotAllowed("overturning a review needs the correct value or label")

        def work(con) -> tuple[str | None, str | None]:
            found = con.execute(
                "SELECT d.status, d.raised_by, r.reviewer, r.call_id, r.review_id, r.criterion, "
                "r.score_version, r.machine_value, r.machine_label, m.human_value, m.human_label FROM disputes d "
                "JOIN reviews r USING (review_id) JOIN machine_vs_human m USING (review_id) "
                "WHERE d.dispute_id = ?", [dispute_id]).fetchone()
            if found is None:
                raise NotFound(f"dispute {dispute_id} is not in {self.path}")
            status, raised_by, reviewer, call_id, review_id, criterion, version, m_value, m_label, *disputed = found
            if status != "open":
                raise NotAllowed(f"dispute {dispute_id} is already resolved")
            if resolver in (raised_by, reviewer):
                return call_id, None  # refused: logged below, outside the rolled-back work
            new_review = None
            if overturn:
                if con.execute("SELECT count(*) FROM reviews WHERE supersedes = ?", [review_id]).fetchone()[0]:
                    raise NotAllowed("this review was already overturned by another dispute")
                if _same(value, disputed[0]) and (value is not None or label in (None, disputed[1])):
                    raise NotAllowed("the correction repeats the disputed review: uphold it instead")
                agrees = _same(value, m_value) and (value is not None or label in (None, m_label))
                review = Review(call_id, criterion, resolver, "confirm" if agrees else "correct",
                                value=None if agrees else value, label=None if agrees else label,
                                reason=resolution.strip())
                check_review(review)
                new_review = new_id()
                insert_review(con, new_review, review, version, m_value, m_label, supersedes=review_id)
            now = utc_now()
            con.execute("UPDATE disputes SET status = 'resolved', resolver = ?, resolution = ?, resolved_at = ?, "
                        "outcome = ?, new_review_id = ? WHERE dispute_id = ?",
                        [resolver, resolution, now, OUTCOMES[overturn], new_review, dispute_id])
            con.execute("UPDATE review_assignments SET status = 'done', updated_at = ? WHERE call_id = ? "
                        "AND status = 'disputed' AND NOT EXISTS (SELECT 1 FROM disputes d JOIN reviews r "
                        "USING (review_id) WHERE r.call_id = ? AND d.status = 'open')", [now, call_id, call_id])
            audit_row(con, resolver, "dispute.resolve", call_id,
                      {"dispute_id": dispute_id, "outcome": OUTCOMES[overturn], "resolution": resolution,
                       "new_review_id": new_review})
            return None, new_review

        refused_call, new_review = self.transaction(work)
        if refused_call is not None:
            self.audit(resolver, "dispute.resolve.refused", refused_call, {"dispute_id": dispute_id})
            raise NotAllowed("a dispute is resolved by a second reviewer, not by "
                             "the reviewer or the person who raised it")
        return new_review

    def disputes(self, status: str | None = None, call_id: str | None = None):
        sql = ("SELECT d.*, r.call_id, r.criterion, r.reviewer, r.verdict, r.value, r.label "
               "FROM disputes d JOIN reviews r USING (review_id) WHERE TRUE")
        params: list[Any] = []
        for column, value in (("d.status", status), ("r.call_id", call_id)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return self.query_df(sql + " ORDER BY d.created_at DESC", params)
