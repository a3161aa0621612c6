"""Tags on library entries (the ``tags`` table of schema version 2), mixed into ``Library``."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

log = logging.getLogger(__name__)

MAX_TAG = 40


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner whitespace collapsed, no leading ``#``; ValueError if
    empty or longer than :data:`MAX_TAG` characters."""
    text = " ".join(tag.replace(",", " ").split()).lstrip("#").strip()
    if not text:
        raise ValueError("a tag cannot be empty")
    if len(text) > MAX_TAG:
        raise ValueError(f"a tag has at most {MAX_TAG} characters")
    return text


class TagsMixin:
    """``add_tag`` / ``remove_tag`` / ``all_tags``; the host provides ``_db`` and ``get``."""

    _db: sqlite3.Connection

    def get(self, entry_id: int) -> Any:  # provided by Library
        raise NotImplementedError

    def add_tag(self, entry_id: int, tag: str) -> Any:
        """Tag an entry (tags are case-insensitive: a second "Pitch" is the same tag)."""
        text = clean_tag(tag)
        self.get(entry_id)  # KeyError for an unknown entry
        with self._db:
            self._db.execute("INSERT OR IGNORE INTO tags (entry_id, tag) VALUES (?, ?)",
                             (entry_id, text))
        log.info("library: entry %d tagged %r", entry_id, text)
        return self.get(entry_id)

    def remove_tag(self, entry_id: int, tag: str) -> Any:
        with self._db:
            self._db.execute("DELETE FROM tags WHERE entry_id = ? AND tag = ?",
                             (entry_id, tag.strip().lstrip("#")))
        return self.get(entry_id)

    def all_tags(self) -> list[str]:
        """Every tag in use, alphabetically (case-insensitive), each once."""
        rows = self._db.execute("SELECT tag FROM tags GROUP BY tag ORDER BY tag")
        return [str(r[0]) for r in rows]
