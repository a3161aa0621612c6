"""Fixtures: real engine child processes on loopback port 0 and real PyAV clips."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from media_factory import make_clip

from interhuman_desktop.engine.analysis.vad import VAD_ENV
from interhuman_desktop.engine.child import EngineProcess, start_engine

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the tests here share engine_helpers.py
    sys.path.insert(0, str(HERE))

from engine_helpers import KEY_PAIR, READY_TIMEOUT, SCENARIO  # noqa: E402


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every clip the engine tests use, made once per run."""
    d = tmp_path_factory.mktemp("clips")
    out = {
        "seg4": make_clip(d / "seg4.mp4", seconds=4.0),
        "seg3": make_clip(d / "seg3.mp4", seconds=3.2),
        "short1": make_clip(d / "short1.mp4", seconds=1.0),
        "short2": make_clip(d / "short2.mp4", seconds=2.0, bitrate=2_000_000),
        "webm9": make_clip(d / "webm9.webm", seconds=9.0),
        "webm12": make_clip(d / "webm12.webm", seconds=12.0),
        "audio_only": make_clip(d / "audio_only.mp4", seconds=4.0, video=False),
        "face6": make_clip(d / "face6.mp4", seconds=6.0, face=True),
    }
    garbage = d / "garbage.mp4"
    garbage.write_bytes(bytes(range(256)) * 100)  # 25.6 KB, no container signature
    out["garbage"] = garbage
    truncated = d / "truncated.mp4"
    truncated.write_bytes(out["seg4"].read_bytes()[:20_000])
    out["truncated"] = truncated
    return out


def _start(*args: str, faults: tuple[str, ...] = (), analyzer: str = "cues") -> EngineProcess:
    # media_factory's clips voice a tone as a stand-in for speech; Silero VAD (the default)
    # rightly rejects a tone, so these engines (the child reads its environment at start) use
    # the WebRTC+energy VAD. Silero itself: tests/analysis/test_silero.py.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(VAD_ENV, "webrtcvad")
        return start_engine(  # a generous start-up bound: imports are slow on a loaded machine
            key_pairs=[":".join(KEY_PAIR)], analyzer=analyzer, faults=faults, extra_args=args,
            ready_timeout=READY_TIMEOUT,
        )


@pytest.fixture(scope="session")
def engine() -> Iterator[EngineProcess]:
    """The default engine (cue analyser, real limits) shared by most tests."""
    proc = _start()
    yield proc
    _stop_clean(proc)


@pytest.fixture(scope="session")
def scenario_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "scenario.json"
    path.write_text(json.dumps(SCENARIO))
    return path


@pytest.fixture(scope="session")
def scripted(scenario_path: Path) -> Iterator[EngineProcess]:
    """An engine replaying :data:`SCENARIO`: exact events on the session clock."""
    proc = _start(analyzer=f"scripted:{scenario_path}")
    yield proc
    _stop_clean(proc)


@pytest.fixture(scope="session")
def engine_factory() -> Iterator:
    """Start extra engines (other limits or faults); all are stopped at the end of the run."""
    started: list[EngineProcess] = []

    def make(*args: str, faults: tuple[str, ...] = (), analyzer: str = "cues") -> EngineProcess:
        proc = _start(*args, faults=faults, analyzer=analyzer)
        started.append(proc)
        return proc

    yield make
    for proc in started:
        _stop_clean(proc)


def _stop_clean(proc: EngineProcess) -> None:
    """Stop the engine; it must exit 0 and must not have logged a traceback."""
    log = proc.stderr_tail(1_000_000)
    code = proc.stop(timeout=60)  # a clean exit may take long on a loaded machine
    assert "Traceback" not in log and " ERROR " not in log, log[-5000:]
    assert code == 0, log[-5000:]


