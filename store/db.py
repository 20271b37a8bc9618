"""Connections per unit of work, retried while another process holds the DuckDB lock.

DuckDB lets one process write a file, and while it does no other process can even read it
(shared/FACTS.md). So nobody keeps the file open: each unit of work opens a connection, does its
work and closes it, and an open that meets a lock waits with backoff up to ``lock_timeout_s``.
"""

from __future__ import annotations

import random
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from callqa.errors import CallqaError
from callqa.log import logger

T = TypeVar("T")

# Messages DuckDB gives when another process (or, for the last one, another connection of this
# process opened with a different read-only flag) holds the file.
_LOCK_MARKERS = (
    "could not set lock",
    "conflicting lock",
    "different configuration than existing connections",
)
# Messages of an optimistic-concurrency conflict between two writers of this process.
_CONFLICT_MARKERS = ("conflict",)

_FIRST_WAIT_S = 0.02
_MAX_WAIT_S = 0.5


class StoreBusy(CallqaError):
    """The database stayed locked by another process for longer than the lock timeout."""


class StoreMissing(CallqaError):
    """A read was asked of a database file that does not exist."""


def is_lock_error(err: BaseException) -> bool:
    text = str(err).lower()
    return any(marker in text for marker in _LOCK_MARKERS)


def _is_conflict(err: BaseException) -> bool:
    import duckdb

    return isinstance(err, duckdb.TransactionException) and any(
        m in str(err).lower() for m in _CONFLICT_MARKERS)


def _waits(timeout_s: float) -> Iterator[float]:
    """Sleep lengths of an exponential backoff with jitter, ending when the deadline passes."""
    deadline = time.monotonic() + timeout_s
    wait = _FIRST_WAIT_S
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        yield min(left, wait * (0.5 + random.random()))
        wait = min(wait * 2, _MAX_WAIT_S)


def open_connection(path: str | Path, *, write: bool, lock_timeout_s: float):
    """A DuckDB connection to ``path``, retrying lock errors; StoreBusy after the timeout."""
    import duckdb

    path = str(path)
    if not write and not Path(path).exists():
        raise StoreMissing(f"{path}: no such database (run `callqa ingest` or `callqa run` first)")
    waits = _waits(lock_timeout_s)
    attempts = 0
    while True:
        attempts += 1
        try:
            return duckdb.connect(path, read_only=not write)
        except duckdb.Error as err:
            if not is_lock_error(err):
                raise
            pause = next(waits, None)
            if pause is None:
                raise StoreBusy(
                    f"{path}: database is busy (another process held its lock for more than "
                    f"{lock_timeout_s:g} s; {attempts} attempts): {err}") from err
            logger.debug("%s locked, retrying in %.3f s", path, pause)
            time.sleep(pause)


@contextmanager
def connect(path: str | Path, *, write: bool = False, lock_timeout_s: float = 30.0):
    """``with connect(path, write=True) as con:`` one unit of work; the file is closed after it."""
    con = open_connection(path, write=write, lock_timeout_s=lock_timeout_s)
    try:
        yield con
    finally:
        con.close()


_WRITER_LOCKS: dict[str, threading.RLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(path: str | Path) -> threading.RLock:
    """One writer at a time per file within this process (DuckDB allows one anyway; queueing the
    threads of e.g. a Streamlit server here avoids write-write conflicts between them)."""
    key = str(Path(path).resolve())
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(key, threading.RLock())


def run_in_transaction(path: str | Path, work: Callable[[object], T], *,
                       lock_timeout_s: float = 30.0) -> T:
    """Run ``work(con)`` in one write transaction: all of it is stored, or none of it.

    A write-write conflict with another connection of this process is retried like a lock.
    """
    import duckdb

    waits = _waits(lock_timeout_s)
    while True:
        with _writer_lock(path), connect(path, write=True, lock_timeout_s=lock_timeout_s) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                result = work(con)
                con.execute("COMMIT")
                return result
            except BaseException as err:
                try:
                    con.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # the transaction was already aborted by the error
                if not _is_conflict(err):
                    raise
                pause = next(waits, None)
                if pause is None:
                    raise StoreBusy(f"{path}: write kept conflicting with another writer: {err}") from err
        time.sleep(pause)
