"""What every part of the Store shares: its file, lock-safe connections and the schema check."""

from __future__ import annotations

import threading
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
        self._local = threading.local()
        self._ensure_schema()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # ---- connections ---------------------------------------------------------------------------
    @contextmanager
    def read(self):
        """A read-only connection for one unit of work (lock errors retried).

        Inside ``with store.session():`` every read of this thread shares one connection.
        """
        session = getattr(self._local, "session", None)
        if session is None:
            with db.connect(self.path, write=False, lock_timeout_s=self.lock_timeout_s) as con:
                yield con
            return
        if session["con"] is None:
            session["con"] = db.open_connection(self.path, write=False,
                                                lock_timeout_s=self.lock_timeout_s)
        yield session["con"]

    @contextmanager
    def session(self):
        """One unit of work made of many reads (e.g. rendering one dashboard page): they share a
        read-only connection, opened at the first read and closed when the block ends. A write
        inside the block closes it first (DuckDB lets a writer in only when no reader is open)."""
        outer = getattr(self._local, "session", None)
        if outer is not None:  # nested: the outer block owns the connection
            yield self
            return
        self._local.session = {"con": None}
        try:
            yield self
        finally:
            self._end_session_reads()
            self._local.session = None

    def _end_session_reads(self) -> None:
        session = getattr(self._local, "session", None)
        if session is not None and session["con"] is not None:
            session["con"].close()
            session["con"] = None

    @contextmanager
    def connect(self, write: bool = False):
        """``with store.connect(write=True) as con:``; the file is closed when the block ends."""
        if write:
            self._end_session_reads()
        elif getattr(self._local, "session", None) is not None:
            with self.read() as con:
                yield con
            return
        with db.connect(self.path, write=write, lock_timeout_s=self.lock_timeout_s) as con:
            yield con

    def transaction(self, work: Callable[[Any], T]) -> T:
        """Run ``work(con)`` in one write transaction: all of it is stored or none of it."""
        self._end_session_reads()
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
