"""Help → About as plain data: the app version and the bundled components, their licences, notices.

No Qt import (the UI renders this): versions come from ``importlib.metadata`` (the bundle carries
the ``.dist-info`` folders), Qt's run-time version from ``PySide6.QtCore`` only when the UI has
already imported it, and FFmpeg's from PyAV (``av.library_versions``, ``av.codec``), imported on
demand because About is opened rarely.
"""

from __future__ import annotations

import importlib.metadata as metadata
import logging
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

from interhuman_desktop import __version__
from interhuman_desktop import notices as third_party
from interhuman_desktop.licence_texts import (
    CASCADE_NOTICE,
    EXPRESSION_NOTICE,
    FFMPEG_NOTICE,
    LICENCE_STATEMENT,
    QT_NOTICE,
)

log = logging.getLogger(__name__)

APP_NAME = "Interhuman Desktop"
APP_LICENCE = "GPL-3.0-or-later"


@dataclass(frozen=True)
class Component:
    """One bundled component as the About box lists it."""

    name: str
    version: str
    licence: str
    role: str
    url: str = ""
    notice: str = ""
    details: dict[str, str] = field(default_factory=dict)
    main: bool = True  # False: a library another component needs (About's details only)


# What the main distributions do here (shown name, role), by canonical name. Versions, licences
# and home pages come from their metadata (interhuman_desktop.notices); every other distribution
# in the runtime closure is listed too, as a library another one needs.
_ROLES: dict[str, tuple[str, str]] = {
    "pyside6-essentials": ("Qt for Python (PySide6)",
                           "the user interface, video player, camera permissions"),
    "pyside6-addons": ("PySide6 Addons", "QtMultimedia (the review player)"),
    "av": ("PyAV", "encoding and decoding video (with FFmpeg)"),
    "opencv-python-headless": ("OpenCV (headless)", "camera capture, face cues"),
    "numpy": ("NumPy", "pictures and sound as arrays"),
    "scipy": ("SciPy", "filters and peak finding for head movements"),
    "mediapipe": ("mediapipe", "face landmarks"),
    "onnxruntime": ("ONNX Runtime", "voice-activity and expression models"),
    "silero-vad": ("Silero VAD", "the voice-activity model file"),
    "praat-parselmouth": ("Parselmouth (Praat)", "pitch of the voice"),
    "webrtcvad-wheels": ("WebRTC VAD", "voice activity"),
    "pyqtgraph": ("pyqtgraph", "signal lanes and charts"),
    "qasync": ("qasync", "Qt and asyncio on one thread"),
    "interhumanai": ("Interhuman SDK", "the analysis protocol client"),
    "httpx": ("HTTPX", "HTTP client"),
    "websockets": ("websockets", "live streaming"),
    "fastapi": ("FastAPI", "the local engine's routes"),
    "starlette": ("Starlette", "the local engine's web toolkit"),
    "uvicorn": ("Uvicorn", "the local engine's server"),
    "python-multipart": ("python-multipart", "uploads to the local engine"),
    "pydantic": ("Pydantic", "data models"),
    "sounddevice": ("sounddevice", "microphone (with PortAudio, MIT)"),
    "keyring": ("keyring", "API keys in the system keyring"),
    "platformdirs": ("platformdirs", "where settings and recordings live"),
    "matplotlib": ("Matplotlib", "imported by mediapipe"),
    "protobuf": ("Protocol Buffers", "mediapipe's graph configurations"),
}

GPL_ENCODERS = {"libx264", "libx265"}
ENCODERS_OF_INTEREST = ("libx264", "aac", "libopus", "libvpx", "libvpx-vp9", "libsvtav1",
                        "libx265", "libmp3lame", "flac")


def _dist_version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def app_version() -> str:
    return __version__


