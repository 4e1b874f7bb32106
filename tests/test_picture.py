"""Each chart alone as a picture: a PNG twice its size for a projector and an SVG, both with the
chart's title and every source inside the image, from the page's menu or the command line."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import i18n, picture
from metrics.catalog import Catalog
from metrics.deck import ChartSpec, slide
from metrics.picture import NoChromium, chart_image
from metrics.report import chromium

ROOT = Path(__file__).resolve().parent.parent
BIDI = re.compile("[\u2066-\u2069\u200e\u200f]")


def svg_text(svg: bytes) -> str:
    """The words an SVG shows, wrapped lines joined, without bidi marks."""
    shown = " ".join(re.findall(r">([^<>]+)<", svg.decode("utf-8")))
    return " ".join(BIDI.sub("", shown).split())


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.parametrize(
    ("token", "lang"),
    [("series:internet_users:MAR,TUN:2010-2023:line", "ar"), ("story:phases", "fr")],
)
def test_a_chart_alone_carries_its_title_and_sources(
    catalog: Catalog, token: str, lang: str
) -> None:
    browser = chromium()
    assert browser is not None  # installed by .ci/run
    made = slide(ChartSpec.parse(token), catalog, lang)
    svg = chart_image(made, lang, "svg", browser)
    shown = svg_text(svg)
    assert BIDI.sub("", made.title) in shown
    assert i18n.t("report.sources", lang) in shown
    for source in made.sources:
        assert " ".join(source.title.split()) in shown and source.publisher in shown

    width, height = png_size(chart_image(made, lang, "png", browser))
    assert width == 2 * picture.SIZE[0]  # twice the size, for a projector
    assert height > 2 * (made.figure.layout.height or picture.SIZE[1])  # the sources' room


def test_without_chromium_a_picture_is_refused_in_words(catalog: Catalog) -> None:
    made = slide(ChartSpec.parse("story:participants"), catalog, "en")
    with pytest.raises(NoChromium) as refused:
        chart_image(made, "en", "png", None)
    for lang in i18n.LANGUAGES:
        assert "Chromium" in i18n.explain(refused.value, lang)


def test_the_cli_writes_a_picture_and_refuses_other_suffixes(tmp_path: Path) -> None:
    env = {**os.environ, "METRICS_DB_PATH": str(tmp_path / "athar.db")}
    env.pop("METRICS_DB_URL", None)
    command = [sys.executable, "-m", "metrics", "picture", "--chart", "story:participants"]
    out = tmp_path / "participants.png"
    done = subprocess.run(
        [*command, "--lang", "ar", "--out", str(out)], cwd=ROOT, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    assert png_size(out.read_bytes())[0] == 2 * picture.SIZE[0]
    refused = subprocess.run(
        [*command, "--out", str(tmp_path / "participants.gif")],
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    assert refused.returncode == 2 and b"participants.gif" in refused.stderr
    assert not (tmp_path / "participants.gif").exists()
