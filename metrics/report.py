"""A talk's charts as one self-contained HTML file: opened from a USB stick on a machine with
no internet, every chart draws and stays interactive (Plotly's script inlined once, the Africa
base map preloaded so a map fetches nothing, the Arabic font embedded), each with its sources,
in the language's direction."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from metrics import i18n, maps
from metrics.errors import MetricsError
from metrics.formatting import source_facts, source_licence
from metrics.models import Source
from metrics.slides import Slide

FONTS = {400: "NotoSansArabic-Regular.woff2", 700: "NotoSansArabic-Bold.woff2"}

_STYLE = """
body { font-family: NotoSansArabic, "Source Sans Pro", "Segoe UI", Arial, sans-serif;
       margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #262730; }
h1 { font-size: 2.2rem; } h2 { font-size: 1.5rem; margin-top: 3rem; }
.sentence { font-size: 1.1rem; } .sources { font-size: .9rem; color: #555; }
section { break-inside: avoid; page-break-after: always; }
@page { size: A4; margin: 12mm; }
section:last-of-type { page-break-after: auto; }
@media print { body { margin: 0; padding: 0; max-width: none; } a { color: inherit; }
               .modebar-container { display: none !important; } }
footer { margin-top: 3rem; font-size: .8rem; color: #777; }
"""


def source_line(source: Source, lang: str) -> str:
    """Title (linked where the source has an address), publisher, date, how sure we are and
    the licence, as HTML."""
    date, confidence = source_facts(source, lang)
    title = html.escape(source.title)
    if source.url is not None:
        title = f'<a href="{html.escape(str(source.url))}">{title}</a>'
    line = f"{title} — {html.escape(source.publisher)}, {html.escape(date)}. <em>{confidence}</em>"
    return line + html.escape(source_licence(source, lang))


def _fonts() -> str:
    faces = []
    for weight, name in FONTS.items():
        data = base64.b64encode((maps.STATIC / "fonts" / name).read_bytes()).decode("ascii")
        faces.append(
            f"@font-face {{ font-family: NotoSansArabic; font-weight: {weight}; unicode-range: "
            "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF; "
            f"src: url(data:font/woff2;base64,{data}) format('woff2'); }}"
        )
    return "\n".join(faces)


def html_report(slides: Sequence[Slide], lang: str, title: str, when: dt.date) -> str:
    """The report, as one HTML document."""
    topojson = json.loads(maps.BASE_MAP.read_text(encoding="utf-8"))
    geo = json.dumps({"topojson": {maps.BASE_MAP.stem: topojson}}, separators=(",", ":"))
    sections = []
    for i, slide in enumerate(slides):
        # The app draws on Streamlit's light theme; on its own page, Plotly's white one is closest.
        figure = go.Figure(slide.figure).update_layout(template="plotly_white")
        chart = figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{i + 1}",
            config={"displaylogo": False, "responsive": True},
        )
        sentence = (
            f'<p class="sentence">{html.escape(slide.sentence)}</p>' if slide.sentence else ""
        )
        listed = "".join(f"<li>{source_line(s, lang)}</li>" for s in slide.sources)
        sections.append(
            f"<section><h2>{html.escape(slide.title)}</h2>{sentence}{chart}"
            f'<div class="sources"><strong>{i18n.t("report.sources", lang)}</strong>'
            f"<ul>{listed}</ul></div></section>"
        )
    made = i18n.t("report.made", lang, date=i18n.date(when, lang))
    return (
        f'<!doctype html><html lang="{lang}" dir="{i18n.direction(lang)}"><head>'
        f'<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{html.escape(title)}</title><style>{_fonts()}{_STYLE}</style>"
        # Plotly looks for a map's geometry here before fetching it from its CDN.
        f"<script>window.PlotlyGeoAssets = {geo};</script>"
        f"<script>{get_plotlyjs()}</script></head><body><h1>{html.escape(title)}</h1>"
        f"{''.join(sections)}<footer>{html.escape(made)}</footer></body></html>"
    )


# Printed at this window width, every chart fits an A4 page's width within its margins (Plotly
# lays a chart out once, at the window's width; printing does not redraw it).
PRINT_WIDTH = 680
PRINT_SECONDS = 120


class NoChromium(MetricsError):
    code = "report.no_chromium"

    def __init__(self, written: Path):
        self.params = {"file": str(written)}
        super().__init__(f"no Chromium to print a PDF; wrote {written}")


class PrintFailed(MetricsError):
    code = "report.print_failed"

    def __init__(self, detail: str):
        self.params = {"detail": detail}
        super().__init__(f"Chromium did not print the PDF: {detail}")


def chromium() -> str | None:
    """The system's Chromium (CHROMIUM names another), or None."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    return next(
        (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
    )


def pdf_report(page: str, out: Path) -> None:
    """The report printed to an A4 PDF by the system's Chromium, headless and offline. With
    no Chromium, the HTML is written beside `out` instead, and NoChromium says where."""
    browser = chromium()
    if browser is None:
        written = out.with_suffix(".html")
        written.write_text(page, encoding="utf-8")
        raise NoChromium(written)
    with tempfile.TemporaryDirectory(prefix="athar-report-") as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",  # CI and containers run as root
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--window-size={PRINT_WIDTH},1000",
            "--virtual-time-budget=20000",  # lets every chart draw before printing
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out.resolve()}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PRINT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise PrintFailed(f"no answer in {PRINT_SECONDS} s") from exc
        if not out.exists() or not out.read_bytes().startswith(b"%PDF"):
            last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
            raise PrintFailed(last[0][:200])
