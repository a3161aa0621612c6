"""The exit codes of ``analyze`` (a file or a batch)."""

from __future__ import annotations

from interhuman_desktop.api.errors import AppError, NetworkError, UploadCancelled

EXIT_OK, EXIT_USAGE, EXIT_SERVICE, EXIT_NETWORK, EXIT_CANCELLED = 0, 2, 3, 4, 130


def exit_code(exc: AppError) -> int:
    """Cancelled 130, network / engine unavailable 4, any other service error 3."""
    if isinstance(exc, UploadCancelled):
        return EXIT_CANCELLED
    if isinstance(exc, NetworkError):
        return EXIT_NETWORK
    return EXIT_SERVICE
