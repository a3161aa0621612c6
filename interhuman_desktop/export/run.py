"""One entry point for every format: export entries to files (blocking; run off the GUI)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from interhuman_desktop.export import FORMATS
from interhuman_desktop.export.common import slug
from interhuman_desktop.export.entry_data import EntryData, load_entry_data
from interhuman_desktop.storage.library import Entry

log = logging.getLogger(__name__)

SUFFIX = {"json": ".json", "csv": "", "eaf": ".eaf", "pdf": ".pdf"}


class ExportError(ValueError):
    """The export cannot be made as asked (format, destination)."""


def export_data(data: EntryData, fmt: str, out: Path, *, media_paths: bool = False) -> Path:
    """Write ``data`` as ``fmt`` at ``out`` (for ``csv``: a folder, or a ``.zip``)."""
    if fmt == "json":
        from interhuman_desktop.export.json_doc import write_json

        return write_json(data, out, media_paths=media_paths)
    if fmt == "csv":
        from interhuman_desktop.export.csv_tables import write_csv

        return write_csv(data, out)
    if fmt == "eaf":
        from interhuman_desktop.export.eaf import write_eaf

        return write_eaf(data, out, media_paths=media_paths)
    if fmt == "pdf":
        from interhuman_desktop.export.pdf_report import write_pdf

        return write_pdf(data, out)
    raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def file_name(entry: Entry, fmt: str) -> str:
    """``<id>-<title>.<ext>``: the name of one entry's export inside a folder."""
    return f"{entry.id}-{slug(entry.title)}{SUFFIX[fmt]}"


def export_entries(entries: Sequence[Entry], fmt: str, out: Path, *, media_paths: bool = False,
                   on_done: Callable[[Entry, Path], None] | None = None) -> list[Path]:
    """One entry: written at ``out``. Several: one export each inside the folder ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not entries:
        raise ExportError("no entry to export")
    if len(entries) > 1 and out.suffix:
        raise ExportError(f"{out}: several entries go into a folder, one file each; "
                          "give a folder (no extension)")
    written = []
    for entry in entries:
        target = out if len(entries) == 1 else out / file_name(entry, fmt)
        path = export_data(load_entry_data(entry), fmt, target, media_paths=media_paths)
        log.info("exported entry %d as %s to %s", entry.id, fmt, path)
        written.append(path)
        if on_done is not None:
            on_done(entry, path)
    return written
