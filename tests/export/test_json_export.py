"""The lossless JSON export, read back with ``json``, and the export → import → export cycle."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from interhumanai import AnalysisResult

from interhuman_desktop.export.entry_data import load_entry_data
from interhuman_desktop.export.json_doc import SCHEMA_VERSION, build_document, write_json
from interhuman_desktop.export.json_import import ImportFailed, import_document
from interhuman_desktop.session.timeline import SessionTimeline
from interhuman_desktop.storage.library import Library

pytestmark = pytest.mark.slow


def test_file_entry_keeps_the_raw_body_and_the_timeline(entries, library, tmp_path) -> None:
    entry = library.get(entries.file.id)
    out = write_json(load_entry_data(entry), tmp_path / "take.json")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["entry"]["title"] == "Pitch take 1" and doc["entry"]["kind"] == "file"
    assert doc["entry"]["source"] == "Pitch take 1.mp4"  # the name, not the user's folder
    stored = json.loads((entry.folder / "result.json").read_text())["parts"]
    assert doc["results"] == stored and len(stored) == 1  # the body exactly as received
    result = AnalysisResult.model_validate(doc["results"][0])
    timeline = SessionTimeline.from_dict(doc["timeline"])
    assert len(timeline.signals) == len(result.signals) > 0
    assert [m["note"] for m in doc["markers"]] == ["the opening — “hook”", "slowed down here"]
    assert doc["notes"] == "First take; coach: ask for pauses."


def test_live_entry_keeps_envelopes_per_connection(entries, library, tmp_path) -> None:
    entry = library.get(entries.live.id)
    doc = build_document(load_entry_data(entry))
    stored = json.loads((entry.folder / "events.json").read_text())
    assert len(doc["connections"]) == len(stored["offsets"]) >= 1
    first = doc["connections"][0]
    assert first["segments"] == stored["offsets"][0]["segments"] and first["segments"]
    flat = [env for c in doc["connections"] for env in c["envelopes"]]
    assert sorted(map(json.dumps, flat)) == sorted(json.dumps(e["envelope"])
                                                   for e in stored["events"])
    assert any(env.get("type") == "conversation_quality" or "quality" in json.dumps(env)
               for env in flat)
    assert doc["markers"] == [{"t": 2.0, "note": "live marker"}]


@pytest.mark.parametrize("which", ["file", "live"])
def test_export_import_export_is_the_same_document(entries, library, tmp_path, which) -> None:
    entry = library.get(getattr(entries, which).id)
    first = write_json(load_entry_data(entry), tmp_path / "one" / "entry.json")
    target = Library(tmp_path / "other-library")
    try:
        imported = import_document(target, first)
        assert imported.title == entry.title and imported.created_at == entry.created_at
        second = write_json(load_entry_data(imported), tmp_path / "two" / "entry.json")
        assert json.loads(second.read_text()) == json.loads(first.read_text())
        assert second.read_text() == first.read_text()
        assert imported.media is not None and not imported.media.exists()  # no media beside it
    finally:
        target.close()


def test_import_brings_the_media_when_it_is_beside_the_json(entries, library, tmp_path) -> None:
    entry = library.get(entries.file.id)
    out = write_json(load_entry_data(entry), tmp_path / "take.json")
    assert entry.media is not None
    shutil.copy2(entry.media, tmp_path / entry.media.name)
    target = Library(tmp_path / "lib2")
    try:
        imported = import_document(target, out)
        assert imported.media is not None and imported.media.is_file()
        assert imported.media.read_bytes() == entry.media.read_bytes()
        assert target.root in imported.media.parents
    finally:
        target.close()


def test_import_refuses_what_is_not_an_export(tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib")
    try:
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"signals": []}))
        with pytest.raises(ImportFailed, match="not an Interhuman Desktop"):
            import_document(lib, bad)
        newer = tmp_path / "newer.json"
        newer.write_text(json.dumps({"schema": "interhuman-desktop/entry",
                                     "schema_version": SCHEMA_VERSION + 1}))
        with pytest.raises(ImportFailed, match="newer"):
            import_document(lib, newer)
        assert lib.search() == []
    finally:
        lib.close()


def test_a_key_pasted_into_the_notes_is_not_exported(entries, library, tmp_path,
                                                      monkeypatch) -> None:
    import dataclasses

    key = "ih-key-pasted-into-notes-42"
    monkeypatch.setenv("INTERHUMAN_API_KEY", key)
    entry = dataclasses.replace(library.get(entries.file.id), notes=f"my key is {key}")
    for media_paths in (False, True):
        text = json.dumps(build_document(load_entry_data(entry), media_paths=media_paths))
        assert key not in text and "my key is [private]" in text
