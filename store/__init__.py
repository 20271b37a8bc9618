"""The store room: callqa's DuckDB schema, every write and every query (see store/README.md)."""

from store.api import AddResult, PurgeResult, RubricText, Store
from store.base import NotAllowed, NotFound
from store.bulk import CallResult
from store.db import StoreBusy, StoreMissing, connect
from store.filters import CallFilter
from store.schema import LATEST_VERSION, MIGRATIONS, SchemaTooNew

__all__ = [
    "Store", "AddResult", "CallResult", "PurgeResult", "RubricText", "CallFilter", "NotFound", "NotAllowed",
    "StoreBusy", "StoreMissing", "SchemaTooNew", "connect", "LATEST_VERSION", "MIGRATIONS",
]
