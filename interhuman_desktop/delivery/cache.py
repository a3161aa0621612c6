"""Delivery metrics cached per recording, so Review does not measure the same file twice.

The cache holds numbers only (no audio), keyed by the file's path, size and modification time:
a changed file is measured again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from interhuman_desktop.config.paths import data_dir
from interhuman_desktop.delivery.metrics import DeliveryMetrics, measure_file

log = logging.getLogger(__name__)
VERSION = 2  # bump when the method changes: older figures are measured again (2: speech)


def cache_folder() -> Path:
    path = data_dir() / "cache" / "delivery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _key(media: Path) -> str:
    stat = media.stat()
    text = f"{VERSION}|{media.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def metrics_for(media: Path, folder: Path | None = None) -> DeliveryMetrics:
    """The cached metrics of ``media``, measured now when missing (may raise NoAudioError)."""
    path = (folder or cache_folder()) / f"{_key(media)}.json"
    try:
        return DeliveryMetrics.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        pass
    metrics = measure_file(media)
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(metrics.to_dict()))
        tmp.replace(path)
    except OSError:
        log.warning("could not cache the delivery metrics in %s", path.parent)
    return metrics
