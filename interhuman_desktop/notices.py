"""Third-party notices from the installed distributions' metadata (no hand-kept list).

The runtime set is the closure of ``interhuman-desktop``'s own requirements (extras excluded,
environment markers evaluated here), plus the distributions ``scripts/setup`` installs with
``--no-deps`` (their declared pins conflict with ours, so their requirements are not followed).
For each one: name, version, licence (``License-Expression``, else the licence classifiers, else
a short ``License`` field), home page and the licence files in its ``.dist-info``. About and
``scripts/third_party_notices`` (which writes ``resources/THIRD_PARTY_NOTICES.md``) both read
this, so what About lists is what the notices file says is shipped. No Qt here.
"""

from __future__ import annotations

import importlib.metadata as metadata
import logging
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

log = logging.getLogger(__name__)

APP_DIST = "interhuman-desktop"
# Installed --no-deps by scripts/setup (requirements/no-deps.txt); their files are used directly.
NO_DEPS_DISTS = ("mediapipe", "silero-vad")
LICENCE_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "NOTICE")
_SHORT = 80  # a ``License`` field longer than this (or multi-line) is a licence text, not a name
_URL_LABELS = ("homepage", "home", "source", "repository", "source code", "documentation")


@dataclass(frozen=True)
class Dist:
    """One installed distribution as the notices list it."""

    name: str
    version: str
    licence: str
    classifiers: tuple[str, ...]
    homepage: str
    summary: str
    required_by: tuple[str, ...]
    licence_files: tuple[Path, ...]


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    """One header, stripped, "" when absent (the 3.11 protocol has no .get())."""
    values = meta.get_all(key)
    return str(values[0]).strip() if values else ""


def _licence(meta: metadata.PackageMetadata) -> tuple[str, tuple[str, ...]]:
    classifiers = tuple(c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                        if c.startswith("License ::"))
    expression = _field(meta, "License-Expression")
    if expression:
        return expression, classifiers
    if classifiers:  # standard names, and more precise than most free-text fields ("GPLv3")
        return "; ".join(classifiers), classifiers
    field = _field(meta, "License")
    if field and "\n" not in field and len(field) <= _SHORT and field.upper() != "UNKNOWN":
        return field, classifiers
    return "see the licence text", classifiers


def _homepage(meta: metadata.PackageMetadata) -> str:
    page = _field(meta, "Home-page")
    if page:
        return page
    urls: dict[str, str] = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls.setdefault(label.strip().lower(), url.strip())
    for label in _URL_LABELS:
        if label in urls:
            return urls[label]
    return next(iter(urls.values()), "")


def _licence_files(dist: metadata.Distribution) -> tuple[Path, ...]:
    """Licence files kept in the ``.dist-info`` folder (not the vendored copies elsewhere)."""
    found = []
    for item in sorted(dist.files or [], key=str):
        parts = [p.lower() for p in item.parts]
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        if item.name.upper().startswith(LICENCE_PREFIXES) and item.suffix not in {".py", ".pyc"}:
            found.append(Path(str(item.locate())))
    return tuple(dict.fromkeys(found))


def display_name(path: Path) -> str:
    """A licence file's path inside its ``.dist-info`` folder (``licenses/LICENSE``)."""
    parts = path.parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i].endswith(".dist-info"):
            return "/".join(parts[i + 1:])
    return path.name


def _requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for line in dist.requires or []:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            log.warning("unparsable requirement %r of %s", line, dist.metadata["Name"])
            continue
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            names.append(req.name)
    return names


def runtime_closure(root: str = APP_DIST,
                    no_deps: tuple[str, ...] = NO_DEPS_DISTS) -> dict[str, set[str]]:
    """Installed runtime distributions (canonical name → who requires it), root excluded."""
    parents: dict[str, set[str]] = {}
    todo: list[tuple[str, str]] = [(root, "")] + [(name, root) for name in no_deps]
    while todo:
        name, parent = todo.pop()
        key = canonicalize_name(name)
        if key in parents:
            if parent:
                parents[key].add(parent)
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            log.debug("%s is not installed", name)
            continue
        parents[key] = {parent} if parent else set()
        if key not in {canonicalize_name(n) for n in no_deps}:
            todo.extend((child, key) for child in _requirements(dist))
    parents.pop(canonicalize_name(root), None)
    return parents


def describe(name: str, required_by: set[str] | None = None) -> Dist:
    """One installed distribution's notice data (raises PackageNotFoundError when missing)."""
    dist = metadata.distribution(name)
    meta = dist.metadata
    licence, classifiers = _licence(meta)
    return Dist(name=meta["Name"], version=dist.version, licence=licence,
                classifiers=classifiers, homepage=_homepage(meta),
                summary=_field(meta, "Summary"),
                required_by=tuple(sorted(required_by or ())),
                licence_files=_licence_files(dist))


def shipped() -> list[Dist]:
    """Every third-party distribution the app runs with, sorted by canonical name."""
    closure = runtime_closure()
    return [describe(key, parents) for key, parents in sorted(closure.items())]
