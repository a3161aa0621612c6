"""``interhuman-desktop compare A B`` on two real takes analysed by the local engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from interhuman_desktop.session.compare import compare, delta_label, take_of

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interhuman_desktop", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))


def test_the_changed_segment_shows_in_the_deltas(takes) -> None:
    c = compare(take_of(takes.a), take_of(takes.b))
    assert c.cqi.a is not None and c.cqi.b is not None
    changed = [d for d in c.dimensions if d.delta not in (None, 0.0)]
    assert changed, "a grey, silent stretch should move at least one dimension"
    assert c.signals and c.feedback_a and c.feedback_b


def test_compare_prints_the_same_deltas_by_title_and_by_id(takes) -> None:
    c = compare(take_of(takes.a), take_of(takes.b))
    by_title = cli("compare", "take 1", "Pitch take 2", "--library", str(takes.root))
    assert by_title.returncode == 0, by_title.stderr[-2000:]
    out = by_title.stdout
    assert "A: Pitch take 1" in out and "B: Pitch take 2" in out
    for d in [c.cqi, *c.dimensions]:
        assert delta_label(d) in out
    for s in c.signals:
        assert s.signal_type in out
    assert "Feedback A (Pitch take 1):" in out and c.feedback_b[0][1][:60] in out
    by_id = cli("compare", str(takes.a.id), str(takes.b.id), "--library", str(takes.root),
                "--no-feedback")
    assert by_id.returncode == 0
    assert by_id.stdout.splitlines()[:8] == out.splitlines()[:8]
    assert "Feedback" not in by_id.stdout


def test_compare_refuses_an_unknown_or_ambiguous_entry(takes) -> None:
    unknown = cli("compare", "take 1", "no such take", "--library", str(takes.root))
    assert unknown.returncode == 2 and "no entry with id or title 'no such take'" in unknown.stderr
    ambiguous = cli("compare", "Pitch take", "take 2", "--library", str(takes.root))
    assert ambiguous.returncode == 2 and "matches several entries" in ambiguous.stderr
