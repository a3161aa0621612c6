"""Time formatting shared by the widgets (no Qt)."""

from __future__ import annotations


def fmt_time(seconds: float | None, decimals: int = 1) -> str:
    """``mm:ss.s`` (or ``h:mm:ss.s`` past an hour); ``--:--`` for None."""
    if seconds is None:
        return "--:--"
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    width = 3 + decimals if decimals else 2
    sec_text = f"{secs:0{width}.{decimals}f}"
    if sec_text.startswith("60"):  # rounding carried into the next minute
        minutes, sec_text = minutes + 1, f"{0:0{width}.{decimals}f}"
    if hours:
        return f"{sign}{int(hours)}:{int(minutes):02d}:{sec_text}"
    return f"{sign}{int(minutes):02d}:{sec_text}"


def fmt_range(start: float, end: float | None) -> str:
    """``mm:ss.s – mm:ss.s`` (``… now`` while open) with the duration."""
    if end is None:
        return f"{fmt_time(start)} – now"
    return f"{fmt_time(start)} – {fmt_time(end)}  ({end - start:.1f} s)"


def fmt_length(seconds: float | None) -> str:
    """A recording's length, the one format of the Review header, the player's time and the
    summary at Stop (``mm:ss.s``): the media's duration once it is known (the library entry's,
    probed from the file), the recording clock's until then."""
    return fmt_time(seconds, 1)
