"""Counting duplicate rows in bounded memory.

Row keys are kept as 64-bit hashes in a set until ``memory_limit`` distinct keys, then
spilled to a temporary SQLite file and checked there in batches, so a file of any size
is counted with roughly the same memory as one of ``memory_limit`` rows. Two different
keys sharing a 64-bit hash (odds about n²/2⁶⁵) would count as one duplicate.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from typing import Any

from .types import MAX_EXAMPLES


class DuplicateCounter:
    def __init__(self, memory_limit: int = 200_000, batch_size: int = 50_000) -> None:
        self.memory_limit = memory_limit
        self.batch_size = batch_size
        self.duplicates = 0
        self.example_rows: list[int] = []
        self._seen: set[int] = set()
        self._pending: dict[int, int] = {}
        self._db: sqlite3.Connection | None = None
        self._path: str | None = None

    def add(self, key: int, row_number: int) -> None:
        if self._db is None:
            if key in self._seen:
                self._found(row_number)
                return
            self._seen.add(key)
            if len(self._seen) >= self.memory_limit:
                self._spill()
            return
        if key in self._pending:
            self._found(row_number)
            return
        self._pending[key] = row_number
        if len(self._pending) >= self.batch_size:
            self._flush()

    def add_batch(self, keys: list[int], first_row: int) -> None:
        """Keys of consecutive rows, counted with set operations; row by row only for examples."""
        known: set[int] | Any = self._seen if self._db is None else self._pending.keys()
        fresh = set(keys)
        repeated = len(keys) - len(fresh) + len(fresh & known)
        if repeated:
            if len(self.example_rows) < MAX_EXAMPLES:
                before = set(known)
                for offset, key in enumerate(keys):
                    if key in before:
                        self._found(first_row + offset)
                    else:
                        before.add(key)
            else:
                self.duplicates += repeated
        if self._db is not None:
            # Keys seen in earlier batches are found in SQLite when the pending batch is flushed.
            self._pending.update(zip(keys, range(first_row, first_row + len(keys)), strict=False))
            if len(self._pending) >= self.batch_size:
                self._flush()
            return
        self._seen |= fresh
        if len(self._seen) >= self.memory_limit:
            self._spill()

    def finish(self) -> int:
        if self._db is not None:
            self._flush()
            self._db.close()
            os.unlink(self._path or "")
            self._db = None
        self._seen.clear()
        self.example_rows.sort()
        return self.duplicates

    def _found(self, row_number: int) -> None:
        self.duplicates += 1
        if len(self.example_rows) < MAX_EXAMPLES:
            self.example_rows.append(row_number)

    def _spill(self) -> None:
        fd, self._path = tempfile.mkstemp(prefix="huequality-keys-", suffix=".sqlite")
        os.close(fd)
        self._db = sqlite3.connect(self._path)
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-4000;"
            "CREATE TABLE seen (k INTEGER PRIMARY KEY);"
            "CREATE TABLE batch (k INTEGER PRIMARY KEY, row INTEGER);"
        )
        self._db.executemany("INSERT INTO seen VALUES (?)", ((k,) for k in self._seen))
        self._seen = set()

    def _flush(self) -> None:
        assert self._db is not None
        if not self._pending:
            return
        db = self._db
        db.executemany("INSERT INTO batch VALUES (?, ?)", self._pending.items())
        for (row_number,) in db.execute("SELECT b.row FROM batch b JOIN seen s ON s.k = b.k ORDER BY b.row"):
            self._found(row_number)
        db.execute("INSERT OR IGNORE INTO seen SELECT k FROM batch")
        db.execute("DELETE FROM batch")
        self._pending.clear()
