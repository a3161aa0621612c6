"""The root of the app's error tree, below every boundary that raises into it.

``AppError`` is what the UI and the CLI show: :meth:`AppError.user_message` says what happened
and what to do. Each boundary hangs its own branch under it: the service (``api/errors.py``),
capture (``capture.types.CaptureError``) and making a file fit (``encode.fit.FitError``); so a
caller asks ``isinstance(exc, AppError)`` instead of guessing with ``getattr``.
"""

from __future__ import annotations


class AppError(Exception):
    """Base of every error the app shows to a user."""

    what_to_do = "Try again; if it keeps happening, report it with the details below."

    def user_message(self) -> str:
        """What happened, then what to do (the message alone when it already says both)."""
        if not self.what_to_do:
            return str(self)
        return f"{str(self).rstrip('.')}. {self.what_to_do}"


def user_message(exc: BaseException) -> str:
    """What to show for any exception: the tree's own text, else ``str(exc)``."""
    return exc.user_message() if isinstance(exc, AppError) else str(exc)
