"""The PyInstaller spec and its hooks: parse, carry the data hooks, avoid the known traps.

The real build (~1 min, ~600 MB) runs in CI after the tests (`.ci/run` → `packaging/build`).
"""

from __future__ import annotations

import ast
import importlib.util
import struct
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "interhuman-desktop.spec"


def _calls(tree: ast.AST) -> dict[str, ast.Call]:
    return {node.func.id: node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def _keywords(call: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in call.keywords if k.arg}


def _meta():
    spec = importlib.util.spec_from_file_location("platform_meta", PACKAGING / "platform_meta.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules.setdefault("platform_meta", module)
    spec.loader.exec_module(module)
    return module


def test_the_spec_is_a_windowed_one_folder_build_with_our_hooks() -> None:
    text = SPEC.read_text()
    calls = _calls(ast.parse(text, str(SPEC)))
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= set(calls)
    exe = _keywords(calls["EXE"])
    assert isinstance(exe["exclude_binaries"], ast.Constant) and exe["exclude_binaries"].value
    assert isinstance(exe["console"], ast.Constant) and exe["console"].value is False
    assert "hookspath" in _keywords(calls["Analysis"]) and '"hooks"' in text
    assert "collect_submodules(\"interhuman_desktop\")" in text  # the CLI imports by name
    assert '"resources"' in text


def test_the_spec_does_not_trim_what_qt_multimedia_and_windows_need() -> None:
    text = SPEC.read_text()
    excludes = ast.literal_eval(text.split("excludes = ", 1)[1].split("]", 1)[0] + "]")
    for needed in ("PySide6.QtQuick", "PySide6.QtQml", "PySide6.QtOpenGL",
                   "PySide6.QtMultimedia", "PySide6.QtSvg"):
        assert needed not in excludes


def test_the_data_hooks_exist_and_collect_the_cascades() -> None:
    hooks = PACKAGING / "hooks"
    for name in ("hook-cv2.data.py", "hook-mediapipe.py"):
        ast.parse((hooks / name).read_text())
    pytest.importorskip("PyInstaller")
    from PyInstaller.utils.hooks import collect_data_files

    datas = collect_data_files("cv2", subdir="data", includes=["*.xml"])
    assert any(src.endswith("haarcascade_frontalface_default.xml") and dest == "cv2/data"
               for src, dest in datas)


def test_macos_info_plist_asks_for_camera_and_microphone() -> None:
    meta = _meta()
    plist = meta.info_plist("0.1.0+source")
    assert plist["CFBundleIdentifier"] == meta.BUNDLE_ID
    assert plist["NSCameraUsageDescription"] and plist["NSMicrophoneUsageDescription"]
    assert plist["CFBundleShortVersionString"] == "0.1.0"
    assert (PACKAGING / "macos" / "entitlements.plist").is_file()


def test_the_windows_version_resource_has_numeric_versions() -> None:
    meta = _meta()
    assert meta.numeric_version("1.2.3+local") == (1, 2, 3, 0)
    text = meta.windows_version_text("1.2.3")
    assert "filevers=(1, 2, 3, 0)" in text and "'ProductVersion', '1.2.3'" in text
    assert "interhuman-desktop.exe" in text


def test_the_ico_and_icns_hold_the_rendered_sizes() -> None:
    icons = ROOT / "resources" / "icons"
    ico = (icons / "interhuman-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    icns = (icons / "interhuman-desktop.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