def qt_version() -> str | None:
    """Qt's run-time version when the UI has loaded Qt, else the PySide6 wheel's version."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        return str(qtcore.qVersion())
    return _dist_version("PySide6_Essentials")


def ffmpeg_info() -> Component | None:
    """FFmpeg inside PyAV: version, library versions, licence as built, encoders present."""
    try:
        import av
        import av.codec
        from av.codec.codec import UnknownCodecError
    except ImportError:
        return None
    meta = getattr(av, "_core", None)
    library_meta = getattr(meta, "library_meta", {}) if meta is not None else {}
    licences = sorted({str(m.get("license", "")) for m in library_meta.values() if m})
    encoders = []
    for name in ENCODERS_OF_INTEREST:
        try:
            av.codec.Codec(name, "w")
        except UnknownCodecError:  # not in this build
            continue
        encoders.append(f"{name} (GPL-2.0-or-later)" if name in GPL_ENCODERS else name)
    details = {lib: ".".join(map(str, v)) for lib, v in av.library_versions.items()}
    details["encoders"] = ", ".join(encoders)
    configuration = library_meta.get("libavcodec", {}).get("configuration", "")
    if configuration:
        details["configuration"] = str(configuration)
    licence = "; ".join(licences) or "LGPL-2.1-or-later"
    if GPL_ENCODERS & {e.split(" ")[0] for e in encoders}:
        licence += "; encoders x264/x265: GPL-2.0-or-later"
    return Component(
        name="FFmpeg (in PyAV)",
        version=str(getattr(av, "ffmpeg_version_info", "") or "unknown"),
        licence=licence,
        role="video and audio codecs",
        url="https://ffmpeg.org",
        notice=FFMPEG_NOTICE,
        details=details,
    )


def model_components() -> list[Component]:
    """The model files the app loads (found through :mod:`interhuman_desktop.resources`)."""
    from interhuman_desktop import resources

    models = resources.bundled_models()
    found: list[Component] = []
    cascade = models.get("opencv-haarcascade-frontalface")
    if cascade is not None:
        found.append(Component("OpenCV frontal-face Haar cascade",
                               _dist_version("opencv-python-headless") or "unknown",
                               "Intel-OSCVL (BSD-3-Clause style)", "face presence cue",
                               "https://github.com/opencv/opencv/tree/4.x/data/haarcascades",
                               CASCADE_NOTICE, {"file": cascade.name}))
    vad = models.get("voice-activity")
    if vad is not None:
        found.append(Component("Voice-activity model", "bundled", "MIT (Silero VAD)",
                               "speech detection", "https://github.com/snakers4/silero-vad",
                               details={"file": vad.name}))
    expression = resources.resources_dir() / "models" / "face_expression.onnx"
    if expression.is_file():
        found.append(Component("Facial-expression model (face-api FaceExpressionNet)", "1.7.15",
                               "MIT", "facial-expression cues",
                               "https://github.com/vladmandic/face-api", EXPRESSION_NOTICE,
                               {"file": expression.name, "licence": "face_expression.LICENSE"}))
    media = sorted(p.name for key, p in models.items() if key.startswith("mediapipe:"))
    if media:
        found.append(Component("mediapipe models and graphs",
                               _dist_version("mediapipe") or "unknown", "Apache-2.0",
                               "face landmarks", "https://ai.google.dev/edge/mediapipe",
                               details={"files": ", ".join(media)}))
    return found


def python_components() -> list[Component]:
    """Every third-party distribution the app runs with, from its installed metadata."""
    found = []
    for dist in third_party.shipped():
        key = canonicalize_name(dist.name)
        name, role = _ROLES.get(key, (dist.name, ""))
        if not role:
            users = ["the app" if u == third_party.APP_DIST else u for u in dist.required_by]
            role = "needed by " + ", ".join(users)
        found.append(Component(name, dist.version, dist.licence, role, dist.homepage,
                               main=key in _ROLES))
    return sorted(found, key=lambda c: (not c.main, c.name.lower()))


def components() -> list[Component]:
    """Every bundled component with its version and licence (missing optional ones left out)."""
    items = [Component("Python", platform.python_version(), "PSF-2.0", "the runtime",
                       "https://www.python.org")]
    qt = qt_version()
    if qt is not None:
        items.append(Component("Qt", qt, "LGPL-3.0-only", "the user interface toolkit",
                               "https://www.qt.io", QT_NOTICE))
    ffmpeg = ffmpeg_info()
    if ffmpeg is not None:
        items.append(ffmpeg)
    items.extend(python_components())
    items.extend(model_components())
    return items


def licence_files(dist: str) -> list[Path]:
    """The licence files a distribution ships in its metadata (kept in the bundle too)."""
    try:
        files = metadata.distribution(dist).files or []
    except metadata.PackageNotFoundError:
        return []
    found = []
    for item in files:
        name = item.name.upper()
        if name.startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE")):
            found.append(Path(str(item.locate())))
    return found


def notices() -> list[str]:
    """The notices the components' licences ask us to show."""
    return [c.notice for c in components() if c.notice]


def about_text() -> str:
    """Everything as plain text (a "Copy" button, bug reports, ``--self-test -v``)."""
    lines = [f"{APP_NAME} {app_version()} ({APP_LICENCE})", LICENCE_STATEMENT,
             f"{platform.system()} {platform.release()} {platform.machine()}", ""]
    for c in components():
        lines.append(f"{c.name} {c.version} — {c.licence} — {c.role}")
        lines.extend(f"    {k}: {v}" for k, v in c.details.items() if k != "configuration")
    lines.append("")
    lines.extend(notices())
    return "\n".join(lines)
