"""Media helpers of bench/real_footage.py: load audio at 16 kHz, mux face video + real speech.

The face videos carry no speech and the speech files no video, so the bench makes audio-visual
clips with PyAV: the video packets are copied as they are (no re-encode) and the speech is
encoded as AAC. A clip shorter than the engine's 3-s minimum (single_face.mp4, 2.4 s) is played
forward and backward until it is long enough (re-encoded, frames unchanged in order per pass).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

RATE = 16_000


def load_audio(path: Path) -> np.ndarray:
    """Mono float32 at 16 kHz (empty when there is no audio track)."""
    out = []
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return np.zeros(0, np.float32)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        for frame in container.decode(audio=0):
            out += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


def video_seconds(path: Path) -> float:
    with av.open(str(path)) as container:
        return float(container.duration / av.time_base)


def _audio_stream(output: av.container.OutputContainer) -> av.audio.stream.AudioStream:
    stream = output.add_stream("aac", rate=RATE, layout="mono")
    stream.bit_rate = 64_000
    return stream


def _write_audio(output: av.container.OutputContainer, stream: av.audio.stream.AudioStream,
                 audio: np.ndarray) -> None:
    step = 1024
    for i in range(0, audio.size, step):
        chunk = np.ascontiguousarray(audio[i:i + step], np.float32)[None, :]
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = RATE, i, Fraction(1, RATE)
        output.mux(stream.encode(frame))
    output.mux(stream.encode(None))


def mux(video: Path, audio: np.ndarray, out: Path) -> Path:
    """``video``'s picture (packets copied) with ``audio`` (16 kHz mono) as AAC, into ``out``."""
    with av.open(str(video)) as src, av.open(str(out), "w") as dst:
        vin = src.streams.video[0]
        vout = dst.add_stream_from_template(vin)
        aout = _audio_stream(dst)
        for packet in src.demux(vin):
            if packet.dts is None:
                continue
            packet.stream = vout
            dst.mux(packet)
        _write_audio(dst, aout, audio)
    return out


def boomerang(video: Path, passes: int, out: Path) -> tuple[Path, float]:
    """``video`` played forward, backward, forward … ``passes`` times (no audio); returns the
    path and the length of one pass in seconds."""
    with av.open(str(video)) as src:
        vin = src.streams.video[0]
        fps = vin.average_rate
        frames = [f.to_ndarray(format="rgb24") for f in src.decode(vin)]
    one = len(frames) / float(fps)
    with av.open(str(out), "w") as dst:
        stream = dst.add_stream("libx264", rate=fps)
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt, stream.options = "yuv420p", {"crf": "18", "preset": "veryfast"}
        order = [frames if k % 2 == 0 else frames[::-1] for k in range(passes)]
        for i, image in enumerate(x for seq in order for x in seq):
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts = i
            dst.mux(stream.encode(frame))
        dst.mux(stream.encode(None))
    return out, one


def add_noise(audio: np.ndarray, speech: np.ndarray, snr_db: float, kind: str,
              seed: int = 0) -> np.ndarray:
    """``audio`` plus stationary noise (``white`` or ``pink``) at ``snr_db`` below the mean power
    of the ``speech`` samples (a bool mask)."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, 1.0, audio.size)
    if kind == "pink":  # 1/f power: scale the spectrum by 1/sqrt(f)
        spec = np.fft.rfft(noise)
        f = np.fft.rfftfreq(audio.size, 1 / RATE)
        spec[1:] /= np.sqrt(f[1:] / f[1])
        spec[0] = 0
        noise = np.fft.irfft(spec, audio.size)
    power = float(np.mean(audio[speech].astype(np.float64) ** 2))
    noise *= np.sqrt(power / 10 ** (snr_db / 10) / np.mean(noise ** 2))
    return np.clip(audio + noise, -1.0, 1.0).astype(np.float32)
