"""Results that leave the app: lossless JSON, tidy CSV, ELAN ``.eaf`` and a PDF report (no Qt).

Every format reads one :class:`~interhuman_desktop.export.entry_data.EntryData` (an entry's
metadata, timeline and raw results, loaded from its library folder) and writes one file (or a
folder / zip for CSV). :func:`~interhuman_desktop.export.run.export_entry` picks the format.
Only ``ui/`` and ``commands/`` import this package.
"""

FORMATS = ("json", "csv", "eaf", "pdf")
