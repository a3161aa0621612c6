"""With no display, starting the app explains why and analyses the sample clip headlessly."""

import os
import subprocess
import sys


def test_no_display_falls_back_to_the_sample_analysis() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                            "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "interhuman_desktop"], env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "No display found" in done.stderr
    assert "Signals" in done.stdout and "Conversation quality" in done.stdout
    assert "face visible" in done.stdout  # the sample's face is seen and named as evidence
