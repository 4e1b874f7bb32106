"""A deck as a PowerPoint file (16:9) in the audience's language.

Line and bar charts are native PowerPoint charts holding their data, so a presenter can
restyle them in PowerPoint; a map or a target (projection, milestones) is a sharp picture drawn
by kaleido with the system's Chromium, offline (the Africa map is read from disk). Each chart
slide carries its title, unit, sources and, for a target, its status; the speaker notes hold
the numbers behind the chart. Arabic slides run right to left, in Arial (on every Windows and
macOS Office, with Arabic glyphs), and their charts' year axis is mirrored as on screen.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
import segno
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from metrics import i18n, picture
from metrics.formatting import source_text
from metrics.slides import Slide

FONT = "Arial"
LOCALES = {"ar": "ar-MA", "fr": "fr-FR", "en": "en-GB"}
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
# Pixels, drawn at twice that: the chart's 14-pixel text reads from the back of a room.
PICTURE = (1200, 675)
LONG_TITLE = 50  # characters; a longer title takes a smaller size to stay on one line
QR_SCALE, QR_BORDER = 10, 4  # pixels per module; the quiet zone readers need, in modules


def _say(frame: TextFrame, lines: Sequence[str], lang: str, size: int, bold: bool = False) -> None:
    """Paragraphs in the language's direction and font (python-pptx has no right-to-left
    setting: the attributes are written into the paragraph's XML)."""
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        properties = run._r.get_or_add_rPr()
        properties.set("lang", LOCALES[lang])
        # Arabic letters take the complex-script font, which `font.name` does not set.
        etree.SubElement(properties, qn("a:cs")).set("typeface", FONT)
        if i18n.direction(lang) == "rtl":
            paragraph._p.get_or_add_pPr().set("rtl", "1")
            paragraph.alignment = PP_ALIGN.RIGHT


def _text(
    slide: PptxSlide,
    lines: Sequence[str],
    lang: str,
    top: float,
    height: float,
    size: int,
    bold: bool = False,
) -> None:
    box = slide.shapes.add_textbox(MARGIN, Inches(top), Emu(WIDTH - 2 * MARGIN), Inches(height))
    _say(box.text_frame, lines, lang, size, bold)


NATIVE = {
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "shares": XL_CHART_TYPE.BAR_STACKED_100,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
}


def _area(made: Slide) -> tuple[Emu, Emu]:
    """Where the chart goes (top, height): lower under a target's status sentence."""
    top = Emu(Inches(1.7 if made.sentence else 1.5))
    return top, Emu(Inches(6.1) - top)


def _native(slide: PptxSlide, made: Slide, lang: str) -> None:
    """A native chart holding the slide's table: its index as categories, a series per column."""
    assert made.table is not None
    data = CategoryChartData()
    data.categories = list(made.table.index)
    for name in made.table.columns:
        values = [None if pd.isna(v) else float(v) for v in made.table[name]]
        data.add_series(str(name), values)
    kind = NATIVE[made.drawn]
    top, height = _area(made)
    # python-pptx's annotations say a Chart comes back; it is the frame holding one.
    frame: Any = slide.shapes.add_chart(
        kind,
        MARGIN,
        top,
        Emu(WIDTH - 2 * MARGIN),
        height,
        data,  # type: ignore[arg-type]
    )
    chart = frame.chart
    # One series: PowerPoint would title the chart with its name, which the slide's title says.
    chart.has_title = False
    chart.has_legend = len(made.table.columns) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.font.name, chart.font.size = FONT, Pt(12)
    if made.drawn in ("shares", "stacked"):  # parts of a whole: each part's share written on it
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = '0"%"', False
    rtl = i18n.direction(lang) == "rtl"
    if made.drawn == "shares":
        chart.value_axis.reverse_order = rtl  # the bar fills from the reading side
        chart.value_axis.visible = False
        # The one category is the whole's scope (place, year): a title, not an axis label.
        chart.category_axis.visible = False
        chart.has_title = True
        _say(chart.chart_title.text_frame, [str(made.table.index[0])], lang, 14)
    elif rtl:
        chart.category_axis.reverse_order = True  # the years run right to left, as on screen
    if made.reversed_values:
        chart.value_axis.reverse_order = True  # first place at the top


def _picture(slide: PptxSlide, made: Slide) -> None:
    png = picture.render(made.figure, "png", *PICTURE)
    top, height = _area(made)
    slide.shapes.add_picture(io.BytesIO(png), MARGIN, top, Emu(WIDTH - 2 * MARGIN), height)


def qr_png(link: str) -> bytes:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return out.getvalue()


def _qr(slide: PptxSlide, link: str, lang: str) -> None:
    """The live deck's QR code in the corner the eye reaches last, with a line saying what it
    opens (the link is too long to read out)."""
    side, wide = Inches(1.6), Inches(2.6)
    left = MARGIN if i18n.direction(lang) == "rtl" else Emu(WIDTH - MARGIN - wide)
    box = slide.shapes.add_textbox(left, Inches(4.7), wide, Inches(0.5))
    _say(box.text_frame, [i18n.t("deck.qr", lang)], lang, 11)
    qr = Emu(left + (wide - side) // 2)
    slide.shapes.add_picture(io.BytesIO(qr_png(link)), qr, Inches(5.25), side, side)
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER


def _notes(made: Slide, lang: str) -> list[str]:
    """The numbers behind the chart, as the source states them, and where they come from."""
    sources = [source_text(s, lang) for s in made.sources]
    return [made.title, *made.numbers, i18n.t("report.sources", lang), *sources]


def deck_pptx(
    slides: Sequence[Slide],
    lang: str,
    title: str,
    subtitle: Sequence[str],
    browser: str | None,
    link: str | None = None,
) -> tuple[bytes, int]:
    """The deck's bytes, and how many pictures could not be drawn (no Chromium). With a link
    to the live deck, the title slide carries its QR code."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    cover = deck.slides.add_slide(deck.slide_layouts[6])
    _text(cover, [title], lang, 2.4, 1.4, 40, bold=True)
    _text(cover, list(subtitle), lang, 4.0, 1.6, 20)
    if link:
        _qr(cover, link, lang)
    missing = 0
    with picture.drawing(browser) as drawing:
        for made in slides:
            page = deck.slides.add_slide(deck.slide_layouts[6])
            size = 28 if len(made.title) <= LONG_TITLE else 22
            _text(page, [made.title], lang, 0.3, 0.8, size, bold=True)
            if made.sentence:
                _text(page, [made.sentence], lang, 1.0, 0.5, 14)
            if made.table is not None and made.drawn != "picture":
                _native(page, made, lang)
            elif drawing:
                _picture(page, made)
            else:
                missing += 1
                _text(page, [i18n.t("deck.no_picture", lang)], lang, 3.4, 0.8, 16)
            unit = i18n.t("explore.unit_line", lang, unit=made.unit)
            sources = [source_text(s, lang) for s in made.sources]
            _text(page, [unit.replace("**", ""), *sources], lang, 6.2, 1.1, 10)
            _say(page.notes_slide.notes_text_frame, _notes(made, lang), lang, 12)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue(), missing


def cover_lines(speaker: str, event: str, when: dt.date, lang: str) -> list[str]:
    # A name typed in Latin letters keeps its full stop at its end in an Arabic slide.
    typed = [i18n.isolate(line, lang) for line in (speaker, event) if line]
    return [*typed, i18n.date(when, lang)]
