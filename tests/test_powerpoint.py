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
from urllib.parse import urlencode

import pandas as pd
import pytest
import segno
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from metrics import countries, i18n
from metrics.catalog import Catalog
from metrics.deck import ChartSpec, slide
from metrics.formatting import value_label
from metrics.powerpoint import QR_BORDER, QR_SCALE, cover_lines, deck_pptx
from metrics.report import chromium

ROOT = Path(__file__).resolve().parent.parent
CHARTS = [
    "series:internet_users:MAR,TUN:2010-2023:line",
    "series:egdi_rank:MAR,TUN,MLI,CIV:2014-2024:bar",
    "map:internet_users",
    "target:dm2030_osi_rank:growth",
    "story:participants",
    "story:phases",
    "scenario:78:3-6",
    "story:ict_share",
]
NATIVE = {
    "series:internet_users:MAR,TUN:2010-2023:line": XL_CHART_TYPE.LINE_MARKERS,
    "series:egdi_rank:MAR,TUN,MLI,CIV:2014-2024:bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "story:participants": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "story:phases": XL_CHART_TYPE.BAR_STACKED_100,
    "scenario:78:3-6": XL_CHART_TYPE.COLUMN_STACKED,
}


def build(catalog: Catalog, lang: str, browser: str | None) -> tuple[Presentation, int, list]:
    slides = [slide(ChartSpec.parse(c), catalog, lang) for c in CHARTS]
    cover = cover_lines("Amina", "AUSIM", dt.date(2026, 12, 1), lang)
    data, missing = deck_pptx(slides, lang, "Athar", cover, browser)
    return Presentation(io.BytesIO(data)), missing, slides


def texts(page: object) -> str:
    return "\n".join(s.text_frame.text for s in page.shapes if s.has_text_frame)  # type: ignore[attr-defined]


def series_rows(catalog: Catalog, token: str) -> pd.DataFrame:
    """What a series token charts, read from the catalogue without metrics.deck."""
    _, indicator, codes, years, _ = token.split(":")
    first, last = (int(y) for y in years.split("-"))
    rows = catalog.series(indicator, codes.split(","))
    return rows[rows["year"].between(first, last)]


def rounded(series: dict[str, list]) -> dict[str, list]:
    return {k: [None if v is None else round(v, 9) for v in vs] for k, vs in series.items()}


def expected(catalog: Catalog, token: str, lang: str) -> tuple[list[str], dict[str, list]]:
    """The categories and series a native chart must hold, straight from the catalogue."""
    if token.startswith("series:"):
        table = series_rows(catalog, token).pivot_table(
            index="year", columns="country", values="value"
        )
        held = {
            countries.name(c, lang): [None if pd.isna(v) else v for v in table[c]]
            for c in table.columns
        }
        return [str(y) for y in table.index], held
    if token == "story:participants":
        counts = catalog.series("ausim_participants", ["MAR"]).set_index("year")["value"]
        years = [e.year for e in catalog.editions]
        name = i18n.name(catalog.indicators["ausim_participants"].name, lang)
        return [str(y) for y in years], {name: [counts.get(y) for y in years]}
    if token == "story:phases":
        share = catalog.latest("footprint_manufacturing_share", "FRA")["value"]
        return [], {
            i18n.t("footprint.phase.manufacturing", lang): [share],
            i18n.t("footprint.phase.rest", lang): [100 - share],
        }
    assert token == "scenario:78:3-6"  # 78% made, kept 3 then 6 years: half the making
    return [], {
        i18n.t("footprint.scenario.manufacturing", lang): [78, 39],
        i18n.t("footprint.scenario.use", lang): [22, 22],
    }


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_deck_holds_native_charts_pictures_sources_and_notes(
    catalog: Catalog, lang: str
) -> None:
    browser = chromium()
    assert browser is not None  # Chromium is installed by .ci/run: pictures are drawn here
    deck, missing, made = build(catalog, lang, browser)
    assert missing == 0 and len(deck.slides) == 1 + len(CHARTS)
    assert "Amina" in texts(deck.slides[0]) and "AUSIM" in texts(deck.slides[0])

    for page, token, chart in zip(list(deck.slides)[1:], CHARTS, made, strict=True):
        shapes = list(page.shapes)
        assert chart.title in texts(page)
        for source in chart.sources:
            assert source.title in texts(page)
        notes = page.notes_slide.notes_text_frame.text
        if token.startswith("series:"):  # every number behind the chart, as the source says it
            indicator = catalog.indicators[token.split(":")[1]]
            for _, row in series_rows(catalog, token).iterrows():
                assert f"{int(row['year'])}: {value_label(row, indicator, lang)}" in notes
        if token.startswith("target:"):
            jobs = catalog.series("osi_rank", ["MAR"])
            assert not jobs.empty
            for _, row in jobs.iterrows():
                label = value_label(row, catalog.indicators["osi_rank"], lang)
                assert f"{int(row['year'])}: {label}" in notes
            assert chart.sentence and chart.sentence in texts(page)
        if token == "scenario:78:3-6":
            assert i18n.percent(39, 0, lang) in notes and i18n.percent(61, 0, lang) in notes
        if token not in NATIVE:
            assert [s.shape_type for s in shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1
            continue
        (frame,) = [s for s in shapes if s.has_chart]
        native = frame.chart
        assert native.chart_type == NATIVE[token]
        categories, held = expected(catalog, token, lang)
        if categories:
            assert list(native.plots[0].categories) == categories
        assert rounded({s.name: list(s.values) for s in native.series}) == rounded(held)
        if NATIVE[token] != XL_CHART_TYPE.BAR_STACKED_100:  # mirrored as on screen
            assert native.category_axis.reverse_order is (lang == "ar")

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
    assert missing == len(CHARTS) - len(NATIVE) and len(deck.slides) == 1 + len(CHARTS)
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


def test_a_served_deck_carries_a_qr_code_to_itself_on_its_title_slide(tmp_path: Path) -> None:
    env = {**os.environ, "METRICS_DB_PATH": str(tmp_path / "athar.db")}
    env.pop("METRICS_DB_URL", None)
    out = tmp_path / "talk.pptx"
    command = [sys.executable, "-m", "metrics", "deck", "--lang", "ar", "--out", str(out)]
    command += ["--chart", "series:internet_users", "--chart", "story:phases", "--event", "AUSIM"]
    for served in (None, "https://athar.example.ma/"):
        if served:
            env["ATHAR_PUBLIC_URL"] = served
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=180)
        assert done.returncode == 0, done.stderr.decode()
        cover = Presentation(str(out)).slides[0]
        pictures = [s for s in cover.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if not served:
            assert pictures == []
            continue
        assert i18n.t("deck.qr", "ar") in texts(cover)
        (qr,) = pictures
        # The Deck page's own address for these charts, in Arabic: what a phone opens.
        query = urlencode(
            {"deck": "series:internet_users:::line|story:phases", "titles": "|"}
            | {"event": "AUSIM", "lang": "ar"}
        )
        expected = segno.make(f"https://athar.example.ma/deck?{query}", error="m").matrix
        image = Image.open(io.BytesIO(qr.image.blob)).convert("L")
        scale, border = QR_SCALE, QR_BORDER
        drawn = [
            [
                image.getpixel(((c + border) * scale + 5, (r + border) * scale + 5)) < 128
                for c in row
            ]
            for r, row in enumerate([range(len(expected))] * len(expected))
        ]
        assert drawn == [[bool(m) for m in row] for row in expected]
