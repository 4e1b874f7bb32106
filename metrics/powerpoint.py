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
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from metrics import countries, i18n, maps
from metrics.deck import Slide
from metrics.formatting import source_facts, value_label
from metrics.models import Source

FONT = "Arial"
LOCALES = {"ar": "ar-MA", "fr": "fr-FR", "en": "en-GB"}
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
PICTURE = (1600, 900)  # pixels, drawn at twice that for a projector


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


def source_text(source: Source, lang: str) -> str:
    date, confidence = source_facts(source, lang)
    return f"{source.title} — {source.publisher}, {date}. {confidence}"


def _native(slide: PptxSlide, made: Slide, lang: str) -> None:
    """A native chart: one series per country, the years as categories."""
    table = made.rows.pivot_table(index="year", columns="country", values="value", aggfunc="first")
    data = CategoryChartData()
    data.categories = [str(int(y)) for y in table.index]
    for code in table.columns:
        values = [None if pd.isna(v) else float(v) for v in table[code]]
        data.add_series(countries.name(str(code), lang), values)
    kind = XL_CHART_TYPE.LINE_MARKERS if made.drawn == "line" else XL_CHART_TYPE.COLUMN_CLUSTERED
    # python-pptx's annotations say a Chart comes back; it is the frame holding one.
    frame: Any = slide.shapes.add_chart(
        kind,
        MARGIN,
        Inches(1.5),
        Emu(WIDTH - 2 * MARGIN),
        Inches(4.6),
        data,  # type: ignore[arg-type]
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.font.name, chart.font.size = FONT, Pt(12)
    if i18n.direction(lang) == "rtl":
        chart.category_axis.reverse_order = True  # the years run right to left, as on screen
    if made.indicator.is_rank:
        chart.value_axis.reverse_order = True  # first place at the top


@contextmanager
def _pictures(browser: str | None) -> Iterator[bool]:
    """kaleido's browser, started once for the deck; False when there is no Chromium."""
    if browser is None:
        yield False
        return
    import kaleido  # only when a picture is drawn: it starts a browser

    pio.defaults.topojson = maps.BASE_MAP.parent.as_uri() + "/"  # the map from disk
    kaleido.start_sync_server(mathjax=False, path=browser, silence_warnings=True)
    try:
        yield True
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def _picture(slide: PptxSlide, figure: go.Figure) -> None:
    width, height = PICTURE
    with warnings.catch_warnings():  # "kopts ... ignored": the options went to the server
        warnings.simplefilter("ignore", UserWarning)
        png = (
            go.Figure(figure)
            .update_layout(template="plotly_white")
            .to_image(format="png", width=width, height=height, scale=2)
        )
    slide.shapes.add_picture(
        io.BytesIO(png), MARGIN, Inches(1.5), Emu(WIDTH - 2 * MARGIN), Inches(4.6)
    )


def _notes(made: Slide, lang: str) -> list[str]:
    """The numbers behind the chart, as the source states them, and where they come from."""
    lines = [made.title]
    for _, row in made.rows.sort_values(["country", "year"]).iterrows():
        label = value_label(row, made.indicator, lang)
        lines.append(f"{countries.name(str(row['country']), lang)} {int(row['year'])}: {label}")
    lines += [i18n.t("report.sources", lang), *(source_text(s, lang) for s in made.sources)]
    return lines


def deck_pptx(
    slides: Sequence[Slide],
    lang: str,
    title: str,
    subtitle: Sequence[str],
    browser: str | None,
) -> tuple[bytes, int]:
    """The deck's bytes, and how many pictures could not be drawn (no Chromium)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    cover = deck.slides.add_slide(deck.slide_layouts[6])
    _text(cover, [title], lang, 2.4, 1.4, 40, bold=True)
    _text(cover, list(subtitle), lang, 4.0, 1.6, 20)
    missing = 0
    with _pictures(browser) as drawing:
        for made in slides:
            page = deck.slides.add_slide(deck.slide_layouts[6])
            _text(page, [made.title], lang, 0.3, 0.8, 28, bold=True)
            if made.sentence:
                _text(page, [made.sentence], lang, 1.0, 0.5, 14)
            if made.drawn != "picture":
                _native(page, made, lang)
            elif drawing:
                _picture(page, made.figure)
            else:
                missing += 1
                _text(page, [i18n.t("deck.no_picture", lang)], lang, 3.4, 0.8, 16)
            unit = i18n.t("explore.unit_line", lang, unit=i18n.name(made.indicator.unit, lang))
            sources = [source_text(s, lang) for s in made.sources]
            _text(page, [unit.replace("**", ""), *sources], lang, 6.2, 1.1, 10)
            _say(page.notes_slide.notes_text_frame, _notes(made, lang), lang, 12)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue(), missing


def cover_lines(speaker: str, event: str, when: dt.date, lang: str) -> list[str]:
    return [line for line in (speaker, event, i18n.date(when, lang)) if line]
