"""``mypy --strict`` is part of the suite: 0 errors in the Qt-free packages, a ratchet elsewhere.

One mypy run over the whole package with the ``[tool.mypy]`` settings of pyproject.toml. The
packages in :data:`STRICT` must have no error at all; every other package or top-level module may
have at most its count in ``tests/types_baseline.json`` (0 when it is not listed), and when its
count drops the baseline must follow, so the ratchet only ever tightens.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is not installed (bash scripts/setup --dev installs it)")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "interhuman_desktop"
BASELINE = Path(__file__).with_name("types_baseline.json")

# Paths under interhuman_desktop/ that must type-check cleanly.
STRICT = ("api", "core", "capture", "encode", "storage", "config", "delivery", "engine",
          "session", "export")

ERROR = re.compile(r"^interhuman_desktop/(?P<path>[^:]+\.py):\d+(?::\d+)?: error: ", re.M)
CHECKED = re.compile(r"(?:in|checked) (?P<n>\d+) source files?\)?$", re.M)


@dataclass(frozen=True)
class MypyRun:
    output: str
    errors: list[tuple[str, str]]  # (path under interhuman_desktop/, the full line)

    def lines_under(self, prefix: str) -> list[str]:
        return [line for path, line in self.errors if path == f"{prefix}.py"
                or path.startswith(f"{prefix}/")]

    def per_bucket(self) -> Counter[str]:
        return Counter(_bucket(path) for path, _ in self.errors)


def _bucket(path: str) -> str:
    """``ui/views/x.py`` -> ``ui``; ``app.py`` -> ``app``."""
    first = path.split("/", 1)[0]
    return first.removesuffix(".py")


@pytest.fixture(scope="module")
def mypy_run() -> MypyRun:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-3000:]
    output = result.stdout
    checked = CHECKED.search(output)
    assert checked is not None, output[-3000:]
    expected = sum(1 for _ in PACKAGE.rglob("*.py"))
    assert int(checked["n"]) == expected, f"mypy checked {checked['n']} of {expected} files"
    errors = [(m["path"], output[m.start():output.find("\n", m.start())])
              for m in ERROR.finditer(output)]
    return MypyRun(output=output, errors=errors)


def _baseline() -> dict[str, int]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return {k: int(v) for k, v in data.items() if not k.startswith("_")}


def test_strict_packages_have_no_type_errors(mypy_run: MypyRun) -> None:
    found = {p: mypy_run.lines_under(p) for p in STRICT}
    assert {p: lines for p, lines in found.items() if lines} == {}


def test_strict_packages_are_not_in_the_ratchet() -> None:
    ratchet = _baseline()
    assert [p for p in STRICT if p in ratchet] == []


def test_no_package_gets_more_type_errors(mypy_run: MypyRun) -> None:
    allowed = _baseline()
    worse = {b: (n, allowed.get(b, 0)) for b, n in mypy_run.per_bucket().items()
             if n > allowed.get(b, 0)}
    detail = "\n".join(line for b in worse for line in mypy_run.lines_under(b))
    assert worse == {}, f"(errors, allowed) per package; fix these:\n{detail}"


def test_the_baseline_follows_every_improvement(mypy_run: MypyRun) -> None:
    counts = mypy_run.per_bucket()
    stale = {b: n for b, n in _baseline().items() if counts.get(b, 0) < n}
    lowered = {b: counts.get(b, 0) for b in stale}
    assert stale == {}, (
        f"fewer mypy errors than {BASELINE.name} allows: lower it to {lowered} "
        "(remove a package that reaches 0)")
