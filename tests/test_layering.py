"""The layering rule: only ``ui/`` and the composition root (``app.py``) may import Qt.

Checked two ways: statically (every import statement in the package), and dynamically (every
non-UI module imports in a fresh interpreter where importing any Qt binding fails).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "interhuman_desktop"
QT_MODULES = {"PySide6", "shiboken6", "qasync", "pyqtgraph", "PyQt5", "PyQt6"}


def _qt_allowed(path: Path) -> bool:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] == "ui" or rel.as_posix() == "app.py"


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _non_ui_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _qt_allowed(path) or path.name == "__main__.py":
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_no_qt_import_statement_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if _qt_allowed(path):
            continue
        found = _imported_roots(ast.parse(path.read_text(), str(path))) & QT_MODULES
        if found:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(found)}")
    assert offenders == []


BLOCKER = """
import importlib.abc, sys
QT = {qt!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in QT:
            raise ImportError(f"Qt is not allowed here: {{name}}")
sys.meta_path.insert(0, Block())
import importlib
for mod in {mods!r}:
    importlib.import_module(mod)
print("imported", len({mods!r}))
"""


def test_every_non_ui_module_imports_without_qt() -> None:
    mods = _non_ui_modules()
    code = BLOCKER.format(qt=sorted(QT_MODULES), mods=mods)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"imported {len(mods)}" in result.stdout
