"""Fixtures of the store tests: a fresh store in a temporary folder."""

from __future__ import annotations

import pytest

from store import Store


@pytest.fixture
def store(tmp_db) -> Store:
    return Store(tmp_db, lock_timeout_s=5.0)
