"""ReviewPlayer: QMediaPlayer behind a small seconds-based API, with an A–B loop.

Frames come out through a ``QVideoSink`` as QImages (``frameReady``), so the picture also
paints offscreen and in ``grab()``; nothing in the sync logic depends on painting. The playhead
is always the player's own position (``positionChanged``), never a wall clock, so it cannot
drift. If QtMultimedia cannot load (e.g. libpulse missing), a position-only stand-in keeps
seeking and the lanes working and ``available`` is False. ``pictureKnown(has_picture)`` once a
source has loaded: a sound-only recording (a microphone-only session's ``recording.wav``) plays
with no frame ever coming, so the views say :data:`SOUND_ONLY` instead of "Loading video…".
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QImage

from interhuman_desktop.encode.preflight import SOUND_SUFFIXES
from interhuman_desktop.ui.widgets.video_preview import SOUND_ONLY

__all__ = ["SOUND_ONLY", "ReviewPlayer", "sound_only_file"]

log = logging.getLogger(__name__)

try:
    from PySide6.QtMultimedia import (
        QAudioOutput,
        QMediaDevices,
        QMediaPlayer,
        QVideoFrame,
        QVideoSink,
    )
except ImportError as exc:  # pragma: no cover - depends on system libraries
    QMediaPlayer = None
    MULTIMEDIA_ERROR = str(exc)
    log.warning("QtMultimedia unavailable: %s", exc)
else:
    MULTIMEDIA_ERROR = ""

LOOP_EPSILON = 0.03


def sound_only_file(path: Path | None) -> bool:
    """Whether ``path`` is a sound-only recording by its name (before the player said so)."""
    return path is not None and Path(path).suffix.lower() in SOUND_SUFFIXES


class ReviewPlayer(QObject):
    """Seconds in, seconds out; ``positionChanged`` drives every playhead."""

    positionChanged = Signal(float)
    durationChanged = Signal(float)
    playingChanged = Signal(bool)
    frameReady = Signal(QImage)
    errorOccurred = Signal(str)
    pictureKnown = Signal(bool)  # the loaded source has a picture (False: sound only)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loop: tuple[float, float] | None = None
        self._fake_pos = 0.0
        self._pending_seek: float | None = None
        self._has_media = False
        self._frames_from: int = 0  # frames of an earlier source arriving late are dropped
        self._generation = 0
        self._awaiting_source = False
        self._player = None
        if QMediaPlayer is not None:
            self._setup_player()

    @property
    def available(self) -> bool:
        return self._player is not None

    @property
    def media_player(self):
        """The underlying QMediaPlayer (None when QtMultimedia is unavailable)."""
        return self._player

    def _setup_player(self) -> None:
        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)
        if QMediaDevices.audioOutputs():
            self._audio = QAudioOutput(self)
            self._player.setAudioOutput(self._audio)
        self._player.positionChanged.connect(self._on_position)
        self._player.durationChanged.connect(lambda ms: self.durationChanged.emit(ms / 1000))
        self._player.playbackStateChanged.connect(
            lambda s: self.playingChanged.emit(s == QMediaPlayer.PlaybackState.PlayingState))
        self._player.errorOccurred.connect(lambda _e, text: self.errorOccurred.emit(text))
        self._player.mediaStatusChanged.connect(self._on_status)

    # --- public API ------------------------------------------------------------------
    def load(self, path: Path | None) -> None:
        """Open ``path``; None keeps a position-only clock (timeline-only review)."""
        self._loop = None
        self._fake_pos = 0.0
        self._pending_seek = None
        self._has_media = path is not None and self._player is not None
        self._generation += 1
        self._awaiting_source = True  # status changes of the old source are ignored
        url = QUrl.fromLocalFile(str(path)) if path else QUrl()
        if self._player is not None and path is not None and self._reopened(url):
            pass  # the same file again: Qt sends no status change, so it is shown from here
        elif self._player is not None:
            # No stop() first: setSource tears the old media down itself and releases the GIL
            # while it does; stop() holds it, and the FFmpeg backend's threads then deadlock on
            # it while destroying objects (seen ~1 in 10 test runs under load).
            loading = self._player.mediaStatus() == QMediaPlayer.MediaStatus.LoadingMedia
            self._player.setSource(url)
            if loading and path is not None and self._loading():
                # the old source was still loading: Qt sends no new LoadingMedia for this one
                self._awaiting_source = False
        self.positionChanged.emit(0.0)

    def _reopened(self, url: QUrl) -> bool:
        """``url`` is already the loaded source: show its first frame again, no reload."""
        ready = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferingMedia,
                 QMediaPlayer.MediaStatus.BufferedMedia, QMediaPlayer.MediaStatus.EndOfMedia)
        player = self._player
        if player is None or player.source() != url or player.mediaStatus() not in ready:
            return False
        self._awaiting_source = False
        self._frames_from = self._generation
        player.pause()
        player.setPosition(0)
        self.pictureKnown.emit(player.hasVideo())
        return True

    def position(self) -> float:
        if not self._has_media or self._pending_seek is not None:
            return self._fake_pos
        return self._player.position() / 1000

    def duration(self) -> float:
        return self._player.duration() / 1000 if self._player is not None else 0.0

    def is_playing(self) -> bool:
        return (self._player is not None
                and self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState)

    def play(self) -> None:
        if self._player is not None:
            self._player.play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def toggle(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def seek(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        duration = self.duration()
        if duration > 0:
            seconds = min(seconds, duration)
        if not self._has_media:
            self._fake_pos = seconds
            self.positionChanged.emit(seconds)
        elif self._loading():
            self._pending_seek = seconds  # applied once the media has loaded
            self._fake_pos = seconds
            self.positionChanged.emit(seconds)
        else:
            self._player.setPosition(round(seconds * 1000))

    def _loading(self) -> bool:
        status = self._player.mediaStatus()
        return status in (QMediaPlayer.MediaStatus.LoadingMedia, QMediaPlayer.MediaStatus.NoMedia)

    def set_rate(self, rate: float) -> None:
        if self._player is not None:
            self._player.setPlaybackRate(rate)

    def rate(self) -> float:
        return self._player.playbackRate() if self._player is not None else 1.0

    @property
    def loop(self) -> tuple[float, float] | None:
        return self._loop

    def set_loop(self, start: float | None, end: float | None = None) -> None:
        """Loop [start, end) while playing; None clears."""
        if start is None or end is None or end <= start:
            self._loop = None
            return
        self._loop = (start, end)
        if not start <= self.position() < end:
            self.seek(start)

    # --- slots --------------------------------------------------------------------------
    def _on_position(self, ms: int) -> None:
        seconds = ms / 1000
        if self._loop is not None and seconds >= self._loop[1] - LOOP_EPSILON:
            self.seek(self._loop[0])
            return
        self.positionChanged.emit(seconds)

    def _on_status(self, status) -> None:
        if self._awaiting_source:
            if status != QMediaPlayer.MediaStatus.LoadingMedia:
                return  # the previous source winding down
            self._awaiting_source = False
        loaded = status == QMediaPlayer.MediaStatus.LoadedMedia
        if loaded or status in (QMediaPlayer.MediaStatus.BufferingMedia,
                                QMediaPlayer.MediaStatus.BufferedMedia):
            self._frames_from = self._generation
        if loaded:
            self.pictureKnown.emit(bool(self._player and self._player.hasVideo()))
        state = self._player.playbackState()
        if loaded and state == QMediaPlayer.PlaybackState.StoppedState:
            self._player.pause()  # paused (not stopped) renders the frame at each seek
        elif loaded and state == QMediaPlayer.PlaybackState.PausedState:
            self._player.setPosition(self._player.position())  # render the new first frame
        if loaded and self._pending_seek is not None:
            seconds, self._pending_seek = self._pending_seek, None
            self._player.setPosition(round(seconds * 1000))
        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._loop is not None:
            self.seek(self._loop[0])
            self.play()

    def _on_frame(self, frame: QVideoFrame) -> None:
        if frame.isValid() and self._frames_from == self._generation:
            self.frameReady.emit(frame.toImage())
