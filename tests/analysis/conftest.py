"""Fixtures for the decoder and analyser tests: real clips made once per session with PyAV."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _dir in (HERE.parent, HERE):  # media_factory, and our own helpers (analysis_clips)
    if str(_dir) not in sys.path:
        sys.path.insert(0, str(_dir))

from media_factory import make_clip  # noqa: E402

from interhuman_desktop.engine.analysis.vad import VAD_ENV  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def tone_counts_as_speech() -> Iterator[None]:
    """The clips here voice a modulated 180-Hz tone as a stand-in for speech, with exact known
    intervals. Silero VAD (the default) rightly calls a tone not speech, so these tests pin the
    WebRTC+energy VAD, which accepts it; the Silero tests (test_silero.py) pass ``kind``."""
    with pytest.MonkeyPatch.context() as mp:  # module scope: before module-scoped runs
        mp.setenv(VAD_ENV, "webrtcvad")
        yield


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clip(clip_dir: Path) -> Callable[..., Path]:
    """``clip(name, **make_clip kwargs)``: made once per session, cached by name."""
    made: dict[str, Path] = {}

    def _make(name: str, **kwargs) -> Path:
        if name not in made:
            made[name] = make_clip(clip_dir / name, **kwargs)
        return made[name]

    return _make
