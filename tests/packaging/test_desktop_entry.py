"""The Linux desktop entry: valid, "Open with" for videos, and an icon that exists."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "interhuman-desktop.desktop"
VIDEO_TYPES = {"video/mp4", "video/quicktime", "video/x-matroska", "video/webm",
               "video/x-msvideo", "video/mp2t"}


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validate_accepts_it() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate not installed (apt: desktop-file-utils)")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_it_opens_videos_with_file_arguments() -> None:
    entry = _entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "interhuman-desktop" and "%F" in entry["Exec"]
    assert set(filter(None, entry["MimeType"].split(";"))) >= VIDEO_TYPES
    assert entry["Terminal"] == "false"


def test_its_icon_is_rendered_in_the_hicolor_sizes() -> None:
    name = _entry()["Icon"]
    hicolor = ROOT / "resources" / "icons" / "hicolor"
    for size in (16, 32, 48, 64, 128, 256):
        assert (hicolor / f"{size}x{size}" / "apps" / f"{name}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{name}.svg").is_file()
