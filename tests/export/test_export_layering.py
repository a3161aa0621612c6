"""The export package's place: only ``ui/`` and ``commands/`` import it; it imports no Qt, no
``ui``, ``commands`` or ``engine`` (it reads what session/storage/api keep)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "interhuman_desktop"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_ui_and_commands_import_export() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        top = path.relative_to(PACKAGE).parts[0]
        if top in ("ui", "commands", "export"):
            continue
        if any(n.startswith("interhuman_desktop.export") for n in _imports(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_export_imports_no_qt_ui_commands_or_engine() -> None:
    banned = ("PySide6", "qasync", "pyqtgraph", "interhuman_desktop.ui",
              "interhuman_desktop.commands", "interhuman_desktop.engine", "matplotlib.pyplot")
    found = {str(p.relative_to(PACKAGE)): sorted(n for n in _imports(p) if n.startswith(banned))
             for p in (PACKAGE / "export").glob("*.py")}
    assert {k: v for k, v in found.items() if v} == {}
    assert len(found) >= 10
