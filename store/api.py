"""The store's public face: ``Store(path)``, one object for every read and write of callqa's data.

    store = Store("callqa.duckdb")
    store.add_calls(calls)                       # AddResult(new=[...], existing=[...])
    for call in store.pending_calls(speech.version, scorer.version):
        ...
        store.save_call_results(call.call_id, transcript, speech.version, scorecard, scorer.version)
    store.find_calls(CallFilter(teams=("A",), levels=(0, 1)))   # a pandas DataFrame

No connection outlives a method call, so the dashboard and the pipeline can share the file.
"""

from __future__ import annotations

from store.calls import AddResult, CallsMixin
from store.disputes import DisputesMixin
from store.exports import ExportsMixin, PurgeResult
from store.landing import LandingMixin
from store.people import PeopleMixin
from store.queries import QueriesMixin
from store.results import RubricText, ResultsMixin

__all__ = ["Store", "AddResult", "PurgeResult", "RubricText"]


class Store(CallsMixin, ResultsMixin, PeopleMixin, DisputesMixin, QueriesMixin, ExportsMixin, LandingMixin):
    """A callqa DuckDB file. ``lock_timeout_s`` bounds how long an open waits for another process."""
