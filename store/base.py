"""What every part of the Store shares: its file, lock-safe connections and the schema check."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from callqa.errors import CallqaError

from store import db
from store.schema import LATEST_VERSION, migrate, schema_version

T = TypeVar("T")

_MIGRATED: set[str] = set()  # files this process has already brought up to date


class NotFound(CallqaError, LookupError):
    """A call, transcript, scorecard, review or dispute that is not in the store."""


class NotAllowed(CallqaError):
    """A change the store refuses: it would break a rule (e.g. resolving one's own dispute)."""


class StoreBase:
    """A DuckDB file, opened only for the length of each unit of work."""

    def __init__(self, path: str | Path, lock_timeout_s: float = 30.0):
        self.path = Path(path).expanduser()
        self.lock_timeout_s = float(lock_timeout_s)
        self._ensure_schema()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # ---- connections ---------------------------------------------------------------------------
    @contextmanager
    def read(self):
        """A read-only connection for one unit of work (lock errors retried)."""
        with db.connect(self.path, write=False, lock_timeout_s=self.lock_timeout_s) as con:
            yield con

    @contextmanager
    def connect(self, write: bool = False):
        """``with store.connect(write=True) as con:``; the file is closed when the block ends."""
        with db.connect(self.path, write=write, lock_timeout_s=self.lock_timeout_s) as con:
            yield con

    def transaction(self, work: Callable[[Any], T]) -> T:
        """Run ``work(con)`` in one write transaction: all of it is stored or none of it."""
        return db.run_in_transaction(self.path, work, lock_timeout_s=self.lock_timeout_s)

    def query_df(self, sql: str, params: Sequence[Any] = ()):
        """A pandas DataFrame from one read-only query with bound parameters."""
        with self.read() as con:
            return con.execute(sql, list(params)).df()

    def query_rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.read() as con:
            return con.execute(sql, list(params)).fetchall()

    # ---- schema --------------------------------------------------------------------------------
    def schema_version(self) -> int:
        with self.read() as con:
            return schema_version(con)

    def _ensure_schema(self) -> None:
        key = str(self.path.resolve())
        if key in _MIGRATED and self.path.exists():
            return
        import duckdb

        try:
            if self.path.exists():
                with self.read() as con:
                    current = schema_version(con)
                if current >= LATEST_VERSION:
                    if current > LATEST_VERSION:
                        with self.read() as con:
                            migrate(con, path=str(self.path))  # raises SchemaTooNew
                    _MIGRATED.add(key)
                    return
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.connect(write=True) as con:
                migrate(con, path=str(self.path))
        except duckdb.Error as err:
            if db.is_lock_error(err):
                raise
            raise CallqaError(f"{self.path}: not a usable callqa database ({err})") from err
        _MIGRATED.add(key)
