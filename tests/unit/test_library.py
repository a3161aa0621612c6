import asyncio
import sqlite3

import pytest

from interhuman_desktop.storage.library import MIGRATIONS, AsyncLibrary, Library


def _entry_with_media(lib: Library, title: str, notes: str = ""):
    folder = lib.new_folder()
    media = folder / "recording.mp4"
    media.write_bytes(b"not really a video")
    entry = lib.add(folder=folder, kind="file", title=title, source="/home/x/call.mp4",
                    duration=12.5, cqi=61.0, media=media)
    return lib.update(entry.id, notes=notes) if notes else entry


def test_add_search_rename_and_reopen(tmp_path) -> None:
    lib = Library(tmp_path)
    _entry_with_media(lib, "Pitch rehearsal", notes="strong close")
    _entry_with_media(lib, "Sales call")
    assert [e.title for e in lib.search("CLOSE")] == ["Pitch rehearsal"]
    assert len(lib.search("")) == 2
    renamed = lib.rename(lib.search("sales")[0].id, "Sales call, take 2")
    lib.close()
    again = Library(tmp_path)
    assert again.get(renamed.id).title == "Sales call, take 2"
    assert again.get(renamed.id).media.read_bytes() == b"not really a video"
    assert again.schema_version == len(MIGRATIONS)
    with pytest.raises(ValueError):
        again.rename(renamed.id, "  ")


def test_delete_removes_the_media_with_the_entry(tmp_path) -> None:
    lib = Library(tmp_path)
    entry = _entry_with_media(lib, "To delete")
    assert entry.media.exists()
    lib.delete(entry.id)
    assert not entry.folder.exists()
    with pytest.raises(KeyError):
        lib.get(entry.id)


def test_database_is_in_wal_mode_and_versioned(tmp_path) -> None:
    Library(tmp_path).close()
    db = sqlite3.connect(tmp_path / "library.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_async_library_runs_calls_off_the_loop_thread(tmp_path) -> None:
    lib = AsyncLibrary(tmp_path)

    async def go():
        folder = await lib.call("new_folder")
        entry = await lib.call("add", folder=folder, kind="live", title="Live 1")
        return await lib.call("search", "live"), entry

    found, entry = asyncio.run(go())
    lib.close()
    assert [e.id for e in found] == [entry.id]
