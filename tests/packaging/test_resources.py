"""The one resource helper, from source and as a bundle would see it (sys.frozen + _MEIPASS)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interhuman_desktop import resources

ROOT = Path(__file__).resolve().parents[2]
HICOLOR = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def test_from_source_the_resources_folder_is_the_checkouts(monkeypatch) -> None:
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.sample_clip() == ROOT / "resources" / "sample" / "sample.mp4"
    assert resources.icon_path().name == "icon.svg"
    for size in HICOLOR:
        assert resources.icon_path(size).is_file()


def test_a_missing_resource_says_where_it_looked(monkeypatch) -> None:
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    with pytest.raises(FileNotFoundError, match="no-such-file"):
        resources.resource_path("no-such-file.png")


def test_frozen_resources_live_under_meipass(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    (tmp_path / "resources" / "sample").mkdir(parents=True)
    (tmp_path / "resources" / "sample" / "sample.mp4").write_bytes(b"x")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.is_frozen()
    assert resources.resources_dir() == tmp_path / "resources"
    assert resources.sample_clip() == tmp_path / "resources" / "sample" / "sample.mp4"


def test_frozen_cascades_prefer_the_bundles_copy(monkeypatch, tmp_path: Path) -> None:
    data = tmp_path / "cv2" / "data"
    data.mkdir(parents=True)
    (data / resources.CASCADE_FILE).write_text("<opencv_storage/>")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.haarcascades_dir() == data


def test_the_env_override_wins(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path))
    assert resources.resources_dir() == tmp_path


def test_opencvs_face_cascade_is_found_and_loads() -> None:
    import cv2

    path = resources.cascade_path()
    assert path.parent == resources.haarcascades_dir()
    assert not cv2.CascadeClassifier(str(path)).empty()
    assert "opencv-haarcascade-frontalface" in resources.bundled_models()


def test_optional_models_are_reported_only_when_present(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path))
    assert resources.vad_model() is None
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "silero_vad.onnx").write_bytes(b"onnx")
    assert resources.vad_model() == tmp_path / "models" / "silero_vad.onnx"
    assert resources.bundled_models()["voice-activity"].name == "silero_vad.onnx"
