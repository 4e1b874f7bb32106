"""Charts drawn as pictures by kaleido with the system's Chromium, offline (the Africa map is
read from disk): a deck's maps and targets, and each chart alone as PNG (twice its size, for a
projector) or SVG, with its title and sources inside the image."""

from __future__ import annotations

import math
import textwrap
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

from metrics import i18n, maps
from metrics.errors import MetricsError
from metrics.formatting import source_text
from metrics.slides import Slide

Format = Literal["png", "svg"]
SIZE = (1200, 675)  # 16:9, in CSS pixels: a PNG is drawn at twice that
SCALE = 2
LINE = 18  # pixels per line of the sources under the chart
CHAR = 7  # pixels a character takes, on average, in 12- to 14-pixel text
AXIS = 60  # pixels under the plot for the category axis' labels
MIME = {"png": "image/png", "svg": "image/svg+xml"}

# kaleido keeps one browser per process: a deck and a picture asked for at once take turns.
_turn = threading.Lock()


class NoChromium(MetricsError):
    code = "picture.no_chromium"

    def __init__(self) -> None:
        self.params = {}
        super().__init__("no Chromium to draw the picture")


@contextmanager
def drawing(browser: str | None) -> Iterator[bool]:
    """kaleido's browser, started once for a run of pictures; False when there is no Chromium."""
    if browser is None:
        yield False
        return
    import kaleido  # only when a picture is drawn: it starts a browser

    with _turn:
        pio.defaults.topojson = maps.BASE_MAP.parent.as_uri() + "/"  # the map from disk
        kaleido.start_sync_server(mathjax=False, path=browser, silence_warnings=True)
        try:
            yield True
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def render(figure: go.Figure, fmt: Format, width: int, height: int, scale: int = SCALE) -> bytes:
    """The figure on Plotly's white template (the app's light theme, off the page): call it
    inside `drawing`."""
    with warnings.catch_warnings():  # "kopts ... ignored": the options went to the server
        warnings.simplefilter("ignore", UserWarning)
        return (
            go.Figure(figure)
            .update_layout(template="plotly_white")
            .to_image(format=fmt, width=width, height=height, scale=scale)
        )


def _legend_rows(figure: go.Figure, width: int) -> int:
    """How many rows the horizontal legend takes at this width (0 when it is hidden)."""
    named = [t for t in figure.data if t.showlegend is not False and t.name]
    shown = figure.layout.showlegend
    if shown is False or (shown is None and len(named) < 2):
        return 0
    entries = sum(40 + CHAR * len(str(t.name)) for t in named)
    return math.ceil(entries / width)


def with_sources(made: Slide, lang: str, width: int, height: int) -> tuple[go.Figure, int]:
    """The slide's figure with its sources written under it, and the taller height that holds
    them: a picture passed on alone still says where its numbers come from.

    The room under the plot is given outright (axis labels, then the legend, then the
    sources), so nothing Plotly would otherwise push around can overlap."""
    rtl = i18n.direction(lang) == "rtl"
    per_line = width // CHAR
    lines = [i18n.t("report.sources", lang)] + [
        wrapped
        for s in made.sources
        for wrapped in textwrap.wrap(source_text(s, lang), per_line, break_on_hyphens=False)
    ]
    figure = go.Figure(made.figure)
    axis = AXIS if figure.layout.xaxis.visible is not False and made.drawn != "shares" else 0
    legend = LINE * 1.5 * _legend_rows(figure, width)
    room = LINE * len(lines) + 2 * LINE
    top = figure.layout.margin.t if figure.layout.margin.t is not None else 80
    tall = height + int(legend) + room
    plot = tall - top - (axis + legend + room)
    figure.update_layout(
        height=tall,
        margin={"t": top, "b": axis + legend + room},
        legend={"y": -axis / plot, "yanchor": "top", "yref": "paper"},
    )
    figure.add_annotation(
        text="<br>".join(i18n.embed(line, lang) for line in lines),
        xref="paper",
        yref="paper",
        x=1 if rtl else 0,
        y=-(axis + legend + LINE) / plot,
        xanchor="right" if rtl else "left",
        yanchor="top",
        align="right" if rtl else "left",
        showarrow=False,
        font={"size": 12, "color": "#555"},
    )
    return figure, tall


def chart_image(made: Slide, lang: str, fmt: Format, browser: str | None) -> bytes:
    """One chart alone, its title and sources inside; NoChromium without a browser."""
    width, height = SIZE
    figure, tall = with_sources(made, lang, width, made.figure.layout.height or height)
    with drawing(browser) as drawn:
        if not drawn:
            raise NoChromium()
        return render(figure, fmt, width, tall, SCALE if fmt == "png" else 1)
