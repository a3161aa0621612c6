"""The PDF coaching report (fpdf2, no Qt): header, CQI, lanes, top moments, feedback, notes.

Page 1 holds the header, the quality index with its five dimensions, the lanes chart and the
feedback toward the chosen goals; the top moments (each with a frame from the recording and
its rationale), the notes and the markers follow. Every page carries the honest footer.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from interhuman_desktop.export.entry_data import EntryData
from interhuman_desktop.export.moments import frames_for, middle, top_moments
from interhuman_desktop.export.pdf_sections import FONT, INK, MUTED, ReportPDF, cqi_block
from interhuman_desktop.export.report_chart import lanes_png
from interhuman_desktop.export.report_text import (
    backend_label,
    clock,
    footer_text,
    goals_of,
    length,
    when,
)
from interhuman_desktop.session.timeline import SignalInterval

log = logging.getLogger(__name__)

THUMB_W = 46.0


def _header(pdf: ReportPDF, data: EntryData) -> None:
    e = data.entry
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 9, e.title, new_x="LMARGIN", new_y="NEXT")
    kind = "Live session" if e.kind == "live" else "Recorded file"
    pdf.muted(f"{kind} · {when(e.created_at)} · {length(data.duration)} · analysed by the "
              f"{backend_label(data)}", 9.5)
    pdf.ln(2)


def _lanes(pdf: ReportPDF, data: EntryData) -> None:
    pdf.heading("Timeline")
    if not data.timeline.signals and not data.timeline.quality_periods:
        pdf.muted("The analysis reported no signal and no quality period.")
        return
    png = lanes_png(data.timeline, data.duration)
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw)
    pdf.muted("Bars: signals, in the app's colours (darker = higher probability); engagement "
              "row: engagement / disengagement signals on top, the state below (green engaged, "
              "light blue neutral, red-orange disengaged); line: the "
              "quality index over time (grey stretch: no evidence); dashed: your markers.", 7.5)


def _moment(pdf: ReportPDF, signal: SignalInterval, thumb: bytes | None, end: float) -> None:
    height = THUMB_W * 9 / 16
    if pdf.get_y() + height + 4 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top, x = pdf.get_y(), pdf.l_margin
    pdf.set_fill_color(236, 236, 240)
    pdf.rect(x, top, THUMB_W, height, style="F")
    if thumb is not None:
        pdf.image(io.BytesIO(thumb), x=x, y=top, w=THUMB_W, h=height, keep_aspect_ratio=True)
    pdf.set_xy(x + THUMB_W + 5, top)
    right = pdf.epw - THUMB_W - 5
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*INK)
    name = signal.signal_type.replace("_", " ").capitalize()
    pdf.multi_cell(right, 5, f"{name} · {signal.probability or 'medium'}",
                   new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(right, 4, f"{clock(signal.start)} – {clock(signal.end_or(end))}",
                   new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*INK)
    pdf.multi_cell(right, 4.4, signal.rationale or "(no rationale given)",
                   new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_xy(pdf.l_margin, max(pdf.get_y(), top + height) + 4)


def _moments(pdf: ReportPDF, data: EntryData, count: int) -> None:
    moments = top_moments(data.timeline, count)
    pdf.heading("Top moments")
    if not moments:
        pdf.muted("No signal was detected.")
        return
    end = data.timeline.media_end
    frames = frames_for(data.media, data.entry.folder, [middle(s, end) for s in moments])
    if data.media is None:
        pdf.muted("The video was not kept, so the moments show no picture."
                  if not any(frames) else "The video was not kept; the pictures were saved "
                  "from it when it was deleted.")
    for signal, thumb in zip(moments, frames, strict=True):
        _moment(pdf, signal, thumb, end)


def _feedback(pdf: ReportPDF, data: EntryData) -> None:
    pdf.heading("Feedback toward your goals")
    goals = goals_of(data)
    pdf.muted("Goals: " + (", ".join(g.capitalize() for g in goals) if goals
                           else "none chosen (general feedback)"))
    pdf.ln(1)
    texts = list(dict.fromkeys(text for _, text in data.timeline.feedback if text))
    for text in texts or ["The analysis gave no feedback."]:
        pdf.body(text)
        pdf.ln(1.5)


def _notes_and_markers(pdf: ReportPDF, data: EntryData) -> None:
    pdf.heading("Notes and markers")
    pdf.body(data.entry.notes or "No notes.")
    pdf.ln(1.5)
    for marker in data.timeline.markers:
        pdf.body(f"{clock(marker.t)}   {marker.note or 'marker'}", 9)
    if not data.timeline.markers:
        pdf.muted("No markers.")


def build_pdf(data: EntryData, *, moments: int = 5) -> bytes:
    pdf = ReportPDF(footer_text(data), data.entry.title)
    pdf.add_page()
    _header(pdf, data)
    pdf.heading("Conversation quality")
    cqi_block(pdf, data.timeline.quality_overall, data.timeline.quality_basis)
    _lanes(pdf, data)
    _feedback(pdf, data)
    pdf.add_page()
    _moments(pdf, data, moments)
    _notes_and_markers(pdf, data)
    return bytes(pdf.output())


def write_pdf(data: EntryData, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_pdf(data))
    return out
