"""The one place that finds files the app loads at run time, from source and from a bundle.

From a source checkout ``resource_path("sample/sample.mp4")`` is ``<repo>/resources/sample/…``;
in a PyInstaller bundle (``sys.frozen``) the same call answers ``<sys._MEIPASS>/resources/…``
(the spec copies ``resources/`` there). Models that ship inside third-party packages (OpenCV's
Haar cascades, mediapipe's graphs, a voice-activity ONNX model) are found through their package
directory, which PyInstaller recreates under ``_MEIPASS`` when the data hooks collect them.
No Qt here: the UI turns these paths into ``QIcon``/``QUrl`` itself.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

RESOURCES_ENV = "INTERHUMAN_DESKTOP_RESOURCES"  # override for odd layouts (tests, distro packages)
CASCADE_FILE = "haarcascade_frontalface_default.xml"
VAD_MODEL_NAMES = ("silero_vad.onnx", "vad.onnx")
SILERO_FILE = "silero_vad.onnx"


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def bundle_dir() -> Path | None:
    """The bundle's data root (``sys._MEIPASS``), or None when running from source."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if is_frozen() and base else None


def resources_dir() -> Path:
    """The ``resources/`` folder: env override, else bundle, else the source checkout."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    base = bundle_dir()
    if base is not None:
        return base / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str | os.PathLike[str]) -> Path:
    """Absolute path of ``resources/<name>``; raises FileNotFoundError when it is missing."""
    path = resources_dir() / Path(name)
    if not path.exists():
        raise FileNotFoundError(f"resource {os.fspath(name)!r} not found in {resources_dir()}")
    return path


def icon_path(size: int | None = None) -> Path:
    """The app icon: ``icons/hicolor/<size>x<size>/apps/…png`` or the SVG source."""
    if size is None:
        return resource_path("icon.svg")
    return resource_path(f"icons/hicolor/{size}x{size}/apps/interhuman-desktop.png")


def sample_clip() -> Path:
    """The sample recording shipped with the app (for the welcome screen and the self-test)."""
    return resource_path("sample/sample.mp4")


def _package_dir(package: str) -> Path | None:
    """A package's directory without importing it (works for bundled packages too)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    if spec.origin:
        return Path(spec.origin).parent
    return None


def haarcascades_dir() -> Path:
    """OpenCV's ``cv2/data`` folder with the Haar cascades (the bundle's data hook adds it)."""
    candidates: list[Path] = []
    base = bundle_dir()
    if base is not None:
        candidates.append(base / "cv2" / "data")
    pkg = _package_dir("cv2")
    if pkg is not None:
        candidates.append(pkg / "data")
    for folder in candidates:
        if (folder / CASCADE_FILE).is_file():
            return folder
    raise FileNotFoundError(f"OpenCV's {CASCADE_FILE} not found (looked in "
                            f"{', '.join(map(str, candidates)) or 'nowhere: no cv2'})")


def cascade_path(name: str = CASCADE_FILE) -> Path:
    """One Haar cascade file, e.g. the frontal-face one the analysers use."""
    path = haarcascades_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"OpenCV cascade {name} not found in {path.parent}")
    return path


def mediapipe_models() -> list[Path]:
    """mediapipe's bundled graphs and models (``.binarypb``/``.tflite``/``.task``), if installed."""
    pkg = _package_dir("mediapipe")
    if pkg is None or not pkg.is_dir():
        return []
    suffixes = {".binarypb", ".tflite", ".task", ".pbtxt"}
    return sorted(p for p in pkg.rglob("*") if p.suffix in suffixes and p.is_file())


def models_dir() -> Path:
    """``resources/models``: our own model files (may not exist)."""
    return resources_dir() / "models"


def vad_model() -> Path | None:
    """A voice-activity ONNX model in ``resources/models``, if one is shipped; else None."""
    folder = models_dir()
    for name in VAD_MODEL_NAMES:
        if (folder / name).is_file():
            return folder / name
    found = sorted(folder.glob("*vad*.onnx")) if folder.is_dir() else []
    return found[0] if found else None


def silero_vad_model() -> Path | None:
    """Silero VAD's ONNX file: a ``resources/models`` override, else the one the ``silero-vad``
    wheel ships (``silero_vad/data/silero_vad.onnx``), found without importing the package (its
    ``__init__`` imports torch); in a bundle the spec copies it to ``silero_vad/data``."""
    override = vad_model()
    if override is not None:
        return override
    folders = []
    base = bundle_dir()
    if base is not None:
        folders.append(base / "silero_vad" / "data")
    pkg = _package_dir("silero_vad")
    if pkg is not None:
        folders.append(pkg / "data")
    for folder in folders:
        if (folder / SILERO_FILE).is_file():
            return folder / SILERO_FILE
    return None


def bundled_models() -> dict[str, Path]:
    """Every model file the app can load, by a short name (for About and the self-test)."""
    models: dict[str, Path] = {}
    try:
        models["opencv-haarcascade-frontalface"] = cascade_path()
    except FileNotFoundError as exc:
        log.debug("%s", exc)
    vad = silero_vad_model()
    if vad is not None:
        models["voice-activity"] = vad
    for path in mediapipe_models():
        models[f"mediapipe:{path.name}"] = path
    return models
