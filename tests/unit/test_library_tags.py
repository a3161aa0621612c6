"""Schema version 2: tags on entries, and the upgrade of a version-1 library file."""

import sqlite3

import pytest

from interhuman_desktop.storage.library import MIGRATIONS, Library

# The schema script of version 1 as it shipped (a frozen copy: the upgrade must work on the
# files that script created, whatever MIGRATIONS[0] becomes).
VERSION_1 = """
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
"""


def _old_library(root) -> None:
    (root / "entries" / "a1").mkdir(parents=True)
    db = sqlite3.connect(root / "library.sqlite3")
    db.executescript(VERSION_1)
    db.execute("PRAGMA user_version = 1")
    rows = [("entries/a1", "file", "Pitch take 1", "/x/p1.mp4", "2026-01-05T10:00:00+00:00",
             20.0, 61.5, "entries/a1/p1.mp4", "first take", "local"),
            ("entries/b2", "live", "Live 3 Jan", "camera", "2026-01-03T09:00:00+00:00", 95.0,
             None, None, "", "cloud")]
    db.executemany("INSERT INTO entries (folder, kind, title, source, created_at, duration, cqi,"
                   " media, notes, backend) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()


def test_a_version_1_library_upgrades_and_keeps_its_rows(tmp_path) -> None:
    _old_library(tmp_path)
    lib = Library(tmp_path)
    assert lib.schema_version == len(MIGRATIONS) >= 2
    entries = lib.search()
    assert [(e.title, e.kind, e.cqi, e.notes, e.backend) for e in entries] == [
        ("Pitch take 1", "file", 61.5, "first take", "local"),
        ("Live 3 Jan", "live", None, "", "cloud")]
    assert entries[0].media == tmp_path / "entries/a1/p1.mp4"
    assert all(e.tags == () and not e.media_removed for e in entries)
    tagged = lib.add_tag(entries[1].id, "weekly")
    assert tagged.tags == ("weekly",)
    lib.close()
    again = Library(tmp_path)  # reopening does not migrate twice
    assert again.get(entries[1].id).tags == ("weekly",)
    again.close()


def _entry(lib: Library, title: str):
    return lib.add(folder=lib.new_folder(), kind="file", title=title)


def test_tags_add_remove_search_and_filter(tmp_path) -> None:
    lib = Library(tmp_path)
    one, two, three = (_entry(lib, t) for t in ("Take one", "Take two", "Interview"))
    lib.add_tag(one.id, "pitch")
    lib.add_tag(one.id, "  #Week 2 ")
    lib.add_tag(two.id, "Pitch")  # the same tag, whatever the case
    lib.add_tag(three.id, "research")
    assert lib.get(one.id).tags == ("pitch", "Week 2")
    assert lib.all_tags() == ["pitch", "research", "Week 2"]
    assert {e.title for e in lib.search(tag="PITCH")} == {"Take one", "Take two"}
    assert [e.title for e in lib.search("#research")] == ["Interview"]
    assert [e.title for e in lib.search("week")] == ["Take one"]  # text search sees tags
    assert [e.title for e in lib.search("take", tag="week 2")] == ["Take one"]
    assert lib.remove_tag(one.id, "PITCH").tags == ("Week 2",)
    assert [e.title for e in lib.search(tag="pitch")] == ["Take two"]
    with pytest.raises(ValueError):
        lib.add_tag(one.id, " # ")
    with pytest.raises(KeyError):
        lib.add_tag(999, "x")


def test_deleting_an_entry_removes_its_tags(tmp_path) -> None:
    lib = Library(tmp_path)
    entry = _entry(lib, "Gone")
    lib.add_tag(entry.id, "temp")
    lib.delete(entry.id)
    assert lib.all_tags() == []


def test_tags_survive_a_json_export_and_import(tmp_path) -> None:
    from interhuman_desktop.export.json_import import import_document
    from interhuman_desktop.export.run import export_entries

    lib = Library(tmp_path / "library")
    entry = _entry(lib, "Tagged")
    lib.add_tag(entry.id, "client B")
    lib.add_tag(entry.id, "week 3")
    (first,) = export_entries([lib.get(entry.id)], "json", tmp_path / "one.json")
    imported = import_document(lib, first)
    assert imported.tags == ("client B", "week 3")
    (second,) = export_entries([imported], "json", tmp_path / "two.json")
    assert second.read_bytes() == first.read_bytes()
    lib.close()
