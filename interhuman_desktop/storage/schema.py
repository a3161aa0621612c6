"""The library's schema: the ordered migrations (``PRAGMA user_version`` counts them) and the
entry query that carries each entry's tags."""

from __future__ import annotations

from interhuman_desktop.storage import v2_jobs

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        folder TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'live')),
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        duration REAL NOT NULL DEFAULT 0,
        cqi REAL,
        media TEXT,
        notes TEXT NOT NULL DEFAULT '',
        backend TEXT NOT NULL DEFAULT 'local'
    );
    CREATE INDEX entries_created ON entries (created_at);
    """,
    # 2: tags on entries; an entry whose recording was deleted after analysis (privacy)
    """
    CREATE TABLE tags (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (entry_id, tag)
    );
    CREATE INDEX tags_tag ON tags (tag);
    ALTER TABLE entries ADD COLUMN media_removed INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: the SHA-256 of an analysed file, so a batch skips what is already analysed
    """
    ALTER TABLE entries ADD COLUMN content_hash TEXT;
    CREATE INDEX entries_content_hash ON entries (content_hash);
    """,
    # 4: accepted V2 upload jobs (storage/v2_jobs.py)
    v2_jobs.MIGRATION,
    # 5: the entry's marker notes, one per line, so the search finds them (the markers themselves
    # stay in timeline.json)
    """
    ALTER TABLE entries ADD COLUMN marker_notes TEXT NOT NULL DEFAULT '';
    """,
]
ENTRY_SELECT = ("SELECT entries.*, (SELECT group_concat(tag, char(31)) FROM"
                " (SELECT tag FROM tags WHERE entry_id = entries.id ORDER BY tag))"
                " AS tag_list FROM entries")
