"""The PowerPoint deck, opened with python-pptx: a title slide and one slide per chart; native
charts holding the catalogue's values; a picture for a map and a target; each slide's
sources; speaker notes with the numbers; right-to-left paragraphs in Arabic."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from metrics import countries, i18n
from metrics.catalog import Catalog
from metrics.deck import ChartSpec, slide
from metrics.formatting import value_label
from metrics.powerpoint import cover_lines, deck_pptx
from metrics.report import chromium

ROOT = Path(__file__).resolve().parent.parent
CHARTS = [
    "series:internet_users:MAR,TUN:2010-2023:line",
    "series:egdi_rank:MAR,TUN,MLI,CIV:2014-2024:bar",
    "map:internet_users",
    "target:dm2030_direct_jobs",
]


def build(catalog: Catalog, lang: str, browser: str | None) -> tuple[Presentation, int, list]:
    slides = [slide(ChartSpec.parse(c), catalog, lang) for c in CHARTS]
    cover = cover_lines("Amina", "AUSIM", dt.date(2026, 12, 1), lang)
    data, missing = deck_pptx(slides, lang, "Athar", cover, browser)
    return Presentation(io.BytesIO(data)), missing, slides


def texts(page: object) -> str:
    return "\n".join(s.text_frame.text for s in page.shapes if s.has_text_frame)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_deck_holds_native_charts_pictures_sources_and_notes(
    catalog: Catalog, lang: str
) -> None:
    browser = chromium()
    assert browser is not None  # Chromium is installed by .ci/run: pictures are drawn here
    deck, missing, made = build(catalog, lang, browser)
    assert missing == 0 and len(deck.slides) == 1 + len(CHARTS)
    assert "Amina" in texts(deck.slides[0]) and "AUSIM" in texts(deck.slides[0])

    for page, chart in zip(list(deck.slides)[1:], made, strict=True):
        shapes = list(page.shapes)
        assert chart.title in texts(page)
        for source in chart.sources:
            assert source.title in texts(page)
        notes = page.notes_slide.notes_text_frame.text
        for _, row in chart.rows.iterrows():  # every number behind the chart
            assert f"{int(row['year'])}: {value_label(row, chart.indicator, lang)}" in notes
        if chart.drawn == "picture":
            assert [s.shape_type for s in shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1
            continue
        (frame,) = [s for s in shapes if s.has_chart]
        native = frame.chart
        expected = (
            XL_CHART_TYPE.LINE_MARKERS if chart.drawn == "line" else XL_CHART_TYPE.COLUMN_CLUSTERED
        )
        assert native.chart_type == expected
        table = chart.rows.pivot_table(index="year", columns="country", values="value")
        assert list(native.plots[0].categories) == [str(y) for y in table.index]
        held = {s.name: list(s.values) for s in native.series}
        assert held == {
            countries.name(c, lang): [None if pd.isna(v) else v for v in table[c]]
            for c in table.columns
        }
        assert native.category_axis.reverse_order is (lang == "ar")  # mirrored as on screen

    rtl = [
        p._p.pPr is not None and p._p.pPr.get("rtl") == "1"
        for page in deck.slides
        for shape in page.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
    ]
    assert all(rtl) if lang == "ar" else not any(rtl)


def test_without_chromium_the_deck_is_made_and_says_which_charts_lack_a_picture(
    catalog: Catalog,
) -> None:
    deck, missing, _ = build(catalog, "en", None)
    assert missing == 2 and len(deck.slides) == 1 + len(CHARTS)
    assert i18n.t("deck.no_picture", "en") in texts(deck.slides[3])
    assert any(s.has_chart for s in deck.slides[1].shapes)


def test_the_cli_writes_the_deck(tmp_path: Path) -> None:
    env = {**os.environ, "METRICS_DB_PATH": str(tmp_path / "athar.db")}
    env.pop("METRICS_DB_URL", None)
    out = tmp_path / "talk.pptx"
    command = [sys.executable, "-m", "metrics", "deck", "--lang", "fr", "--out", str(out)]
    command += ["--chart", "series:internet_users", "--speaker", "Amina"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    assert len(Presentation(str(out)).slides) == 2
