"""The microphone: a sounddevice (PortAudio) input stream whose callback only copies and queues.

``sounddevice`` is imported lazily because importing it raises OSError when the PortAudio
library is missing (Debian/Ubuntu: ``apt install libportaudio2``); the app must still start
and offer file analysis then. The callback runs on PortAudio's thread: it must not log, block
or allocate much, so it copies ``indata`` into an :class:`AudioBlock` and puts it into the
bounded queue (a full queue drops its oldest block and counts).
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

from ..core import clock
from .base import DEFAULT_AUDIO_QUEUE, AudioSource
from .types import DeviceInfo, DeviceUnavailableError

log = logging.getLogger(__name__)

PORTAUDIO_HINT = "PortAudio is not installed (Debian/Ubuntu: sudo apt install libportaudio2)"


def _sounddevice() -> ModuleType:
    try:
        import sounddevice
    except (OSError, ImportError) as exc:  # OSError: the PortAudio library is missing
        raise DeviceUnavailableError(f"No microphone support: {PORTAUDIO_HINT}.") from exc
    module: ModuleType = sounddevice  # untyped package: Any to mypy
    return module


NO_MICROPHONE = "No microphone is available: connect one or play a file as the microphone."


def _unavailable(device: int | str | None, rate: int, exc: Exception) -> DeviceUnavailableError:
    """What to tell people when the stream does not open (PortAudio's words in brackets)."""
    if device is None and "device -1" in str(exc):  # no default input device at all
        return DeviceUnavailableError(NO_MICROPHONE)
    label = f"Microphone {device!r}" if device is not None else "The microphone"
    return DeviceUnavailableError(
        f"{label} cannot record {rate} Hz mono ({exc}): check that it is connected, not used "
        "exclusively by another app, and allowed to record.")


def list_microphones() -> list[DeviceInfo]:
    """Input devices; empty (with a warning logged) when PortAudio is missing."""
    try:
        sd = _sounddevice()
    except DeviceUnavailableError as exc:
        log.warning("%s", exc)
        return []
    try:
        devices = sd.query_devices()
        default_in = sd.default.device[0]
    except (sd.PortAudioError, ValueError) as exc:  # no host API, broken driver
        log.warning("cannot list microphones: %s", exc)
        return []
    return [DeviceInfo(d["index"], d["name"], "microphone", default=d["index"] == default_in)
            for d in devices if d["max_input_channels"] > 0]


MAX_PLAUSIBLE_AGE = 5.0  # PulseAudio's ALSA plugin hands over ~2 s old audio in bursts


class BlockStamper:
    """Stamps blocks by sample count, anchored to the lower envelope of the clock readings.

    A callback can only run late, never early, so the clock reading minus the sample count's
    time is the true offset plus a non-negative lateness. The lowest offset seen is the best
    estimate; it may rise by ``creep`` seconds per second so it follows a device clock that is
    slower than ours, and it jumps when the reading is ``reset`` seconds above it (samples were
    lost in an overflow). Bursty callbacks therefore still give contiguous stamps.
    """

    def __init__(self, sample_rate: int, creep: float = 300e-6, reset: float = 0.1) -> None:
        self.rate = sample_rate
        self.creep = creep
        self.reset = reset
        self.samples = 0
        self.offset: float | None = None

    def stamp(self, observed_t: float, frames: int) -> float:
        """The capture time of this block's first sample, given the raw reading ``observed_t``."""
        count_t = self.samples / self.rate
        seen = observed_t - count_t
        if self.offset is None or seen < self.offset or seen - self.offset > self.reset:
            self.offset = seen
        else:
            self.offset = min(seen, self.offset + self.creep * frames / self.rate)
        self.samples += frames
        return self.offset + count_t


class MicrophoneSource(AudioSource):
    """48 kHz mono float32 blocks of ``block_size`` samples (10 ms by default)."""

    name = "microphone"

    def __init__(self, device: int | str | None = None, *, sample_rate: int = 48_000,
                 block_size: int = 480, queue_capacity: int = DEFAULT_AUDIO_QUEUE) -> None:
        super().__init__()
        self._init_audio(queue_capacity, sample_rate)
        self.device = device
        self.block_size = block_size
        self._stream: Any = None
        self.status_flags = 0  # over/underflows reported by PortAudio (counted, not logged)
        self._stamper = BlockStamper(sample_rate)

    list_devices = staticmethod(list_microphones)

    @property
    def running(self) -> bool:
        return self._stream is not None and bool(self._stream.active)

    def start(self) -> None:
        """Open and start the stream; raises DeviceUnavailableError with what to do."""
        sd = _sounddevice()
        self._stamper = BlockStamper(self.sample_rate)
        stream = None
        try:
            sd.check_input_settings(self.device, channels=1, dtype="float32",
                                    samplerate=self.sample_rate)
            stream = sd.InputStream(device=self.device, channels=1, dtype="float32",
                                    samplerate=self.sample_rate, blocksize=self.block_size,
                                    callback=self._callback)
            stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            if stream is not None:
                stream.close()
            raise _unavailable(self.device, self.sample_rate, exc) from exc
        self._stream = stream

    def stop(self, timeout: float = 5.0) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()
        super().stop(timeout)

    def _callback(self, indata: Any, frames: int, time: Any, status: Any) -> None:
        """PortAudio thread: stamp the first sample on the shared clock, copy, queue."""
        now = clock.now()
        if status:
            self.status_flags += 1
            if getattr(status, "input_overflow", False):
                self._stamper.offset = None  # samples were lost: take the clock's word again
        age = time.currentTime - time.inputBufferAdcTime  # how long ago the first sample was taken
        if not (time.inputBufferAdcTime > 0 and 0.0 <= age < MAX_PLAUSIBLE_AGE):
            age = frames / self.sample_rate  # host API without timestamps: assume just filled
        self._emit_block(self._stamper.stamp(now - age, frames), indata[:, 0].copy())
