"""Drawing blocks of the PDF report with fpdf2: the page frame, the CQI gauge, text sections."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fpdf import FPDF

from interhuman_desktop.core.palette import BAND_COLOURS, OKABE_ITO, hex_rgb, tint
from interhuman_desktop.core.quality import (
    BANDS,
    DIMENSIONS,
    band_name,
    has_evidence,
    is_no_evidence,
    quality_index,
)

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
INK, MUTED, RULE = (25, 25, 35), (105, 105, 115), (210, 210, 218)
ACCENT = hex_rgb(OKABE_ITO["blue"])
# weak … excellent: light shades of the app's band colours (the gauge's, core.palette)
BAND_SHADES = tuple(tint(colour, 0.35) for _upper, _name, colour in BAND_COLOURS)


class ReportPDF(FPDF):
    """A4 portrait, DejaVu Sans (Unicode), the honest footer and page numbers on every page."""

    def __init__(self, footer_text: str, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=26)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_title(title)
        self.set_creator("Interhuman Desktop")
        self.set_author("")

    def footer(self) -> None:
        self.set_y(-22)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.set_font(FONT, "I", 7)
        self.set_text_color(*MUTED)
        self.multi_cell(self.epw - 14, 3.4, self.footer_text, align="L")
        self.set_xy(self.w - self.r_margin - 12, -20.5)
        self.cell(12, 3.4, f"{self.page_no()}/{{nb}}", align="R")

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 50:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 12.5)
        self.set_text_color(*INK)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.5)
        self.line(self.l_margin, self.get_y(), self.l_margin + 18, self.get_y())
        self.set_line_width(0.2)
        self.ln(2.5)

    def body(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def muted(self, text: str, size: float = 8.5) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*MUTED)
        self.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT", align="L")


def _band_strip(pdf: ReportPDF, x: float, y: float, w: float, h: float) -> None:
    lower = 0.0
    for (upper, _), shade in zip((*BANDS, (100.0, "excellent")), BAND_SHADES, strict=True):
        pdf.set_fill_color(*shade)
        pdf.rect(x + w * lower / 100, y, w * (upper - lower) / 100, h, style="F")
        lower = upper


def gauge_row(pdf: ReportPDF, label: str, value: float | None, *, big: bool = False) -> None:
    """One labelled bar on the 0–100 band strip, with the value and its band."""
    x, y = pdf.l_margin, pdf.get_y()
    h = 6.0 if big else 4.2
    label_w, bar_w = 34.0, 104.0
    pdf.set_font(FONT, "B" if big else "", 10.5 if big else 9)
    pdf.set_text_color(*INK)
    pdf.set_xy(x, y)
    pdf.cell(label_w, h, label)
    _band_strip(pdf, x + label_w, y, bar_w, h)
    if value is not None:
        pdf.set_fill_color(*ACCENT)
        pdf.rect(x + label_w, y + h * 0.3, bar_w * max(0.0, min(value, 100.0)) / 100, h * 0.4,
                 style="F")
        pdf.rect(x + label_w + bar_w * max(0.0, min(value, 100.0)) / 100 - 0.5, y - 0.6, 1.0,
                 h + 1.2, style="F")
    pdf.set_xy(x + label_w + bar_w + 4, y)
    text = "no evidence" if value is None else f"{value:.0f}  {band_name(value)}"
    pdf.cell(0, h, text)
    pdf.set_xy(x, y + h + (3.2 if big else 2.2))


def cqi_block(pdf: ReportPDF, overall: dict[str, float] | None,
              basis: dict[str, list[str]] | None = None) -> None:
    """The index with its five dimensions and their bands; "no evidence" for all of them when
    all are 50, and for a dimension the basis says no cue bore on (as the app's gauge)."""
    if not overall:
        pdf.muted("No conversation-quality index was measured for this recording.")
        return
    index = quality_index(overall)  # the explicit index, else the mean (as the app)
    gauge_row(pdf, "Quality index", None if is_no_evidence(overall) else index, big=True)
    for dim in DIMENSIONS:
        value = overall.get(dim) if has_evidence(overall, basis, dim) else None
        gauge_row(pdf, dim.capitalize(), None if value is None else float(value))
    legend = "Bands: 0–30 weak · 30–50 below average · 50–65 moderate · 65–80 good · " \
             "80–100 excellent."
    pdf.muted(legend, 7.5)
