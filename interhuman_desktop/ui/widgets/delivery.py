"""DeliveryPanel: talk time, speaking rate, pitch variety and pauses of the open recording.

The figures are measured on this computer (``interhuman_desktop.delivery``) on a worker
thread; the panel only shows them. ``DeliveryProbe`` runs one measurement and reports back on
the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from interhuman_desktop.delivery.audio import NoAudioError
from interhuman_desktop.delivery.cache import metrics_for
from interhuman_desktop.delivery.metrics import DeliveryMetrics

log = logging.getLogger(__name__)
BASIS = ("Measured on this computer from the recording's sound: talk time leaves out a steady "
         "tone (its pitch does not move, a voice's does), syllable nuclei (intensity "
         "peaks that are voiced), silences of 0.3 s or more as pauses, pitch spread in "
         "semitones. Syllable counts run about 13 % low on read speech (docs/delivery.md).")


def describe(m: DeliveryMetrics) -> list[str]:
    """The panel's lines, in words a coach reads aloud."""
    share = ""
    if m.duration:
        share = f" ({100 * m.talk_seconds / m.duration:.0f} % of {m.duration:.0f} s)"
    lines = [f"Talk time: {m.talk_seconds:.0f} s{share}"]
    if m.speaking_rate is None:
        lines.append("Speaking rate: not enough speech to say")
    else:
        lines.append(f"Speaking rate: {m.speaking_rate:.0f} syllables/min "
                     f"({m.articulation_rate:.0f} without pauses)")
    lines.append("Pitch variety: " + ("not enough voiced speech" if m.pitch_variety is None
                                      else f"{m.pitch_variety:.1f} semitones"))
    if m.pauses:
        lines.append(f"Pauses: {m.pauses} (longest {m.longest_pause:.1f} s long)")
    else:
        lines.append("Pauses: none of 0.3 s or more")
    return lines


class DeliveryProbe(QObject):
    """Measures one file on a thread; ``finished(path, metrics or error text)``."""

    finished = Signal(object, object)

    def start(self, media: Path) -> None:
        threading.Thread(target=self._run, args=(media,), name="delivery", daemon=True).start()

    def _run(self, media: Path) -> None:
        try:
            result: DeliveryMetrics | str = metrics_for(media)
        except NoAudioError:
            result = "This recording has no sound: no delivery metrics."
        except Exception:  # a file it cannot read must not take the view down
            log.exception("measuring the delivery of %s failed", media)
            result = "Could not measure the delivery of this recording (see the log)."
        self.finished.emit(media, result)


class DeliveryPanel(QFrame):
    """Shows ``DeliveryMetrics`` for the recording open in Review."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._media: Path | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Delivery")
        self.setToolTip(BASIS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(QLabel("<b>Delivery</b> <small>(measured on this computer)</small>"))
        self.body = QLabel("")
        self.body.setWordWrap(True)
        layout.addWidget(self.body)
        self._probe = DeliveryProbe(self)
        self._probe.finished.connect(self._on_finished)
        self.show_for(None)

    @property
    def text(self) -> str:
        return self.body.text()

    def show_for(self, media: Path | None) -> None:
        """Measure ``media`` (None: there is no recording to measure)."""
        self._media = media
        if media is None:
            self._set("No recording: no delivery metrics.")
            return
        self._set("Measuring talk time, speaking rate and pauses…")
        self._probe.start(media)

    def _on_finished(self, media: Path, result: DeliveryMetrics | str) -> None:
        if media != self._media:
            return  # an older recording's answer
        self._set(result if isinstance(result, str) else "\n".join(describe(result)))

    def _set(self, text: str) -> None:
        self.body.setText(text)
        self.setAccessibleDescription(text)
