from pathlib import Path

import pytest
from session_helpers import make_segment_template


@pytest.fixture(scope="session")
def segment_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_segment_template(tmp_path_factory.mktemp("template") / "seg.mp4")
