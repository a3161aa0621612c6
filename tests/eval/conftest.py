"""tests/eval: labelled clips (labelled.py) and their scoring (scoring.py) importable."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _dir in (HERE.parent, HERE):
    if str(_dir) not in sys.path:
        sys.path.insert(0, str(_dir))


@pytest.fixture(scope="session")
def eval_dir(tmp_path_factory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is needed (bash scripts/setup --dev)")
    pytest.importorskip("mediapipe")
    pytest.importorskip("skimage")
    return tmp_path_factory.mktemp("eval_clips")
