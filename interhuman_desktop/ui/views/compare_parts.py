"""The pieces of the Compare view: one take's video, player and lanes (Review's widgets), and
the two takes' feedback."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from interhuman_desktop.session.compare import Comparison, Take
from interhuman_desktop.ui.timefmt import fmt_time
from interhuman_desktop.ui.views.review_player import SOUND_ONLY, ReviewPlayer, sound_only_file
from interhuman_desktop.ui.widgets.lanes import SignalLanesWidget
from interhuman_desktop.ui.widgets.video_preview import VideoPreview


class TakePane:
    """Take ``name`` ("A" or "B"): ``video``, ``player``, and ``lanes_box`` (title + lanes)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.take: Take | None = None
        self.video = VideoPreview()
        self.video.setAccessibleName(f"Recording of take {name}")
        self.player = ReviewPlayer(self.video)
        self.player.frameReady.connect(self.video.set_image)
        self.player.pictureKnown.connect(self.video.show_picture_known)
        self.lanes = SignalLanesWidget()
        self.lanes.setAccessibleName(f"Signal timeline of take {name}")
        self.label = QLabel(f"<b>{name}</b>")
        self.label.setWordWrap(True)
        self.lanes_box = QWidget()
        col = QVBoxLayout(self.lanes_box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.label)
        col.addWidget(self.lanes, 1)

    @property
    def end(self) -> float:
        return 0.0 if self.take is None else max(self.take.duration, self.take.timeline.media_end)

    def load(self, take: Take, media: Path | None) -> None:
        self.take = take
        self.label.setText(f"<b>{self.name}: {take.title}</b> · {fmt_time(take.duration)}")
        self.lanes.set_timeline(take.timeline)
        self.video.set_image(None)
        self.video.placeholder = (
            f"{take.title}: {SOUND_ONLY.lower()}" if sound_only_file(media) else
            f"{take.title}: loading video…" if media is not None
            else f"{take.title}: the video was not kept (lanes only)")
        self.video.update()
        self.player.load(media)


class FeedbackPair(QWidget):
    """Feedback of A, then of B."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.lists: dict[str, QListWidget] = {}
        self.labels: dict[str, QLabel] = {}
        for name in ("A", "B"):
            self.labels[name] = QLabel(f"<b>Feedback {name}</b>")
            box = QListWidget()
            box.setAccessibleName(f"Feedback of take {name}")
            box.setWordWrap(True)
            col.addWidget(self.labels[name])
            col.addWidget(box, 1)
            self.lists[name] = box

    def show_feedback(self, comparison: Comparison) -> None:
        for name, take, items in (("A", comparison.a, comparison.feedback_a),
                                  ("B", comparison.b, comparison.feedback_b)):
            self.labels[name].setText(f"<b>Feedback {name}</b> · {take.title}")
            box = self.lists[name]
            box.clear()
            for t, text in items:
                box.addItem(f"{fmt_time(t)}  {text}")
            if not items:
                box.addItem("No feedback for this take.")
