"""Interhuman Desktop: social-signal analysis of people talking on video, live or from files."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("interhuman-desktop")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
