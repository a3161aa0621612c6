"""The non-GUI self-test checks pass from source (the bundle runs the same code in CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from interhuman_desktop import selftest

ROOT = Path(__file__).resolve().parents[2]


def test_resources_encode_and_decode_pass() -> None:
    results = selftest.run_checks(engine=False)
    assert [name for name, _, _ in results] == ["resources", "face landmarks", "encode",
                                                "decode"]
    assert all(ok for _, ok, _ in results), results


def test_a_failed_check_is_reported_not_raised(tmp_path: Path) -> None:
    name, ok, detail = selftest.check_decode(tmp_path / "missing.mp4")
    assert (name, ok) == ("decode", False) and detail


@pytest.mark.slow
def test_the_engine_child_analyses_a_generated_clip(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    selftest.write_clip(clip)
    _name, ok, detail = selftest.check_engine(clip)
    assert ok, detail


def test_the_cli_flag_prints_one_line_per_check_and_exits_0() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "interhuman_desktop", "--self-test-only",
                             "core"], capture_output=True, text=True, cwd=ROOT, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("self-test: ")]
    assert [ln.split()[1] for ln in lines[:4]] == ["PASS", "PASS", "PASS", "PASS"]
    assert lines[-1] == "self-test: all checks passed"
