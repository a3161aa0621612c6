"""``resources/THIRD_PARTY_NOTICES.md``, rendered from the installed distributions' metadata.

``scripts/third_party_notices`` writes it (``--check`` compares); a test regenerates it in memory
and compares with the committed file, so it cannot drift from the locked, installed set. The
bundle carries it (``resources/``) and Help → About points to it. No Qt here.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from interhuman_desktop import about, notices, resources
from interhuman_desktop.licence_texts import CASCADE_NOTICE, QT_NOTICE

log = logging.getLogger(__name__)

FILE_NAME = "THIRD_PARTY_NOTICES.md"
HEADER = """# Third-party notices

Interhuman Desktop is free software: you can redistribute it and/or modify it under the terms of
the GNU General Public License as published by the Free Software Foundation, either version 3 of
the License, or (at your option) any later version (GPL-3.0-or-later, the text is in `LICENSE`).
It is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY.

The app ships and runs with the components below. This file is generated from the installed
distributions' metadata by `scripts/third_party_notices` (do not edit it by hand): the closure
of the app's runtime requirements plus the packages `scripts/setup` installs with `--no-deps`.
"""


def notices_path() -> Path:
    return resources.resources_dir() / FILE_NAME


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _native_section() -> list[str]:
    """Python, Qt and FFmpeg inside the wheels, and the GPL encoders PyAV's FFmpeg carries."""
    lines = ["## Inside the wheels", ""]
    ffmpeg = about.ffmpeg_info()
    if ffmpeg is not None:
        lines += [f"- **{ffmpeg.name}** {ffmpeg.version}: {ffmpeg.licence}. Encoders in this "
                  f"build: {ffmpeg.details.get('encoders', '')}.", "",
                  "  " + ffmpeg.notice, "",
                  "  Because libx264 and libx265 are licensed under the GNU GPL version 2 or "
                  "later, the app as distributed is a GPL work; it is licensed GPL-3.0-or-later. "
                  "Texts: `resources/licenses/LGPL-3.0.txt`, `resources/licenses/GPL-2.0.txt`.",
                  ""]
    lines += ["- **Qt 6** (inside PySide6-Essentials/-Addons): LGPL-3.0-only. " + QT_NOTICE
              + " Text: `resources/licenses/LGPL-3.0.txt`.", "",
              "- **Python** (the interpreter in the bundle): PSF-2.0, https://www.python.org.",
              "", "- " + CASCADE_NOTICE, ""]
    return lines


def _summary(dists: list[notices.Dist]) -> list[str]:
    lines = ["## Python distributions", "", "| Distribution | Version | Licence | Home page |",
             "|---|---|---|---|"]
    for d in dists:
        lines.append(f"| {d.name} | {d.version} | {d.licence.replace('|', '/')} | {d.homepage} |")
    return [*lines, ""]


def _texts(dists: list[notices.Dist]) -> list[str]:
    lines = ["## Licence texts", ""]
    for d in dists:
        lines += [f"### {d.name} {d.version}", "", f"- Licence: {d.licence}"]
        if d.classifiers:
            lines.append(f"- Classifiers: {'; '.join(d.classifiers)}")
        lines += [f"- Home page: {d.homepage or 'none given'}",
                  f"- Required by: {', '.join(d.required_by)}", ""]
        if not d.licence_files:
            lines += ["No licence file in its metadata; see the home page.", ""]
        for path in d.licence_files:
            text = path.read_text(encoding="utf-8", errors="replace").strip("\n")
            fence = _fence(text)
            lines += [f"#### {notices.display_name(path)}", "", f"{fence}text", text, fence, ""]
    return lines


def _model_section() -> list[str]:
    folder = resources.models_dir()
    found = sorted(folder.glob("*LICENSE*")) if folder.is_dir() else []
    lines: list[str] = []
    for path in found:
        text = path.read_text(encoding="utf-8", errors="replace").strip("\n")
        fence = _fence(text)
        lines += [f"### resources/models/{path.name}", "", f"{fence}text", text, fence, ""]
    return ["## Model files in resources/models", "", *lines] if lines else []


def render() -> str:
    """The whole notices file for the distributions installed now."""
    dists = notices.shipped()
    lines = [HEADER, *_native_section(), *_summary(dists), *_model_section(), *_texts(dists)]
    text = "\n".join(lines)
    return "\n".join(line.rstrip() for line in text.splitlines()).rstrip("\n") + "\n"
