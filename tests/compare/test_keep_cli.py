"""``analyze`` honours the privacy setting: "never" (the app's setting, or --keep-recording)
saves the results without the video; "ask" keeps it (the CLI has nobody to ask)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from interhuman_desktop.storage.library import Library

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"


def _analyze(home: Path, clip: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERHUMAN_DESKTOP_HOME": str(home),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([sys.executable, "-m", "interhuman_desktop", "analyze", str(clip),
                           "--local", *extra], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)


def _settings(home: Path, keep: str) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "gui-settings.json").write_text(json.dumps({"keep_recording": keep}))


def test_analyze_follows_the_setting_and_the_flag(tmp_path) -> None:
    clip = tmp_path / "Client pitch.mp4"
    shutil.copy2(SAMPLE, clip)
    home = tmp_path / "home"
    _settings(home, "never")
    never = _analyze(home, clip)
    assert never.returncode == 0, never.stderr[-3000:]
    assert "its video was not kept" in never.stderr
    _settings(home, "ask")
    asked = _analyze(home, clip)
    assert asked.returncode == 0 and "not kept" not in asked.stderr
    flag = _analyze(home, clip, "--keep-recording", "never")
    assert flag.returncode == 0 and "not kept" in flag.stderr
    library = Library(home / "data" / "library")
    try:
        entries = sorted(library.search(), key=lambda e: e.id)
        assert [e.media_removed for e in entries] == [True, False, True]
        assert [e.media is None for e in entries] == [True, False, True]
        assert not [p for p in entries[0].folder.iterdir() if p.suffix == ".mp4"]
        assert (entries[0].folder / "thumbnails").is_dir()
        assert entries[1].media is not None and entries[1].media.is_file()
    finally:
        library.close()
    assert clip.is_file()
