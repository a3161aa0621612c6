"""The import contracts of pyproject.toml (``[tool.importlinter]``) hold: layers, engine beside,
Qt only in ``ui/`` and ``app.py``, no cycles. And the settings they run with do what the
contracts' names promise: a cycle behind ``if TYPE_CHECKING:`` is still found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports() -> Path:
    found = Path(sys.executable).parent / "lint-imports"
    if found.exists():
        return found
    which = shutil.which("lint-imports")
    if which is None:
        pytest.skip("import-linter is not installed (bash scripts/setup --dev installs it)")
    return Path(which)


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The package analysed is the one in `cwd` (never an installed copy of it).
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(_lint_imports()), "--no-cache", "--no-logo", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, check=False)


def _settings() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"]


def test_every_import_contract_is_kept() -> None:
    result = _run(ROOT)
    contracts = _settings()["contracts"]
    assert isinstance(contracts, list)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in result.stdout, result.stdout


def test_a_type_checking_cycle_breaks_the_acyclic_contract(tmp_path: Path) -> None:
    """Our graph options (not import-linter's defaults) decide whether hidden cycles count."""
    settings = _settings()
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cyclic import a\n")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_package = cyclic\n"
        f"exclude_type_checking_imports = {settings.get('exclude_type_checking_imports', False)}\n"
        "[importlinter:contract:acyclic]\nname = no cycles\ntype = acyclic_siblings\n"
        "ancestors = cyclic\n")
    result = _run(tmp_path)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert "No cycles are allowed in cyclic." in result.stdout, result.stdout
