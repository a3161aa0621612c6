"""The third-party notices file matches the installed set, and About lists what is shipped."""

from __future__ import annotations

import importlib.metadata as metadata
import tomllib
from pathlib import Path

from packaging.utils import canonicalize_name

from interhuman_desktop import about, notices, notices_file

ROOT = Path(__file__).resolve().parents[2]


def test_the_notices_file_is_up_to_date_with_the_installed_distributions() -> None:
    committed = (ROOT / "resources" / notices_file.FILE_NAME).read_text(encoding="utf-8")
    assert committed == notices_file.render(), (
        "resources/THIRD_PARTY_NOTICES.md is stale: run .venv/bin/python "
        "scripts/third_party_notices")


def test_the_closure_follows_requirements_and_the_no_deps_packages() -> None:
    closure = notices.runtime_closure()
    # direct, transitive (fastapi -> starlette -> anyio) and the --no-deps installs
    for name in ("praat-parselmouth", "onnxruntime", "starlette", "anyio", "mediapipe"):
        assert name in closure, sorted(closure)
    assert "interhuman-desktop" not in closure
    assert "pytest" not in closure and "pyinstaller" not in closure  # extras are not shipped


def test_about_lists_parselmouth_and_onnxruntime_with_their_metadata_licences() -> None:
    items = {c.name: c for c in about.components()}
    parselmouth = items["Parselmouth (Praat)"]
    assert parselmouth.version == metadata.version("praat-parselmouth")
    assert "GPL" in parselmouth.licence and "v3" in parselmouth.licence
    assert items["ONNX Runtime"].version == metadata.version("onnxruntime")


def test_about_lists_exactly_the_shipped_distributions() -> None:
    listed = {c.url for c in about.python_components()}
    shipped = notices.shipped()
    assert len(about.python_components()) == len(shipped)
    assert {d.homepage for d in shipped} == listed
    names = {canonicalize_name(d.name) for d in shipped}
    assert names == set(notices.runtime_closure())


def test_the_project_is_gpl_3_or_later_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "GPL-3.0-or-later"
    assert about.APP_LICENCE == "GPL-3.0-or-later"
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    copyright_file = (ROOT / "packaging" / "linux" / "copyright").read_text(encoding="utf-8")
    assert "License: GPL-3+" in copyright_file and "Apache-2.0\n" not in copyright_file
    assert "x264" in (ROOT / "resources" / notices_file.FILE_NAME).read_text(encoding="utf-8")
