"""``interhuman-desktop analyze``: preflight refusals, the local engine end to end, a bad key."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from interhumanai import (
    AnalysisResult,
    ConversationQuality,
    ConversationQualityTimelineEntry,
    ConversationQualityValues,
    Feedback,
    Signal,
)
from media_factory import make_clip

from interhuman_desktop.api.summary import cqi_band, render_summary
from interhuman_desktop.commands.progress_bar import ProgressBar

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """analyze saves into the library: a library of the test's own, never the user's."""
    monkeypatch.setenv("INTERHUMAN_DESKTOP_HOME", str(tmp_path / "home"))


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "INTERHUMAN_API_KEY"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "interhuman_desktop", "analyze", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=240,
    )


def test_too_short_clip_exit_2(tmp_path: Path) -> None:
    short = make_clip(tmp_path / "short.mp4", seconds=2)
    proc = cli(str(short), "--local")
    assert proc.returncode == 2, proc.stderr
    assert "at least 3 s" in proc.stderr and "Fix:" in proc.stderr
    assert "starting the local engine" not in proc.stderr  # refused before any upload
    assert len([ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]) == 1


def test_garbage_and_usage_errors_exit_2(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(os.urandom(20_000))
    assert cli(str(junk)).returncode == 2
    assert cli(str(tmp_path / "missing.mp4")).returncode == 2
    ok = make_clip(tmp_path / "ok.mp4", seconds=4)
    bad = cli(str(ok), "--include", "everything")
    assert bad.returncode == 2 and "--include" in bad.stderr
    assert cli(str(ok), "--goals", "charisma").returncode == 2


@pytest.mark.slow
def test_local_end_to_end_json(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=6, face=True)
    out = tmp_path / "out" / "result.json"
    proc = cli(
        str(clip),
        "--local",
        "--json",
        str(out),
        "--include",
        "overall,timeline",
        "--goals",
        "clarity,rapport",
        "--context",
        "a pitch rehearsal",
    )
    if proc.returncode == 4 and "engine did not start" in proc.stderr:
        pytest.skip(f"the local engine does not start yet: {proc.stderr.strip()[-200:]}")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    assert doc["app"] == "interhuman-desktop" and doc["app_version"]
    assert doc["backend"]["kind"] == "local"
    result = AnalysisResult.model_validate(doc["result"])
    assert result.conversation_quality is not None
    assert "uploaded 100%" in proc.stderr  # not a TTY: occasional lines


@pytest.mark.slow
def test_local_summary_on_stdout(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "talk.mov", seconds=5, face=True)
    proc = cli(str(clip), "--include", "overall")  # no key anywhere → local engine
    if proc.returncode == 4 and "engine did not start" in proc.stderr:
        pytest.skip("the local engine does not start yet")
    assert proc.returncode == 0, proc.stderr
    assert "Signals" in proc.stdout and "Engagement" in proc.stdout
    assert "Conversation quality" in proc.stdout


def test_bad_key_exit_3_with_error_id(engine: Any, tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=4)
    proc = cli(str(clip), "--base-url", engine.base_url, "--api-key", "not-the-key")
    assert proc.returncode == 3, proc.stderr
    assert "ih2001" in proc.stderr and "Correlation id" in proc.stderr
    assert "not-the-key" not in proc.stderr


def test_unreachable_service_exit_4(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=4)
    proc = cli(str(clip), "--base-url", "http://127.0.0.1:9", env={"INTERHUMAN_API_KEY": "k"})
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.count("error:") == 1


def test_progress_bar_modes() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    lines = io.StringIO()
    bar = ProgressBar("clip.mp4", lines)
    for sent in range(0, 101, 5):
        bar.update(sent, 100)
    bar.done()
    assert lines.getvalue().count("%") == 5  # 0, 25, 50, 75, 100 %
    assert "waiting for the analysis" in lines.getvalue()
    bar.retrying(RuntimeError("HTTP 500"), 1, 0.5)  # type: ignore[arg-type]
    bar.update(50, 100)
    assert lines.getvalue().count("%") == 6 and "retry 1 in 0.5 s" in lines.getvalue()
    tty = Tty()
    bar = ProgressBar("clip.mp4", tty)
    bar.update(100, 100)
    assert "\r" in tty.getvalue() and "100%" in tty.getvalue()


def test_summary_bands_and_no_evidence() -> None:
    assert [cqi_band(v) for v in (10, 30, 49.9, 50, 64, 65, 79, 80, 100)] == [
        "weak",
        "below average",
        "below average",
        "moderate",
        "moderate",
        "good",
        "good",
        "excellent",
        "excellent",
    ]

    def values(q: float, d: float) -> ConversationQualityValues:
        return ConversationQualityValues(
            quality_index=q, clarity=d, authority=d, energy=d, rapport=d, learning=d
        )

    result = AnalysisResult(
        signals=[
            Signal(type="interest", start=1, end=4.5, probability="high", rationale="leans in")
        ],
        feedback=Feedback(message="Slow down a little.", active_dimensions=["clarity"]),
        conversation_quality=ConversationQuality(
            overall=values(72, 72),
            timeline=[ConversationQualityTimelineEntry(start=0, end=10, values=values(50, 50))],
        ),
    )
    text = render_summary(result)
    assert "interest" in text and "high" in text and "leans in" in text and "0:01.0" in text
    assert "72 (good)" in text
    assert "no evidence" in text
    assert "Slow down a little." in text


@pytest.mark.slow
def test_tiny_file_refused_then_fixed_with_fit(tmp_path: Path) -> None:
    import numpy as np

    black = np.zeros((16, 16, 3), np.uint8)
    tiny = make_clip(
        tmp_path / "tiny.mp4",
        seconds=3.5,
        width=16,
        height=16,
        audio=False,
        frame_fn=lambda i: black,
    )
    refused = cli(str(tiny), "--local")
    assert refused.returncode == 2 and "10 KB" in refused.stderr and "--fit" in refused.stderr
    out = tmp_path / "tiny.json"
    fixed = cli(str(tiny), "--local", "--fit", "--json", str(out))
    assert fixed.returncode == 0, fixed.stderr
    AnalysisResult.model_validate(json.loads(out.read_text())["result"])


@pytest.mark.slow
def test_ctrl_c_exits_130(tmp_path: Path) -> None:
    import signal

    clip = make_clip(tmp_path / "talk.mp4", seconds=20, face=True)
    env = {k: v for k, v in os.environ.items() if k != "INTERHUMAN_API_KEY"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "interhuman_desktop", "analyze", str(clip), "--local"],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if "waiting for the analysis" in line or "did not start" in line:
            break
    if any("did not start" in ln for ln in lines):
        proc.wait(120)
        pytest.skip("the local engine does not start yet")
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=120)[1]
    assert proc.returncode == 130, "".join(lines) + rest
    assert "cancelled" in rest
