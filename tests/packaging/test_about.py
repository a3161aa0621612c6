"""Help → About data: the components with versions and licences, and the required notices."""

from __future__ import annotations

from interhuman_desktop import __version__, about


def test_the_main_components_are_listed_with_versions_and_licences() -> None:
    items = {c.name: c for c in about.components()}
    for name in ("Python", "Qt", "FFmpeg (in PyAV)", "PyAV", "OpenCV (headless)", "NumPy"):
        assert name in items, sorted(items)
        assert items[name].version and items[name].licence
    assert "LGPL" in items["Qt"].licence
    ffmpeg = items["FFmpeg (in PyAV)"]
    assert "libavcodec" in ffmpeg.details and "aac" in ffmpeg.details["encoders"]


def test_models_are_listed() -> None:
    names = [c.name for c in about.model_components()]
    assert "OpenCV frontal-face Haar cascade" in names
    expression = next(c for c in about.model_components() if "expression" in c.name)
    assert expression.licence == "MIT" and "Vladimir Mandic" in expression.notice


def test_the_text_has_the_app_version_and_the_notices() -> None:
    text = about.about_text()
    assert __version__ in text
    assert "GNU Lesser General Public License" in text and "FFmpeg" in text
    assert len(about.notices()) >= 2


def test_licence_files_come_from_the_metadata() -> None:
    assert any(p.is_file() for p in about.licence_files("numpy"))
