"""Segmentation cache keyed by content hash: a rebuild segments nothing it has segmented before."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class SegmentCache:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect(path)
        except sqlite3.DatabaseError:  # a damaged cache costs only time: start a new one
            path.unlink(missing_ok=True)
            self.db = self._connect(path)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path))
        try:
            db.execute("CREATE TABLE IF NOT EXISTS seg (key TEXT PRIMARY KEY, words TEXT NOT NULL)")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(self.db.execute(f"SELECT key, words FROM seg WHERE key IN ({marks})", chunk))
        except sqlite3.Error:  # a cache that cannot be read is a cache that misses
            return {}
        return found

    def put_many(self, items: dict[str, str]) -> None:
        """Best effort: a full disk or a damaged file costs the next build time, not this build."""
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO seg VALUES (?, ?)", items.items())
        except sqlite3.Error:
            pass

    def close(self) -> None:
        self.db.close()
