"""The locked dependency set covers pyproject.toml, and the venv the tests run in is that set."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _pins(name: str) -> dict[str, str]:
    """Canonical name -> version of the pins that apply here (environment markers evaluated)."""
    pins: dict[str, str] = {}
    lines = (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines()
    for line in lines:
        match = PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _hashed(name: str) -> bool:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
    return all("--hash=sha256:" in block for block in blocks if "==" in block)


@pytest.mark.parametrize(("lock", "extras"), [("app.txt", ()), ("dev.txt", ("dev", "package"))])
def test_every_requirement_is_pinned_within_its_range(lock: str, extras: tuple[str, ...]) -> None:
    project = _project()
    wanted = [*project["dependencies"]]
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    pins = _pins(lock)
    for line in wanted:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements/{lock}: run bash scripts/lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{req.name}=={pins[name]} in requirements/{lock} is outside {req.specifier}: "
            "run bash scripts/lock")
    assert _hashed(lock)


def test_the_no_deps_packages_are_hashed_pins_of_their_input() -> None:
    wanted = {}
    for line in (ROOT / "requirements" / "no-deps.in").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            req = Requirement(line)
            wanted[canonicalize_name(req.name)] = str(req.specifier).removeprefix("==")
    assert _pins("no-deps.txt") == wanted
    assert _hashed("no-deps.txt")


def test_the_tests_run_in_the_locked_set() -> None:
    """scripts/setup --dev installed exactly requirements/dev.txt (+ no-deps.txt)."""
    pins = {**_pins("dev.txt"), **_pins("no-deps.txt")}
    wrong = {}
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong[name] = f"{installed} installed, {version} locked"
    assert not wrong, f"run bash scripts/setup --dev: {wrong}"
